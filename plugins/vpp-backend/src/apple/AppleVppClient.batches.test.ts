import type { ServerResponse } from 'node:http';
import {
  common,
  fakeApple,
  serviceConfig,
  useFakeAppleTest,
} from './clientTestUtils';
import { RecordedRequest, sendJson } from './testUtils';

const env = useFakeAppleTest();
const { client, appleRequests } = env;

describe('AppleVppClient paging, batches and events', () => {
  function pagedAssignments(
    totalPages: number,
    perPage: number,
    versionId = 'v-42',
  ) {
    return (q: RecordedRequest, r: ServerResponse) => {
      const pageIndex = Number(q.query.get('pageIndex') ?? 0);
      if (pageIndex >= totalPages) {
        return sendJson(r, 400, {
          errorNumber: 9650,
          errorMessage: 'Page index out of range',
        });
      }
      return sendJson(r, 200, {
        ...common,
        assignments: Array.from({ length: perPage }, (_, i) => ({
          adamId: '1',
          pricingParam: 'STDQ',
          serialNumber: `S${pageIndex * perPage + i}`,
        })),
        currentPageIndex: pageIndex,
        ...(pageIndex + 1 < totalPages ? { nextPageIndex: pageIndex + 1 } : {}),
        size: perPage,
        totalPages,
        versionId,
      });
    };
  }

  it('iterates all assignment pages in order and exposes the first versionId', async () => {
    env.server.setHandler(
      fakeApple({ 'GET /assignments': pagedAssignments(12, 50) }),
    );
    const iterator = client().iterateAssignments({ sinceVersionId: 'v-1' });
    const serials: string[] = [];
    for await (const page of iterator) {
      serials.push(...page.assignments.map(a => a.serialNumber!));
    }
    expect(serials).toEqual(Array.from({ length: 600 }, (_, i) => `S${i}`));
    expect(iterator.versionId).toBe('v-42');
    expect(iterator.maxInFlight).toBeLessThanOrEqual(5);
    expect(
      appleRequests().every(r => r.query.get('sinceVersionId') === 'v-1'),
    ).toBe(true);
  });

  it('submits batches within the limits and waits for every event', async () => {
    let eventNumber = 0;
    const bodies = new Map<string, { serialNumbers?: string[] }>();
    env.server.setHandler(
      fakeApple(
        {
          'POST /assets/associate': (q, r) => {
            const eventId = `e${eventNumber++}`;
            bodies.set(eventId, q.json as { serialNumbers?: string[] });
            sendJson(r, 200, { eventId });
          },
          'GET /status': (q, r) => {
            const eventId = q.query.get('eventId')!;
            const serials = bodies.get(eventId)?.serialNumbers ?? [];
            const failing = serials.filter(s => s === 'S1500');
            sendJson(r, 200, {
              eventStatus: failing.length ? 'FAILED' : 'COMPLETE',
              numRequested: serials.length,
              numCompleted: serials.length - failing.length,
              failures: failing.length
                ? [{ errorNumber: 9709, errorInfo: { serialNumbers: failing } }]
                : [],
            });
          },
        },
        {
          ...serviceConfig(),
          limits: {
            ...serviceConfig().limits,
            maxSerialNumbers: 1000,
            maxAssets: 25,
          },
        },
      ),
    );
    const result = await client().associateAssetsAndWait(
      {
        assets: [{ adamId: '1' }],
        serialNumbers: Array.from({ length: 2500 }, (_, i) => `S${i}`),
      },
      { pollIntervalMs: 10, firstPollDelayMs: 0 },
    );
    const posts = appleRequests().filter(r => r.method === 'POST');
    expect(
      posts.map(
        p => (p.json as { serialNumbers: string[] }).serialNumbers.length,
      ),
    ).toEqual([1000, 1000, 500]);
    expect(result.final).toBe(true);
    expect(result.failed).toEqual([
      expect.objectContaining({ identifier: 'S1500', errorNumber: 9709 }),
    ]);
    expect(result.succeeded.serialNumbers).toHaveLength(2499);
  });
});
