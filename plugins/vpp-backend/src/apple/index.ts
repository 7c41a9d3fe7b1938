/**
 * Client library for Apple's Apps and Books (VPP) API v2 and the iTunes lookup.
 * Plain TypeScript: Node built-ins, global `fetch`, `luxon` and `zod` only.
 */
export {
  AppleVppClient,
  APPLE_VPP_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  classifyMdmInfo,
  sameMdmIdentity,
} from './AppleVppClient';
export type {
  AppleVppClientOptions,
  AppleVppLogMeta,
  AppleVppLogger,
  IterateOptions,
  MdmInfoChange,
  RequestOptions,
  ResponseMetadata,
} from './AppleVppClient';

export {
  AppleVppError,
  TOKEN_UNUSABLE_ERROR_NUMBERS,
  classifyAppleError,
  isAppleVppError,
  redactSecrets,
} from './errors';
export type { AppleVppErrorInit, AppleVppErrorKind } from './errors';

export { APPLE_ERROR_CATALOGUE, explainAppleError } from './errorCatalogue';
export type {
  AppleErrorCatalogueEntry,
  AppleErrorExplanation,
  AppleErrorLocale,
} from './errorCatalogue';

export {
  MAX_TOKEN_FILE_BYTES,
  TokenFileError,
  EmptyTokenFileError,
  TokenFileTooLargeError,
  WrongFileTypeError,
  NotBase64TokenFileError,
  NotJsonTokenFileError,
  NotAnObjectTokenFileError,
  WrongFieldTypeTokenFileError,
  MissingKeyTokenFileError,
  InvalidExpiryTokenFileError,
  buildTokenFileContent,
  detectWrongFileType,
  parseAppleDate,
  parseTokenFile,
} from './tokenFile';
export type {
  DetectedFileType,
  ParsedTokenFile,
  TokenFileErrorCode,
} from './tokenFile';

export {
  SlidingWindowRateLimiter,
  defaultRateLimiter,
  tokenFingerprint,
} from './rateLimiter';
export type { SlidingWindowRateLimiterOptions } from './rateLimiter';

export {
  DEFAULT_RETRY_OPTIONS,
  backoffDelayMs,
  decideRetry,
  parseRetryAfter,
} from './retry';
export type { RetryBudget, RetryDecision, RetryOptions } from './retry';

export { MAX_PAGES_IN_FLIGHT, PageIterator, collectPages } from './pagination';
export type { FetchPage, PageFields, PageIteratorOptions } from './pagination';

export {
  ConflictingUserInputError,
  DEFAULT_LIMITS,
  chunk,
  countManageAssetsBatches,
  dedupeAssets,
  dedupeStrings,
  planManageAssetsBatches,
  planRevokeBatches,
  planUserBatches,
  resolveLimits,
} from './batching';
export type { ManageAssetsInput } from './batching';

export {
  PartialBatchSubmissionError,
  mergeEventOutcomes,
} from './batchSubmission';
export type { BatchSubmission, MergedEventOutcome } from './batchSubmission';

export { EVENT_DEFAULTS, summarizeEventResult, waitForEvent } from './events';
export type {
  EventOutcome,
  EventRequest,
  EventResultSummary,
  IdentifierFailure,
  IdentifierType,
  WaitForEventOptions,
} from './events';

export {
  EXPECTED_SERVICE_PATHS,
  SERVICE_URL_NAME_BY_PATH,
  ServiceConfigCache,
  isAppleHost,
  isTrustedServiceUrl,
  resolveServiceEndpoints,
} from './serviceConfig';
export type {
  ServiceConfigCacheOptions,
  ServiceEndpoints,
} from './serviceConfig';

export {
  AppleHoldError,
  AppleRequestHolds,
  defaultRequestHolds,
  isAppleHoldError,
} from './requestHolds';
export type { AppleHold, AppleHoldScope } from './requestHolds';

export {
  ITUNES_LOOKUP_URL,
  ITunesLookupClient,
  platformsFromSupportedDevices,
} from './ITunesLookupClient';
export type {
  AppPlatform,
  AppStoreMetadata,
  ITunesLookupClientOptions,
} from './ITunesLookupClient';

export { ManualClock, abortableSleep, systemClock } from './clock';
export type { Clock } from './clock';
export type { FetchLike } from './http';

export * from './types';
