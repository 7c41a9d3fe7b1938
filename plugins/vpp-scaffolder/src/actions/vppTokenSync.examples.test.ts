import {
  fakeSyncRoutes,
  FakeVppBackend,
  makeToken,
  requestLines,
  startFakeVppBackend,
  SYNC_TIMES,
} from '../__testUtils__/fakeVppBackend';
import { actionOptions } from '../__testUtils__/actionContext';
import { fakeClock } from '../__testUtils__/fakeClock';
import { runExample } from '../__testUtils__/runExample';
import { createVppTokenSyncAction } from './vppTokenSync';
import { examples } from './vppTokenSync.examples';

describe('vpp:token:sync examples', () => {
  let backend: FakeVppBackend;
  const id = '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11';

  beforeEach(async () => {
    backend = await startFakeVppBackend(
      fakeSyncRoutes({ token: makeToken({ id }), runningPolls: 1 }),
    );
  });

  afterEach(() => backend.close());

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const action = createVppTokenSyncAction({
        ...actionOptions(backend),
        clock: fakeClock(),
      });
      const { input, outputs } = await runExample(action, example, backend);

      const calls = requestLines(backend);
      expect(calls.slice(0, 2)).toEqual([
        `GET /tokens/${id}`,
        `POST /tokens/${id}/sync`,
      ]);
      const waits = input.wait !== false;
      // Without waiting the step ends after the start: no status reads, no counts.
      const reads = waits
        ? [`GET /tokens/${id}/sync`, `GET /tokens/${id}/sync`]
        : [];
      expect(calls.slice(2)).toEqual(reads);
      expect(outputs).toEqual({
        tokenId: id,
        entityRef: `resource:default/vpp-token-${id}`,
        message: expect.stringMatching(/^Sync started for "Tokyo HQ devices"/),
        ...(waits && {
          lastSyncAt: SYNC_TIMES.endedAt,
          assetCount: 42,
          assignmentCount: 117,
        }),
      });
    },
  );
});
