import { mockServices } from '@backstage/backend-test-utils';
import yaml from 'yaml';
import {
  FakeVppBackend,
  makeToken,
  startFakeVppBackend,
} from '../__testUtils__/fakeVppBackend';
import {
  actionContext,
  EXPECTED_AUTHORIZATION,
} from '../__testUtils__/actionContext';
import { EXAMPLE_TOKEN_FILE } from './exampleTokenFiles';
import { createVppTokenRegisterAction } from './vppTokenRegister';
import { examples } from './vppTokenRegister.examples';

describe('vpp:token:register examples', () => {
  let backend: FakeVppBackend;
  const registered = makeToken();

  beforeEach(async () => {
    backend = await startFakeVppBackend(() => ({
      status: 201,
      body: registered,
    }));
  });

  afterEach(() => backend.close());

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const action = createVppTokenRegisterAction({
        auth: mockServices.auth(),
        discovery: backend.discovery,
      });
      const { steps } = yaml.parse(example);
      expect(steps).toHaveLength(1);
      expect(steps[0].action).toBe(action.id);

      const { ctx, outputs } = actionContext(steps[0].input);
      await action.handler(ctx);

      expect(backend.requests).toHaveLength(1);
      expect(backend.requests[0]).toMatchObject({
        method: 'POST',
        path: '/tokens',
        body: expect.objectContaining({
          tokenFile: EXAMPLE_TOKEN_FILE,
          owner: steps[0].input.owner,
        }),
      });
      expect(backend.requests[0].headers.authorization).toBe(
        EXPECTED_AUTHORIZATION,
      );
      expect(outputs()).toEqual({
        tokenId: registered.id,
        entityRef: `resource:default/vpp-token-${registered.id}`,
        locationName: registered.locationName,
        expiresAt: registered.expiresAt,
      });
    },
  );
});
