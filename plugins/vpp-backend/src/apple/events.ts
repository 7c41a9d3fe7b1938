import { Clock, systemClock } from './clock';
import type {
  Asset,
  ErrorResponse,
  EventResponse,
  ManageAssetsRequest,
  ManageUsersRequest,
  RevokeAssetsRequest,
  StatusResponse,
} from './types';

/**
 * Waiting for Apple's asynchronous events (associate, disassociate, revoke, user create/update/
 * retire). Apple's rules [handling notifications / events status]:
 * - poll `GET /status?eventId=` no more often than every 30 s while the event is PENDING;
 * - if it is still PENDING after 10 minutes, send the original request again;
 * - FAILED does not mean nothing happened: `numCompleted` tasks may have succeeded, and
 *   `failures[].errorInfo` names who failed.
 */

/** The request an event was created for; used to attribute results to serials/users. */
export type EventRequest =
  | ManageAssetsRequest
  | RevokeAssetsRequest
  | ManageUsersRequest;

export interface WaitForEventOptions {
  /** The request that created the event, to report per serial number / user. */
  request?: EventRequest;
  /** Minimum time between two polls of `/status`. Default 30 s (Apple's rule). */
  pollIntervalMs?: number;
  /** Wait before the first poll. Default: the smaller of 5 s and `pollIntervalMs`. */
  firstPollDelayMs?: number;
  /** How long an event may stay PENDING before `resubmit()` is called. Default 10 min. */
  resubmitAfterMs?: number;
  /** How many times `resubmit()` may be called. Default 2. */
  maxResubmits?: number;
  /** Give up (returning `timedOut: true`) after this long. Default 45 min. */
  maxWaitMs?: number;
  /**
   * Sends the original request again; returns the new event (or its id). Without it, a PENDING
   * event is simply polled until `maxWaitMs`.
   */
  resubmit?: () => Promise<string | Pick<EventResponse, 'eventId'>>;
  /** Called with every status read. */
  onStatus?: (status: StatusResponse, eventId: string) => void;
  signal?: AbortSignal;
  clock?: Clock;
}

export type IdentifierType = 'serialNumber' | 'clientUserId';

export interface IdentifierFailure {
  identifier: string;
  identifierType: IdentifierType;
  /** Undefined when Apple reported FAILED without any error. */
  errorNumber?: number;
  errorMessage?: string;
  /** Assets that failed for this identifier (all assets of the request if Apple did not say). */
  assets: Asset[];
}

export interface EventResultSummary {
  succeeded: { serialNumbers: string[]; clientUserIds: string[] };
  failed: IdentifierFailure[];
  /** Identifiers whose result cannot be derived (still pending, or unattributed failures). */
  unknown: { serialNumbers: string[]; clientUserIds: string[] };
}

export interface EventOutcome extends EventResultSummary {
  /** The event finally waited for (differs from the first one after a resubmit). */
  eventId: string;
  /** Every event id involved, in order. */
  eventIds: string[];
  /** Last status read. */
  status: StatusResponse;
  eventStatus: StatusResponse['eventStatus'];
  /** COMPLETE or FAILED was reached. */
  final: boolean;
  /** `maxWaitMs` passed while the event was still pending. */
  timedOut: boolean;
  resubmits: number;
  polls: number;
  numRequested?: number;
  numCompleted?: number;
  failures: ErrorResponse[];
}

export const EVENT_DEFAULTS = {
  pollIntervalMs: 30_000,
  resubmitAfterMs: 10 * 60_000,
  maxResubmits: 2,
  maxWaitMs: 45 * 60_000,
} as const;

function isFinalStatus(status: string | undefined): boolean {
  return status === 'COMPLETE' || status === 'FAILED';
}

/**
 * Polls an event until it is COMPLETE or FAILED (or `maxWaitMs` passes) and reports the result per
 * serial number / user. Rejects with the signal's reason if `signal` aborts, and with the error of
 * `getStatus` if polling itself fails (after the client's own retries).
 */
