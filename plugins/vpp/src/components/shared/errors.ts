import { ResponseError } from '@backstage/errors';

/**
 * The sentence to show a person for a failed call: the backend's own message
 * (`body.error.message` of a Backstage `ResponseError`) verbatim, otherwise the error's
 * message.
 */
export function errorMessage(error: unknown): string {
  const bodyMessage = (error as Partial<ResponseError> | undefined)?.body?.error
    ?.message;
  if (typeof bodyMessage === 'string' && bodyMessage) {
    return bodyMessage;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}

/** The HTTP status of a failed backend call, when it is one. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as Partial<ResponseError> | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * True when the backend refused because another MDM product manages the location
 * (R-TOK-3): HTTP 409 with a "managed by <name>" message. The user may then take over.
 */
export function isManagedElsewhere(error: unknown): boolean {
  return errorStatus(error) === 409 && /managed by/i.test(errorMessage(error));
}
