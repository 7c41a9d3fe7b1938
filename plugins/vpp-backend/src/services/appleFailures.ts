import { explainAppleError } from '../apple/errorCatalogue';
import { AppleVppError, isAppleVppError } from '../apple/errors';
import { AppleTokenState } from '../database/TokenStore';

/** A sentence about an Apple failure, with Apple's number when there is one. */
export function describeAppleFailure(error: unknown): string {
  if (isAppleVppError(error)) {
    return error.errorNumber !== undefined
      ? `${explainAppleError(error.errorNumber).text} (Apple error ${
          error.errorNumber
        })`
      : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The token state an Apple failure proves (R-TOK-5), or undefined when the failure says
 * nothing about the token itself (network, rate limit, bad request …).
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
