import { setTimeout as delay } from 'node:timers/promises';
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';

/**
 * What the actions that wait for the vpp backend (`vpp:token:sync`, `vpp:apps:install`)
 * share: their clock, the check of `timeoutMinutes`, and which failed reads are tried
 * again.
 */

/** Time as the waiting actions see it; tests replace it to run long waits instantly. @public */
export interface SyncClock {
  now(): number;
  /** Resolves after `ms`, rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: SyncClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

/** Reads that may fail in a row (backend restart, network blip) before giving up. */
const MAX_FAILED_READS = 3;

/** Refuses a `timeoutMinutes` input that is not above 0. */
export function checkTimeoutMinutes(timeoutMinutes: number): void {
  if (!(timeoutMinutes > 0)) {
    throw new InputError(
      `timeoutMinutes must be a number of minutes above 0, not ${timeoutMinutes}.`,
    );
  }
}

/** `1 minute`, `30 minutes`. */
export function minutes(n: number): string {
  return `${n} minute${n === 1 ? '' : 's'}`;
}

/** Errors that another read will not cure. */
function isPermanent(error: unknown): boolean {
  return (
    isError(error) &&
    [
      'InputError',
      'AuthenticationError',
      'NotAllowedError',
      'NotFoundError',
      'ConflictError',
    ].includes(error.name)
  );
}

/**
 * Wraps the read a wait loop repeats. A failure another read may cure is logged as
 * "Could not read <what> (…); trying again." and answered with `undefined`, up to
 * {@link MAX_FAILED_READS} in a row; a refusal, or one failure more, is thrown.
 */
export function retryingRead<T>(
  read: () => Promise<T>,
  what: string,
  logger: LoggerService,
): () => Promise<T | undefined> {
  let failedReads = 0;
  return async () => {
    try {
      const value = await read();
      failedReads = 0;
      return value;
    } catch (error) {
      failedReads += 1;
      if (isPermanent(error) || failedReads > MAX_FAILED_READS) {
        throw error;
      }
      logger.warn(
        `Could not read ${what} (${
          isError(error) ? error.message : String(error)
        }); trying again.`,
      );
      return undefined;
    }
  };
}
