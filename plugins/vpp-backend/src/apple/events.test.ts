import { ManualClock, flushMicrotasks } from './clock';
import { summarizeEventResult, waitForEvent } from './events';
import type { StatusResponse } from './types';

const request = {
  assets: [
    { adamId: '1', pricingParam: 'STDQ' },
    { adamId: '2', pricingParam: 'STDQ' },
  ],
  clientUserIds: ['client-1', 'client-2', 'client-3', 'client-4'],
  serialNumbers: ['S1', 'S2', 'S3', 'S4'],
};

/** Runs `promise` while advancing the manual clock until it settles. */
async function drive<T>(
  clock: ManualClock,
  promise: Promise<T>,
  stepMs = 1000,
): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 100_000 && !settled; i++) {
    await clock.advance(stepMs);
  }
  await flushMicrotasks();
  return promise;
}

describe('summarizeEventResult', () => {
  it('COMPLETE: everyone succeeded', () => {
    const s = summarizeEventResult(request, {
      eventStatus: 'COMPLETE',
      numRequested: 16,
      numCompleted: 16,
    });
    expect(s.succeeded.serialNumbers).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(s.succeeded.clientUserIds).toHaveLength(4);
    expect(s.failed).toEqual([]);
  });

  it("Apple's example: FAILED 14/16 with 9609 for client-4 — everyone else succeeded", () => {
    const s = summarizeEventResult(request, {
      eventStatus: 'FAILED',
      numRequested: 16,
      numCompleted: 14,
      failures: [
        {
          errorNumber: 9609,
          errorMessage: 'Registered user not found',
          errorInfo: { clientUserIds: ['client-4'] },
        },
      ],
    });
    expect(s.failed).toEqual([
      {
        identifier: 'client-4',
        identifierType: 'clientUserId',
        errorNumber: 9609,
        errorMessage: 'Registered user not found',
        assets: request.assets,
      },
    ]);
    expect(s.succeeded.clientUserIds).toEqual([
      'client-1',
      'client-2',
      'client-3',
    ]);
    expect(s.succeeded.serialNumbers).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(s.unknown.serialNumbers).toEqual([]);
  });

  it('9709 naming serials and an asset', () => {
    const s = summarizeEventResult(request, {
      eventStatus: 'FAILED',
      numRequested: 16,
      numCompleted: 14,
      failures: [
        {
          errorNumber: 9709,
          errorInfo: {
            assets: [{ adamId: '2', pricingParam: 'STDQ' }],
            serialNumbers: ['S3', 'S4'],
          },
        },
      ],
    });
    expect(
      s.failed.map(f => [
        f.identifier,
        f.errorNumber,
        f.assets.map(a => a.adamId),
      ]),
    ).toEqual([
      ['S3', 9709, ['2']],
      ['S4', 9709, ['2']],
    ]);
    expect(s.succeeded.serialNumbers).toEqual(['S1', 'S2']);
  });

  it('a failure naming only an asset applies to everyone for that asset', () => {
    const s = summarizeEventResult(
      { assets: request.assets, serialNumbers: ['S1', 'S2'] },
      {
        eventStatus: 'FAILED',
        numRequested: 4,
        numCompleted: 2,
        failures: [
          {
            errorNumber: 9709,
            errorInfo: { assets: [{ adamId: '1', pricingParam: 'STDQ' }] },
          },
        ],
      },
    );
    expect(s.failed.map(f => f.identifier)).toEqual(['S1', 'S2']);
    expect(s.succeeded.serialNumbers).toEqual([]);
  });

  it('an unattributed failure with unexplained missing tasks leaves the rest unknown', () => {
    const s = summarizeEventResult(request, {
      eventStatus: 'FAILED',
      numRequested: 16,
      numCompleted: 10,
      failures: [{ errorNumber: 9603 }],
    });
    expect(s.failed).toEqual([]);
    expect(s.unknown.serialNumbers).toHaveLength(4);
    expect(s.unknown.clientUserIds).toHaveLength(4);
  });

  it('FAILED with nothing completed and no errorInfo: everyone failed', () => {
    const s = summarizeEventResult(
      { serialNumbers: ['S1', 'S2'] },
      {
        eventStatus: 'FAILED',
        numRequested: 2,
        numCompleted: 0,
        failures: [{ errorNumber: 9603, errorMessage: 'Internal error' }],
      },
    );
    expect(s.failed.map(f => [f.identifier, f.errorNumber])).toEqual([
      ['S1', 9603],
      ['S2', 9603],
    ]);
  });

  it('PENDING: results are unknown', () => {
    const s = summarizeEventResult(request, {
      eventStatus: 'PENDING',
      numRequested: 16,
      numCompleted: 8,
    });
    expect(s.unknown.serialNumbers).toHaveLength(4);
    expect(s.succeeded.serialNumbers).toEqual([]);
  });

  it('user events attribute to clientUserIds', () => {
    const s = summarizeEventResult(
      { users: [{ clientUserId: 'a' }, { clientUserId: 'b' }] },
      {
        eventStatus: 'FAILED',
        numRequested: 2,
        numCompleted: 1,
        failures: [{ errorNumber: 9716, errorInfo: { clientUserIds: ['b'] } }],
      },
    );
    expect(s.succeeded.clientUserIds).toEqual(['a']);
    expect(s.failed[0]).toMatchObject({ identifier: 'b', errorNumber: 9716 });
  });
});

