import type {
  EventOutcome,
  EventRequest,
  IdentifierFailure,
  WaitForEventOptions,
} from './events';
import type { EventResponse } from './types';

/** One request of a batch and the event Apple created for it. */
export interface BatchSubmission<R> {
  request: R;
  eventId: string;
  response: EventResponse;
}

/**
 * Some requests of a batch were submitted before one failed. `submitted` have events at Apple
 * (wait for them); `remaining` (starting with the one that failed) were not sent.
 */
export class PartialBatchSubmissionError<R> extends Error {
  override name = 'PartialBatchSubmissionError';
  constructor(
    readonly submitted: BatchSubmission<R>[],
    readonly remaining: R[],
    cause: unknown,
  ) {
    super(
      `${submitted.length} of ${
        submitted.length + remaining.length
      } requests were submitted before one failed: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      { cause },
    );
  }
}

/** Results of several events (one per batch), merged per serial number / user. */
export interface MergedEventOutcome {
  outcomes: EventOutcome[];
  /** Every event reached COMPLETE or FAILED. */
  final: boolean;
  succeeded: { serialNumbers: string[]; clientUserIds: string[] };
  /** An identifier that failed in any batch is listed here (with all its failures). */
  failed: IdentifierFailure[];
  unknown: { serialNumbers: string[]; clientUserIds: string[] };
}

/**
 * Merges per-identifier results of several events. An identifier can be in several batches (one
 * per asset chunk): failed anywhere → failed; otherwise unknown anywhere → unknown; else succeeded.
 */
export function mergeEventOutcomes(
  outcomes: EventOutcome[],
): MergedEventOutcome {
  const failed: IdentifierFailure[] = [];
  const failedKeys = new Set<string>();
  const unknown = {
    serialNumbers: new Set<string>(),
    clientUserIds: new Set<string>(),
  };
  const succeeded = {
    serialNumbers: new Set<string>(),
    clientUserIds: new Set<string>(),
  };
  const key = (type: string, id: string) => `${type}\u0000${id}`;

  for (const outcome of outcomes) {
    for (const failure of outcome.failed) {
      failed.push(failure);
      failedKeys.add(key(failure.identifierType, failure.identifier));
    }
  }
  for (const outcome of outcomes) {
    for (const id of outcome.unknown.serialNumbers) {
      if (!failedKeys.has(key('serialNumber', id)))
        unknown.serialNumbers.add(id);
    }
    for (const id of outcome.unknown.clientUserIds) {
      if (!failedKeys.has(key('clientUserId', id)))
        unknown.clientUserIds.add(id);
    }
  }
  for (const outcome of outcomes) {
    for (const id of outcome.succeeded.serialNumbers) {
      if (
        !failedKeys.has(key('serialNumber', id)) &&
        !unknown.serialNumbers.has(id)
      ) {
        succeeded.serialNumbers.add(id);
      }
    }
    for (const id of outcome.succeeded.clientUserIds) {
      if (
        !failedKeys.has(key('clientUserId', id)) &&
        !unknown.clientUserIds.has(id)
      ) {
        succeeded.clientUserIds.add(id);
      }
    }
  }
  return {
    outcomes,
    final: outcomes.every(o => o.final),
    succeeded: {
      serialNumbers: [...succeeded.serialNumbers],
      clientUserIds: [...succeeded.clientUserIds],
    },
    failed,
    unknown: {
      serialNumbers: [...unknown.serialNumbers],
      clientUserIds: [...unknown.clientUserIds],
    },
  };
}

/**
 * Sends `requests` one after the other. If one fails after others were submitted, a
 * {@link PartialBatchSubmissionError} tells which were (and which were not).
 */
export async function submitBatches<R>(
  requests: R[],
  send: (request: R) => Promise<EventResponse>,
): Promise<BatchSubmission<R>[]> {
  const submitted: BatchSubmission<R>[] = [];
  for (const [index, request] of requests.entries()) {
    try {
      const response = await send(request);
      submitted.push({ request, eventId: response.eventId, response });
    } catch (error) {
      if (submitted.length === 0) {
        throw error;
      }
      throw new PartialBatchSubmissionError(
        submitted,
        requests.slice(index),
        error,
      );
    }
  }
  return submitted;
}

/** How to wait for the events of submitted batches (each batch's request and re-sending are set). */
export type BatchWaitOptions = Omit<
  WaitForEventOptions,
  'request' | 'resubmit'
>;

/**
 * Waits for the events of all `submissions`, each re-sent with `resend` if it stays PENDING too
 * long, then merges the per-serial/per-user results.
 */
export async function waitForSubmissions<R extends EventRequest>(
  submissions: BatchSubmission<R>[],
  waitForEvent: (
    eventId: string,
    options: WaitForEventOptions,
  ) => Promise<EventOutcome>,
  resend: (request: R) => Promise<EventResponse>,
  options: BatchWaitOptions,
): Promise<MergedEventOutcome> {
  const outcomes = await Promise.all(
    submissions.map(submission =>
      waitForEvent(submission.eventId, {
        ...options,
        request: submission.request,
        resubmit: () => resend(submission.request),
      }),
    ),
  );
  return mergeEventOutcomes(outcomes);
}
