import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  errorBody,
  FakeVppBackend,
  makeToken,
  startFakeVppBackend,
} from '@internal/plugin-vpp-common/testUtils';
import { VppTokenEntityProvider } from './VppTokenEntityProvider';

describe('VppTokenEntityProvider', () => {
  let backend: FakeVppBackend;
  const tokyo = makeToken();
  const osaka = makeToken({
    id: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
    displayName: 'Osaka office',
    owner: 'group:default/osaka-it',
    locationName: 'Osaka',
    status: 'expiring',
    daysLeft: 12,
  });

  beforeEach(async () => {
    backend = await startFakeVppBackend(req =>
      req.method === 'GET' && req.path === '/tokens'
        ? { status: 200, body: { items: [tokyo, osaka] } }
        : { status: 404, body: errorBody(404, 'NotFoundError', 'No route') },
    );
  });

  afterEach(() => backend.close());

  function setup(
    options: {
      withEvents?: boolean;
      config?: object;
      retryDelaysMs?: number[];
    } = {},
  ) {
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    const auth = mockServices.auth({ pluginId: 'catalog' });
    const events = mockServices.events();
    const taskRunner = { run: jest.fn() };
    const connection: jest.Mocked<EntityProviderConnection> = {
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    };
    const provider = VppTokenEntityProvider.fromConfig(
      mockServices.rootConfig({
        data: options.config ?? {
          app: { baseUrl: 'https://backstage.example.com' },
        },
      }),
      {
        logger,
        auth,
        discovery: backend.discovery,
        taskRunner,
        events: options.withEvents === false ? undefined : events,
        retryDelaysMs: options.retryDelaysMs ?? [],
      },
    );
    const runScheduledTask = async () => {
      const task: SchedulerServiceTaskInvocationDefinition =
        taskRunner.run.mock.calls[0][0];
      await task.fn(new AbortController().signal);
    };
    return {
      logger,
      events,
      taskRunner,
      connection,
      provider,
      runScheduledTask,
    };
  }

  it('has a stable name and schedules <name>:refresh on connect', async () => {
    const { provider, taskRunner, connection } = setup();
    expect(provider.getProviderName()).toBe('vpp-token-provider:default');

    await provider.connect(connection);

    expect(taskRunner.run).toHaveBeenCalledTimes(1);
    expect(taskRunner.run).toHaveBeenCalledWith({
      id: 'vpp-token-provider:default:refresh',
      fn: expect.any(Function),
    });
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('reads all tokens with its own service credentials and applies a full mutation', async () => {
    const { provider, connection, runScheduledTask } = setup();
    await provider.connect(connection);

    await runScheduledTask();

    expect(backend.requests).toEqual([
      expect.objectContaining({ method: 'GET', path: '/tokens' }),
    ]);
    expect(backend.requests[0].headers.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:catalog'),
        targetPluginId: 'vpp',
      }),
    );

    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    expect(mutation).toEqual({
      type: 'full',
      entities: [
        {
          locationKey: 'vpp-token-provider:default',
          entity: expect.objectContaining({
            kind: 'Resource',
            metadata: expect.objectContaining({
              name: `vpp-token-${tokyo.id}`,
              labels: { 'vpp.backstage.io/expiry-status': 'ok' },
              links: [
                expect.objectContaining({
                  url: `https://backstage.example.com/vpp/tokens/${tokyo.id}`,
                }),
              ],
            }),
            spec: { type: 'apple-vpp-token', owner: 'group:default/tokyo-it' },
          }),
        },
        {
          locationKey: 'vpp-token-provider:default',
          entity: expect.objectContaining({
            metadata: expect.objectContaining({
              name: `vpp-token-${osaka.id}`,
              labels: { 'vpp.backstage.io/expiry-status': 'expiring' },
            }),
            spec: { type: 'apple-vpp-token', owner: 'group:default/osaka-it' },
          }),
        },
      ],
    });
  });

  it('removes all entities when the backend has no tokens', async () => {
    backend.reply(() => ({ status: 200, body: { items: [] } }));
    const { provider, connection, runScheduledTask } = setup();
    await provider.connect(connection);

    await runScheduledTask();

    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [],
    });
  });

  it('logs a failed read and keeps the catalog as it is', async () => {
    backend.reply(() => ({
      status: 503,
      body: errorBody(503, 'ServiceUnavailableError', 'Database is down'),
    }));
    const { provider, connection, logger, runScheduledTask } = setup();
    await provider.connect(connection);

    await expect(runScheduledTask()).resolves.toBeUndefined();

    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('Could not read content tokens'),
      expect.objectContaining({ name: 'ResponseError', statusCode: 503 }),
    );
  });

  it('retries a failed scheduled read, e.g. while the vpp backend starts', async () => {
    let calls = 0;
    backend.reply(() => {
      calls += 1;
      return calls < 3
        ? {
            status: 503,
            body: errorBody(503, 'ServiceUnavailableError', 'Starting'),
          }
        : { status: 200, body: { items: [tokyo] } };
    });
    const { provider, connection, logger, runScheduledTask } = setup({
      retryDelaysMs: [5, 5, 5],
    });
    await provider.connect(connection);

    await runScheduledTask();

    expect(calls).toBe(3);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /Could not read content tokens.*trying again in 0 s/,
      ),
      expect.objectContaining({ statusCode: 503 }),
    );
    expect(logger.error).not.toHaveBeenCalled();
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  });

  it('gives up after the last retry and logs an error', async () => {
    backend.reply(() => ({
      status: 503,
      body: errorBody(503, 'ServiceUnavailableError', 'Down'),
    }));
    const { provider, connection, logger, runScheduledTask } = setup({
      retryDelaysMs: [5, 5],
    });
    await provider.connect(connection);

    await expect(runScheduledTask()).resolves.toBeUndefined();

    expect(backend.requests).toHaveLength(3);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('stops retrying when the task is aborted', async () => {
    backend.reply(() => ({
      status: 503,
      body: errorBody(503, 'ServiceUnavailableError', 'Down'),
    }));
    const { provider, connection, taskRunner } = setup({
      retryDelaysMs: [60_000],
    });
    await provider.connect(connection);
    const controller = new AbortController();

    const run = taskRunner.run.mock.calls[0][0].fn(controller.signal);
    await waitFor(() => backend.requests.length === 1);
    controller.abort();
    await run;

    expect(backend.requests).toHaveLength(1);
  });

  it('logs a failed mutation instead of throwing', async () => {
    const { provider, connection, logger, runScheduledTask } = setup();
    connection.applyMutation.mockRejectedValue(new Error('catalog is busy'));
    await provider.connect(connection);

    await expect(runScheduledTask()).resolves.toBeUndefined();

    expect(logger.error).toHaveBeenCalledWith(
      expect.any(String),
      expect.objectContaining({ message: 'catalog is busy' }),
    );
  });

  it('refreshes at once when the vpp backend reports a token change', async () => {
    const { provider, connection, events } = setup();
    await provider.connect(connection);
    expect(connection.applyMutation).not.toHaveBeenCalled();

    await events.publish({
      topic: 'vpp.token.changed',
      eventPayload: { tokenId: tokyo.id, change: 'renewed' },
    });

    expect(backend.requests).toHaveLength(1);
    expect(connection.applyMutation).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'full' }),
    );
  });

  it('subscribes with its own subscriber id, to the token topic only', async () => {
    const { provider, connection } = setup({ withEvents: false });
    const events = mockServices.events.mock();
    const withMock = VppTokenEntityProvider.fromConfig(
      mockServices.rootConfig(),
      {
        logger: mockServices.logger.mock(),
        auth: mockServices.auth(),
        discovery: backend.discovery,
        taskRunner: { run: jest.fn() },
        events,
      },
    );
    await withMock.connect(connection);
    expect(events.subscribe).toHaveBeenCalledWith({
      id: 'catalog-vpp-token-provider',
      topics: ['vpp.token.changed'],
      onEvent: expect.any(Function),
    });

    // Without an events service the provider still works on its schedule.
    await expect(provider.connect(connection)).resolves.toBeUndefined();
  });

  it('ignores other topics', async () => {
    const { provider, connection, events } = setup();
    await provider.connect(connection);

    await events.publish({ topic: 'vpp.something.else', eventPayload: {} });

    expect(backend.requests).toHaveLength(0);
  });

  it('logs event-triggered failures instead of throwing', async () => {
    backend.reply(() => ({
      status: 500,
      body: errorBody(500, 'Error', 'boom'),
    }));
    const { provider, connection, events, logger } = setup();
    await provider.connect(connection);

    await expect(
      events.publish({
        topic: 'vpp.token.changed',
        eventPayload: { tokenId: tokyo.id, change: 'deleted' },
      }),
    ).resolves.toBeUndefined();

    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalled();
  });

  it('runs one refresh at a time and picks up changes made during one', async () => {
    let release: () => void = () => {};
    let calls = 0;
    backend.reply(async () => {
      calls += 1;
      if (calls === 1) {
        await new Promise<void>(resolve => {
          release = resolve;
        });
        return { status: 200, body: { items: [tokyo] } };
      }
      return { status: 200, body: { items: [tokyo, osaka] } };
    });
    const { provider, connection, events, runScheduledTask } = setup();
    await provider.connect(connection);

    const scheduled = runScheduledTask();
    await waitFor(() => calls === 1);
    const first = events.publish({
      topic: 'vpp.token.changed',
      eventPayload: { tokenId: osaka.id, change: 'registered' },
    });
    const second = events.publish({
      topic: 'vpp.token.changed',
      eventPayload: { tokenId: osaka.id, change: 'updated' },
    });
    release();
    await Promise.all([scheduled, first, second]);

    // The two events arrived during the first read: they cause exactly one more.
    expect(calls).toBe(2);
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
    expect(
      connection.applyMutation.mock.calls[1][0].type === 'full' &&
        connection.applyMutation.mock.calls[1][0].entities,
    ).toHaveLength(2);
  });

  it('refuses to refresh before it is connected', async () => {
    const { provider } = setup();
    await expect(provider.refresh()).rejects.toThrow(/not connected/);
  });

  it('builds its task runner from catalog.providers.vppTokens.schedule', () => {
    const scheduler = mockServices.scheduler.mock();
    scheduler.createScheduledTaskRunner.mockReturnValue({ run: jest.fn() });
    const common = {
      logger: mockServices.logger.mock(),
      auth: mockServices.auth(),
      discovery: backend.discovery,
      scheduler,
    };

    VppTokenEntityProvider.fromConfig(
      mockServices.rootConfig({
        data: {
          catalog: {
            providers: {
              vppTokens: {
                schedule: {
                  frequency: { minutes: 10 },
                  timeout: { minutes: 2 },
                  initialDelay: { seconds: 15 },
                },
              },
            },
          },
        },
      }),
      common,
    );
    expect(scheduler.createScheduledTaskRunner).toHaveBeenLastCalledWith({
      frequency: { minutes: 10 },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 15 },
      scope: undefined,
    });

    VppTokenEntityProvider.fromConfig(mockServices.rootConfig(), common);
    expect(scheduler.createScheduledTaskRunner).toHaveBeenLastCalledWith({
      frequency: { minutes: 30 },
      timeout: { minutes: 5 },
    });
  });

  it('needs a scheduler or a task runner', () => {
    expect(() =>
      VppTokenEntityProvider.fromConfig(mockServices.rootConfig(), {
        logger: mockServices.logger.mock(),
        auth: mockServices.auth(),
        discovery: backend.discovery,
      }),
    ).toThrow(/scheduler or a taskRunner/);
  });
});

async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  if (!condition()) {
    throw new Error('Condition not met in time');
  }
}
