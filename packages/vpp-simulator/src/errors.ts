/**
 * Apple's Apps and Books v2 error catalogue: number → message and HTTP status.
 *
 * Messages for the numbers in Apple's `GET /service/config` example are copied from that
 * example (so `errorCodes` matches it); the others come from Apple's "Handling error
 * responses" tables. 9622 is a legacy number that Fleet observed for garbage tokens.
 */

export interface ErrorInfo {
  assets?: Array<{ adamId: string; pricingParam: string }>;
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface ErrorResponse {
  errorNumber: number;
  errorMessage: string;
  errorInfo?: ErrorInfo;
}

interface CatalogueEntry {
  message: string;
  /** HTTP status when the error is synchronous; undefined = asynchronous only. */
  status?: number;
  /** Listed in `GET /service/config` → `errorCodes` (Apple's example list). */
  inServiceConfig: boolean;
}

const CATALOGUE: Record<number, CatalogueEntry> = {
  9601: { message: 'Login required.', status: 401, inServiceConfig: true },
  9602: { message: 'Invalid argument.', status: 400, inServiceConfig: true },
  9603: { message: 'Internal error.', status: 500, inServiceConfig: true },
  9609: {
    message: 'Unable to find the registered user.',
    status: 400,
    inServiceConfig: true,
  },
  9621: {
    message:
      "The token has expired. You need to generate a new token online using your organization's account at either school.apple.com or business.apple.com.",
    status: 401,
    inServiceConfig: true,
  },
  9622: {
    message: 'Invalid authentication token.',
    status: 401,
    inServiceConfig: false,
  },
  9625: {
    message: 'The server has revoked the sToken.',
    status: 401,
    inServiceConfig: true,
  },
  9634: { message: 'Service removed.', status: 410, inServiceConfig: true },
  9646: {
    message: 'There are too many recent requests. Try again momentarily.',
    status: 429,
    inServiceConfig: true,
  },
  9650: {
    message:
      'The provided page index must be greater than 0, and less than the total number of pages.',
    status: 400,
    inServiceConfig: true,
  },
  9700: {
    message:
      'Max assets limit on request has been passed, please stay within given limit.',
    status: 400,
    inServiceConfig: true,
  },
  9701: {
    message:
      'Max clientUserIds limit on request has been passed, please stay within given limit.',
    status: 400,
    inServiceConfig: true,
  },
  9702: {
    message:
      'Max serialNumbers limit on request has been passed, please stay within given limit.',
    status: 400,
    inServiceConfig: true,
  },
  9703: {
    message: 'Duplicate assets found in request, please send unique assets.',
    status: 400,
    inServiceConfig: true,
  },
  9704: {
    message:
      'Duplicate clientUserIds found in request, please send unique clients.',
    status: 400,
    inServiceConfig: true,
  },
  9705: {
    message:
      'Duplicate serialNumbers found in request, please send unique serials.',
    status: 400,
    inServiceConfig: true,
  },
  9706: {
    message: 'Asset in request is not revocable, please send revocable assets.',
    status: 400,
    inServiceConfig: true,
  },
  9707: {
    message:
      'Asset in request is not device assignable, please send device assignable assets.',
    status: 400,
    inServiceConfig: true,
  },
  9708: {
    message: 'EventId could not be found.',
    status: 400,
    inServiceConfig: true,
  },
  9709: {
    message:
      'There are not enough licenses for this app or book available to assign to the selected group.',
    inServiceConfig: true,
  },
  9710: {
    message:
      'Both the notification URL and the authentication token are necessary.',
    status: 400,
    inServiceConfig: true,
  },
  9711: {
    message:
      'Either the notification URL or the authentication token exceeds its maximum length. Change the request to stay within the specified limit.',
    status: 400,
    inServiceConfig: true,
  },
  9712: {
    message:
      'The provided notification URL must be a valid URL and use HTTPS as the protocol.',
    status: 400,
    inServiceConfig: true,
  },
  9713: {
    message:
      'The MDM metadata exceeds the maximum length. Change the request to stay within the specified limit.',
    status: 400,
    inServiceConfig: true,
  },
  9714: {
    message:
      'The number of users exceeds the maximum. Change the request to stay within the specified limit.',
    status: 400,
    inServiceConfig: true,
  },
  9715: {
    message:
      'This request contains duplicate users. Change the request to send unique users.',
    status: 400,
    inServiceConfig: true,
  },
  9716: {
    message:
      'A registered user already exists with the specified clientUserId.',
    inServiceConfig: true,
  },
  9717: {
    message:
      'This request contains an invalid email address. Change the request to send valid email addresses.',
    status: 400,
    inServiceConfig: true,
  },
  9718: {
    message:
      "This request doesn't contain an asset, which is a required argument. Change the request to provide an asset.",
    status: 400,
    inServiceConfig: true,
  },
  9719: {
    message:
      'Either clientUserIds or serialNumbers are required arguments. Change the request to provide assignable users and devices.',
    status: 400,
    inServiceConfig: true,
  },
  9720: {
    message:
      'Users are a required argument. Change the request to provide a user.',
    status: 400,
    inServiceConfig: true,
  },
  9721: {
    message:
      'This request contains an invalid version ID. Change the request to send the version ID from the read APIs.',
    status: 400,
    inServiceConfig: true,
  },
  9722: {
    message:
      "This request contains an invalid authorization header. Change the request to send an authorization header that matches the format 'Bearer {sToken}'.",
    status: 401,
    inServiceConfig: true,
  },
  9723: {
    message:
      'You must provide an MDM name, ID, and metadata when setting the MDM information.',
    status: 400,
    inServiceConfig: true,
  },
  9724: {
    message:
      'The MDM ID exceeds the maximum length. Change the request to stay within the specified limit.',
    status: 400,
    inServiceConfig: true,
  },
  9725: {
    message:
      'The MDM name exceeds the maximum length. Change the request to stay within the specified limit.',
    status: 400,
    inServiceConfig: true,
  },
  9726: {
    message:
      'This request contains an unsupported HTTP method for the requested endpoint.',
    status: 405,
    inServiceConfig: true,
  },
  9727: {
    message:
      'This request contains an unsupported Content-Type for the requested endpoint.',
    status: 415,
    inServiceConfig: true,
  },
  9728: {
    message: 'The provided notification URL is unreachable.',
    status: 400,
    inServiceConfig: true,
  },
  9729: {
    message: 'The service is temporarily unavailable. Try again later.',
    status: 503,
    inServiceConfig: false,
  },
};

/** Error numbers that mean "this token cannot be used" (see errorsWithStatus200). */
export const TOKEN_ERROR_NUMBERS: ReadonlySet<number> = new Set([
  9601, 9621, 9622, 9625, 9722,
]);

export function errorMessage(errorNumber: number): string {
  return CATALOGUE[errorNumber]?.message ?? 'Unknown error.';
}

export function errorHttpStatus(errorNumber: number): number {
  return CATALOGUE[errorNumber]?.status ?? 400;
}

export function errorResponse(
  errorNumber: number,
  errorInfo?: ErrorInfo,
): ErrorResponse {
  const body: ErrorResponse = {
    errorNumber,
    errorMessage: errorMessage(errorNumber),
  };
  if (errorInfo && Object.keys(errorInfo).length > 0) {
    body.errorInfo = errorInfo;
  }
  return body;
}

/** The `errorCodes` array of `GET /service/config`, in Apple's order. */
export function serviceConfigErrorCodes(): Array<{
  errorMessage: string;
  errorNumber: number;
}> {
  return Object.entries(CATALOGUE)
    .filter(([, entry]) => entry.inServiceConfig)
    .map(([errorNumber, entry]) => ({
      errorMessage: entry.message,
      errorNumber: Number(errorNumber),
    }));
}

/** A synchronous Apple error; the HTTP layer turns it into an ErrorResponse body. */
export class VppError extends Error {
  readonly errorNumber: number;
  readonly errorInfo?: ErrorInfo;
  readonly httpStatus: number;

  constructor(errorNumber: number, errorInfo?: ErrorInfo) {
    super(`${errorNumber}: ${errorMessage(errorNumber)}`);
    this.name = 'VppError';
    this.errorNumber = errorNumber;
    this.errorInfo = errorInfo;
    this.httpStatus = errorHttpStatus(errorNumber);
  }

  toResponse(): ErrorResponse {
    return errorResponse(this.errorNumber, this.errorInfo);
  }
}
