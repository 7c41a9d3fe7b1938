import { explainAppleError } from '../apple/errorCatalogue';
import { AppleVppError, isAppleVppError } from '../apple/errors';
import { isAppleHoldError } from '../apple/requestHolds';
import { AppleTokenState } from '../database/TokenStore';

/**
 * A sentence about an Apple failure, with Apple's number when there is one, and, when Apple
 * asked us to wait, until when (nothing is sent to Apple before then).
 */
export function describeAppleFailure(error: unknown): string {
  if (isAppleVppError(error)) {
    const explained =
      error.errorNumber !== undefined
        ? `${
            explainAppleError(error.errorNumber, 'en', error.errorMessage).text
          } (Apple error ${error.errorNumber})`
        : error.message;
    if (isAppleHoldError(error)) {
      return `${explained} Apple asked for no requests ${
        error.holdScope === 'service'
          ? 'to its service'
          : 'for this content token'
      } before ${formatInstant(error.retryAt)}; nothing is sent before then.`;
    }
    return explained;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The token state an Apple failure proves (R-TOK-5), or undefined when the failure says
 * nothing about the token itself (network, rate limit, bad request, and 9637 — a permission
 * of the Apple account, which leaves the token usable for everything else).
 */
export function tokenStateFromAppleError(
  error: unknown,
): Exclude<AppleTokenState, 'ok' | 'claimed-elsewhere'> | undefined {
  if (!isAppleVppError(error)) {
    return undefined;
  }
  const kinds: Partial<
    Record<
      AppleVppError['kind'],
      Exclude<AppleTokenState, 'ok' | 'claimed-elsewhere'>
    >
  > = {
    'token-expired': 'expired',
    'token-revoked': 'revoked',
    'token-invalid': 'invalid',
  };
  return kinds[error.kind];
}

function formatInstant(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