describe('waitForEvent', () => {
  it('polls no more often than the interval until the event is final', async () => {
    const clock = new ManualClock(0);
    const polls: number[] = [];
    const statuses: StatusResponse[] = [
      { eventStatus: 'PENDING', numRequested: 16, numCompleted: 0 },
      { eventStatus: 'PENDING', numRequested: 16, numCompleted: 8 },
      { eventStatus: 'COMPLETE', numRequested: 16, numCompleted: 16 },
    ];
    const outcome = await drive(
      clock,
      waitForEvent(
        async () => {
          polls.push(clock.now());
          return statuses[Math.min(polls.length - 1, statuses.length - 1)];
        },
        'e1',
        { clock, request, pollIntervalMs: 30_000, firstPollDelayMs: 2_000 },
      ),
    );
    expect(polls).toEqual([2_000, 32_000, 62_000]);
    expect(outcome).toMatchObject({
      eventId: 'e1',
      final: true,
      timedOut: false,
      polls: 3,
      eventStatus: 'COMPLETE',
    });
    expect(outcome.succeeded.serialNumbers).toHaveLength(4);
  });

  it('calls resubmit() once PENDING exceeds resubmitAfterMs', async () => {
    const clock = new ManualClock(0);
    const polled: Array<[string, number]> = [];
    const resubmit = jest.fn(async () => 'e2');
    const outcome = await drive(
      clock,
      waitForEvent(
        async id => {
          polled.push([id, clock.now()]);
          if (id === 'e2' && polled.filter(p => p[0] === 'e2').length >= 2) {
            return {
              eventStatus: 'COMPLETE',
              numRequested: 8,
              numCompleted: 8,
            };
          }
          return { eventStatus: 'PENDING', numRequested: 8, numCompleted: 0 };
        },
        'e1',
        {
          clock,
          request: {
            assets: request.assets,
            serialNumbers: request.serialNumbers,
          },
          pollIntervalMs: 30_000,
          firstPollDelayMs: 1_000,
          resubmitAfterMs: 600_000,
          resubmit,
        },
      ),
      5_000,
    );
    expect(resubmit).toHaveBeenCalledTimes(1);
    const firstE2 = polled.find(p => p[0] === 'e2')!;
    // The re-send happened at the first poll at or after 10 minutes.
    const lastE1 = [...polled].reverse().find(p => p[0] === 'e1')!;
    expect(lastE1[1]).toBeGreaterThanOrEqual(600_000);
    expect(lastE1[1]).toBeLessThan(600_000 + 30_000);
    expect(firstE2[1]).toBeGreaterThan(lastE1[1]);
    expect(outcome).toMatchObject({
      eventId: 'e2',
      eventIds: ['e1', 'e2'],
      resubmits: 1,
      final: true,
    });
    // Polls of the same event were never closer than the interval.
    const e1Times = polled.filter(p => p[0] === 'e1').map(p => p[1]);
    for (let i = 1; i < e1Times.length; i++) {
      expect(e1Times[i] - e1Times[i - 1]).toBeGreaterThanOrEqual(30_000);
    }
  });

  it('gives up after maxWaitMs with timedOut and unknown results', async () => {
    const clock = new ManualClock(0);
    const outcome = await drive(
      clock,
      waitForEvent(
        async () => ({
          eventStatus: 'PENDING',
          numRequested: 2,
          numCompleted: 1,
        }),
        'e',
        {
          clock,
          request: { assets: request.assets, serialNumbers: ['S1'] },
          pollIntervalMs: 10_000,
          maxWaitMs: 60_000,
        },
      ),
      5_000,
    );
    expect(outcome.timedOut).toBe(true);
    expect(outcome.final).toBe(false);
    expect(outcome.unknown.serialNumbers).toEqual(['S1']);
  });

  it('stops when the signal aborts', async () => {
    const clock = new ManualClock(0);
    const controller = new AbortController();
    const promise = waitForEvent(
      async () => ({ eventStatus: 'PENDING' }),
      'e',
      {
        clock,
        pollIntervalMs: 10_000,
        signal: controller.signal,
      },
    );
    await clock.advance(20_000);
    controller.abort(new Error('user cancelled'));
    await expect(promise).rejects.toThrow('user cancelled');
  });

  it('propagates polling errors', async () => {
    const clock = new ManualClock(0);
    const promise = drive(
      clock,
      waitForEvent(
        async () => {
          throw new Error('status failed');
        },
        'e',
        { clock },
      ),
    );
    await expect(promise).rejects.toThrow('status failed');
  });
});
