import {
  PartialBatchSubmissionError,
  mergeEventOutcomes,
} from './batchSubmission';
import type { EventOutcome } from './events';

function outcome(partial: Partial<EventOutcome>): EventOutcome {
  return {
    eventId: 'e',
    eventIds: ['e'],
    status: { eventStatus: 'COMPLETE' },
    eventStatus: 'COMPLETE',
    final: true,
    timedOut: false,
    resubmits: 0,
    polls: 1,
    failures: [],
    succeeded: { serialNumbers: [], clientUserIds: [] },
    failed: [],
    unknown: { serialNumbers: [], clientUserIds: [] },
    ...partial,
  };
}

describe('mergeEventOutcomes', () => {
  it('failed anywhere wins over unknown, which wins over succeeded', () => {
    const merged = mergeEventOutcomes([
      outcome({
        succeeded: { serialNumbers: ['A', 'B', 'C'], clientUserIds: ['u1'] },
      }),
      outcome({
        final: false,
        succeeded: { serialNumbers: ['A'], clientUserIds: [] },
        failed: [
          {
            identifier: 'B',
            identifierType: 'serialNumber',
            errorNumber: 9709,
            assets: [],
          },
        ],
        unknown: { serialNumbers: ['C'], clientUserIds: [] },
      }),
    ]);
    expect(merged.final).toBe(false);
    expect(merged.succeeded).toEqual({
      serialNumbers: ['A'],
      clientUserIds: ['u1'],
    });
    expect(merged.failed.map(f => f.identifier)).toEqual(['B']);
    expect(merged.unknown.serialNumbers).toEqual(['C']);
  });
});

describe('PartialBatchSubmissionError', () => {
  it('tells what was submitted and what was not', () => {
    const error = new PartialBatchSubmissionError(
      [{ request: 1, eventId: 'e1', response: { eventId: 'e1' } }],
      [2, 3],
      new Error('boom'),
    );
    expect(error.message).toBe(
      '1 of 3 requests were submitted before one failed: boom',
    );
    expect(error.remaining).toEqual([2, 3]);
  });
});
