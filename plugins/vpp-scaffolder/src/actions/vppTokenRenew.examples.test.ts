import {
  FakeVppBackend,
  makeToken,
  requestLines,
  startFakeVppBackend,
} from '../__testUtils__/fakeVppBackend';
import { actionOptions } from '../__testUtils__/actionContext';
import { runExample } from '../__testUtils__/runExample';
import { EXAMPLE_RENEWAL_FILE } from './exampleTokenFiles';
import { createVppTokenRenewAction } from './vppTokenRenew';
import { examples } from './vppTokenRenew.examples';

describe('vpp:token:renew examples', () => {
  let backend: FakeVppBackend;
  const id = '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11';
  const before = makeToken({ id, expiresAt: '2027-03-31T00:00:00.000Z' });
  const after = makeToken({ id, expiresAt: '2028-03-31T00:00:00.000Z' });

  beforeEach(async () => {
    backend = await startFakeVppBackend(req =>
      req.method === 'GET'
        ? { status: 200, body: before }
        : { status: 200, body: after },
    );
  });

  afterEach(() => backend.close());

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const action = createVppTokenRenewAction(actionOptions(backend));
      const { outputs } = await runExample(action, example, backend);

      expect(requestLines(backend)).toEqual([
        `GET /tokens/${id}`,
        `POST /tokens/${id}/renew`,
      ]);
      expect(backend.requests[1].body).toEqual(
        expect.objectContaining({ tokenFile: EXAMPLE_RENEWAL_FILE }),
      );
      expect(outputs).toEqual({
        tokenId: id,
        entityRef: `resource:default/vpp-token-${id}`,
        locationName: after.locationName,
        expiresAt: '2028-03-31T00:00:00.000Z',
        previousExpiresAt: '2027-03-31T00:00:00.000Z',
      });
    },
  );
});