export async function waitForEvent(
  getStatus: (eventId: string, signal?: AbortSignal) => Promise<StatusResponse>,
  eventId: string,
  options: WaitForEventOptions = {},
): Promise<EventOutcome> {
  const clock = options.clock ?? systemClock;
  const pollIntervalMs = Math.max(
    0,
    options.pollIntervalMs ?? EVENT_DEFAULTS.pollIntervalMs,
  );
  const firstPollDelayMs = Math.max(
    0,
    options.firstPollDelayMs ?? Math.min(5000, pollIntervalMs),
  );
  const resubmitAfterMs =
    options.resubmitAfterMs ?? EVENT_DEFAULTS.resubmitAfterMs;
  const maxResubmits = options.maxResubmits ?? EVENT_DEFAULTS.maxResubmits;
  const maxWaitMs = options.maxWaitMs ?? EVENT_DEFAULTS.maxWaitMs;
  const signal = options.signal;

  const startedAt = clock.now();
  let currentEventId = eventId;
  const eventIds = [eventId];
  let submittedAt = startedAt;
  let resubmits = 0;
  let polls = 0;

  await clock.sleep(firstPollDelayMs, signal);
  for (;;) {
    const status = await getStatus(currentEventId, signal);
    polls++;
    options.onStatus?.(status, currentEventId);
    const now = clock.now();
    const final = isFinalStatus(status.eventStatus);
    const timedOut = !final && now - startedAt >= maxWaitMs;
    if (final || timedOut) {
      return {
        eventId: currentEventId,
        eventIds,
        status,
        eventStatus: status.eventStatus,
        final,
        timedOut,
        resubmits,
        polls,
        numRequested: status.numRequested,
        numCompleted: status.numCompleted,
        failures: status.failures ?? [],
        ...summarizeEventResult(options.request, status),
      };
    }
    if (
      options.resubmit &&
      resubmits < maxResubmits &&
      now - submittedAt >= resubmitAfterMs
    ) {
      const resubmitted = await options.resubmit();
      currentEventId =
        typeof resubmitted === 'string' ? resubmitted : resubmitted.eventId;
      eventIds.push(currentEventId);
      resubmits++;
      submittedAt = clock.now();
      await clock.sleep(Math.min(firstPollDelayMs, pollIntervalMs), signal);
      continue;
    }
    await clock.sleep(pollIntervalMs, signal);
  }
}

