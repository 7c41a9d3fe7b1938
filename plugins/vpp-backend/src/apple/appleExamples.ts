/*
 * Apple's own example answers, for tests that must hold against Apple's documentation rather
 * than against our simulator: the `ServiceConfigResponse` example (abridged to the v2 URLs and
 * limits, `apple-vpp-api.md` §2.2) and error bodies with the numbers, messages and HTTP statuses
 * of "Handling error responses" (§4.2). Plus a fetch that answers from them and records every
 * request, so a test can prove where a token was (not) sent. Only test files import this module.
 */
import { DEFAULT_LIMITS } from './batching';
import type { FetchLike } from './http';

const V2 = 'https://vpp.itunes.apple.com/mdm/v2';

/** Apple's `GET /service/config` example (v2 part). */
export const APPLE_SERVICE_CONFIG_EXAMPLE = {
  errorCodes: [
    { errorNumber: 9601, errorMessage: 'Login required.' },
    { errorNumber: 9646, errorMessage: 'There are too many recent requests.' },
  ],
  // The same values: DEFAULT_LIMITS are Apple's documented example.
  limits: { ...DEFAULT_LIMITS },
  notificationTypes: [
    'ASSET_MANAGEMENT',
    'USER_MANAGEMENT',
    'USER_ASSOCIATED',
    'ASSET_COUNT',
  ],
  urls: {
    clientConfig: `${V2}/client/config`,
    getAssets: `${V2}/assets`,
    getAssignments: `${V2}/assignments`,
    associateAssets: `${V2}/assets/associate`,
    disassociateAssets: `${V2}/assets/disassociate`,
    revokeAssets: `${V2}/assets/revoke`,
    eventStatus: `${V2}/status`,
    getUsers: `${V2}/users`,
    createUsers: `${V2}/users/create`,
    updateUsers: `${V2}/users/update`,
    retireUsers: `${V2}/users/retire`,
    contentMetadataLookup:
      'https://uclient-api.itunes.apple.com/WebObjects/MZStorePlatform.woa/wa/lookup',
    invitationEmail:
      'https://buy.itunes.apple.com/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount?inviteCode=%25inviteCode%25&mt=8',
  },
};

/** An `ErrorResponse` as Apple sends it, with its HTTP status. */
export interface AppleExampleAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const APPLE_ERROR_EXAMPLES = {
  /** 9729, HTTP 503: "The service is temporarily unavailable." */
  serviceUnavailable: (retryAfterSeconds?: number): AppleExampleAnswer => ({
    status: 503,
    body: {
      errorNumber: 9729,
      errorMessage: 'The service is temporarily unavailable. Try again later.',
    },
    headers:
      retryAfterSeconds === undefined
        ? undefined
        : { 'Retry-After': String(retryAfterSeconds) },
  }),
  /** 9646, HTTP 429: too many requests for this organization. */
  tooManyRequests: (retryAfterSeconds?: number): AppleExampleAnswer => ({
    status: 429,
    body: {
      errorNumber: 9646,
      errorMessage:
        'There are too many recent requests. Try again momentarily.',
    },
    headers:
      retryAfterSeconds === undefined
        ? undefined
        : { 'Retry-After': String(retryAfterSeconds) },
  }),
  /** 9637, HTTP 403: not allowed for facilitator accounts. */
  facilitatorNotAllowed: (): AppleExampleAnswer => ({
    status: 403,
    body: {
      errorNumber: 9637,
      errorMessage: "This operation isn't allowed for facilitator accounts.",
    },
  }),
};

/** Apple's `GET /assets` example page (one app). */
export const APPLE_ASSETS_PAGE_EXAMPLE = {
  assets: [
    {
      adamId: '408709785',
      assignedCount: 2,
      availableCount: 8,
      deviceAssignable: true,
      pricingParam: 'STDQ',
      productType: 'App',
      retiredCount: 0,
      revocable: true,
      totalCount: 10,
      supportedPlatforms: ['iOS', 'macOS'],
    },
  ],
  currentPageIndex: 0,
  size: 1,
  totalPages: 1,
  tokenExpirationDate: '2031-03-01T10:00:00+0000',
  uId: '2049025000431439',
  versionId: '1d5ce9b6bf9e3d3b0bcf0b1d3d8d0b2c',
};

export interface RecordedCall {
  url: string;
  method: string;
  authorization?: string;
}

/**
 * A fetch answering from `answer(url, method)` (a function so a test can change Apple's mind
 * between calls), recording every call. No network: nothing leaves the process.
 */
export function recordingFetch(
  answer: (url: URL, method: string) => AppleExampleAnswer,
): { fetch: FetchLike; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fetch: FetchLike = async (input, init) => {
    calls.push({
      url: input,
      method: init.method,
      authorization: init.headers.Authorization,
    });
    const { status, body, headers = {} } = answer(new URL(input), init.method);
    const lower = new Map(
      Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    return {
      status,
      headers: { get: (name: string) => lower.get(name.toLowerCase()) ?? null },
      text: async () => JSON.stringify(body),
    };
  };
  return { fetch, calls };
}
