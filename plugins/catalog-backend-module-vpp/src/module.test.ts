import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { catalogModuleVppTokenProvider } from './module';
import defaultExport from './index';
import {
  FakeVppBackend,
  makeToken,
  startFakeVppBackend,
} from '@internal/plugin-vpp-common/testUtils';

describe('catalogModuleVppTokenProvider', () => {
  let backend: FakeVppBackend;
  const token = makeToken();

  beforeEach(async () => {
    backend = await startFakeVppBackend(() => ({
      status: 200,
      body: { items: [token] },
    }));
  });

  afterEach(() => backend.close());

  it('is the default export', () => {
    expect(defaultExport).toBe(catalogModuleVppTokenProvider);
  });

  it('adds the token provider, scheduled on the catalog scheduler and driven by events', async () => {
    const providers: EntityProvider[] = [];
    const scheduler = mockServices.scheduler();
    const events = mockServices.events();

    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (
              ...added: Array<EntityProvider | EntityProvider[]>
            ) => {
              providers.push(...added.flat());
            },
          },
        ],
      ],
      features: [
        catalogModuleVppTokenProvider,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        createServiceFactory({
          service: coreServices.discovery,
          deps: {},
          factory: () => backend.discovery,
        }),
        createServiceFactory({
          service: eventsServiceRef,
          deps: {},
          factory: () => events,
        }),
      ],
    });

    expect(providers.map(p => p.getProviderName())).toEqual([
      'vpp-token-provider:default',
    ]);

    const connection: jest.Mocked<EntityProviderConnection> = {
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    };
    await providers[0].connect(connection);

    // The scheduled task lives in the catalog's scheduler under <provider>:refresh.
    expect(await scheduler.getScheduledTasks()).toEqual([
      expect.objectContaining({ id: 'vpp-token-provider:default:refresh' }),
    ]);
    await scheduler.triggerTask('vpp-token-provider:default:refresh');

    expect(backend.requests[0].headers.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:catalog'),
        targetPluginId: 'vpp',
      }),
    );
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [
        expect.objectContaining({
          entity: expect.objectContaining({
            metadata: expect.objectContaining({
              name: `vpp-token-${token.id}`,
            }),
          }),
        }),
      ],
    });

    await events.publish({
      topic: 'vpp.token.changed',
      eventPayload: { tokenId: token.id, change: 'registered' },
    });
    expect(backend.requests).toHaveLength(2);
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
  });
});
