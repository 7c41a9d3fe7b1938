import {
  FakeVppBackend,
  makeToken,
  startFakeVppBackend,
} from '../__testUtils__/fakeVppBackend';
import { actionOptions } from '../__testUtils__/actionContext';
import { runExample } from '../__testUtils__/runExample';
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
      const action = createVppTokenRegisterAction(actionOptions(backend));
      const { input, outputs } = await runExample(action, example, backend);

      expect(backend.requests).toHaveLength(1);
      expect(backend.requests[0]).toMatchObject({
        method: 'POST',
        path: '/tokens',
        body: expect.objectContaining({
          tokenFile: EXAMPLE_TOKEN_FILE,
          owner: input.owner,
        }),
      });
      expect(outputs).toEqual({
        tokenId: registered.id,
        entityRef: `resource:default/vpp-token-${registered.id}`,
        locationName: registered.locationName,
        expiresAt: registered.expiresAt,
      });
    },
  );
});