function requestIdentifiers(request: EventRequest | undefined): {
  serialNumbers: string[];
  clientUserIds: string[];
  assets: Asset[];
} {
  if (!request) {
    return { serialNumbers: [], clientUserIds: [], assets: [] };
  }
  if ('users' in request) {
    return {
      serialNumbers: [],
      clientUserIds: unique(request.users.map(u => u.clientUserId)),
      assets: [],
    };
  }
  return {
    serialNumbers: unique(request.serialNumbers ?? []),
    clientUserIds: unique(request.clientUserIds ?? []),
    assets: 'assets' in request ? request.assets ?? [] : [],
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function assetKey(asset: Asset): string {
  return `${asset.adamId}\u0000${asset.pricingParam ?? 'STDQ'}`;
}

/**
 * Derives per-serial / per-user results from a status and the request that produced it:
 * - identifiers named in a failure's `errorInfo` failed (for the assets named there, or all);
 * - a failure that names only assets applies to every identifier, for those assets;
 * - everyone else succeeded — unless a failure names nobody and the counts
 *   (`numRequested − numCompleted`) leave room for more failed tasks than the named ones, in which
 *   case the rest is `unknown` (or failed, when nothing completed at all);
 * - while the event is not final, identifiers not named as failed are `unknown`.
 */
export function summarizeEventResult(
  request: EventRequest | undefined,
  status: StatusResponse,
): EventResultSummary {
  const { serialNumbers, clientUserIds, assets } = requestIdentifiers(request);
  const failuresById = new Map<string, IdentifierFailure>();
  const keyOf = (type: IdentifierType, id: string) => `${type}\u0000${id}`;
  const unattributed: Array<Partial<ErrorResponse>> = [];

  const addFailure = (
    type: IdentifierType,
    id: string,
    failure: Partial<ErrorResponse>,
    failedAssets: Asset[],
  ) => {
    const key = keyOf(type, id);
    const existing = failuresById.get(key);
    if (existing) {
      const known = new Set(existing.assets.map(assetKey));
      for (const asset of failedAssets) {
        if (!known.has(assetKey(asset))) existing.assets.push(asset);
      }
      return;
    }
    failuresById.set(key, {
      identifier: id,
      identifierType: type,
      errorNumber: failure.errorNumber,
      errorMessage: failure.errorMessage,
      assets: [...failedAssets],
    });
  };

  for (const failure of status.failures ?? []) {
    const info = failure.errorInfo;
    const failedAssets = info?.assets?.length ? info.assets : assets;
    const namedSerials = info?.serialNumbers ?? [];
    const namedUsers = info?.clientUserIds ?? [];
    if (namedSerials.length === 0 && namedUsers.length === 0) {
      if (info?.assets?.length) {
        // Only assets named: every identifier failed for those assets.
        for (const id of serialNumbers)
          addFailure('serialNumber', id, failure, failedAssets);
        for (const id of clientUserIds)
          addFailure('clientUserId', id, failure, failedAssets);
      } else {
        unattributed.push(failure);
      }
      continue;
    }
    for (const id of namedSerials)
      addFailure('serialNumber', id, failure, failedAssets);
    for (const id of namedUsers)
      addFailure('clientUserId', id, failure, failedAssets);
  }

  const final = isFinalStatus(status.eventStatus);
  if (status.eventStatus === 'FAILED' && (status.failures ?? []).length === 0) {
    unattributed.push({});
  }

  // Decide what happened to identifiers nobody named.
  let rest: 'succeeded' | 'unknown' | 'failed' = final
    ? 'succeeded'
    : 'unknown';
  if (final && unattributed.length > 0) {
    let attributedTasks = 0;
    for (const failure of failuresById.values()) {
      attributedTasks += assets.length > 0 ? failure.assets.length : 1;
    }
    const { numRequested, numCompleted } = status;
    if (
      numRequested !== undefined &&
      numCompleted !== undefined &&
      numCompleted + attributedTasks >= numRequested
    ) {
      rest = 'succeeded';
    } else if (numCompleted === 0) {
      rest = 'failed';
    } else {
      rest = 'unknown';
    }
  }

  const summary: EventResultSummary = {
    succeeded: { serialNumbers: [], clientUserIds: [] },
    failed: [],
    unknown: { serialNumbers: [], clientUserIds: [] },
  };
  const place = (type: IdentifierType, id: string) => {
    const failure = failuresById.get(keyOf(type, id));
    const bucket = type === 'serialNumber' ? 'serialNumbers' : 'clientUserIds';
    if (failure) {
      summary.failed.push(failure);
      failuresById.delete(keyOf(type, id));
    } else if (rest === 'succeeded') {
      summary.succeeded[bucket].push(id);
    } else if (rest === 'failed') {
      summary.failed.push({
        identifier: id,
        identifierType: type,
        errorNumber: unattributed[0]?.errorNumber,
        errorMessage: unattributed[0]?.errorMessage,
        assets: [...assets],
      });
    } else {
      summary.unknown[bucket].push(id);
    }
  };
  for (const id of serialNumbers) place('serialNumber', id);
  for (const id of clientUserIds) place('clientUserId', id);
  // Failures naming identifiers that were not in the request (or no request given).
  summary.failed.push(...failuresById.values());
  return summary;
}
