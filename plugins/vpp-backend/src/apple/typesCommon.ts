import { ERROR_FIXES, errorResponseRaw, fix } from './responseSchemaParts';

/*
 * Request and response types of Apple's "App and Book Management API 2"
 * (https://vpp.itunes.apple.com/mdm/v2). Field names are exactly Apple's. `types.ts` gathers
 * them: this file holds what all areas share, the others one area each — service and client
 * configuration (`typesConfig.ts`), assets (`typesAssets.ts`), assignments and license requests
 * (`typesAssignments.ts`), events (`typesEvents.ts`) and users (`typesUsers.ts`).
 *
 * Responses are validated loosely: every object schema is `.passthrough()` (unknown fields are kept,
 * never rejected), almost every field is optional, and `null` is accepted wherever a value may be
 * absent. Only what the client needs to work (e.g. `eventId`) is required. The shared pieces of
 * those schemas are in `responseSchemaParts.ts`.
 */

/** `STDQ` (standard quality) or `PLUS` (high quality, books). */
export type PricingParam = 'STDQ' | 'PLUS' | (string & {});
/** `App` or `Book`. */
export type ProductType = 'App' | 'Book' | (string & {});
/** Platform names as Apple uses them in `supportedPlatforms`. */
export type ApplePlatform =
  | 'iOS'
  | 'macOS'
  | 'tvOS'
  | 'watchOS'
  | 'visionOS'
  | (string & {});

/** Identity of the device-management service that manages a location. */
export interface MdmInfo {
  id: string;
  name: string;
  metadata?: string;
}

/** Fields present on (almost) every authenticated v2 response. */
export interface CommonResponseFields {
  /** Unique library/location id. */
  uId?: string;
  /** `2031-03-01T10:00:00+0000`. Possibly only present when the token expires within 15 days. */
  tokenExpirationDate?: string;
  /** Only present once some service has set it with `POST /client/config`. */
  mdmInfo?: MdmInfo;
}

/** Paging fields of `/assets`, `/assignments` and `/users`. */
export interface PagedResponseFields extends CommonResponseFields {
  currentPageIndex?: number;
  /** Present only while another page exists. */
  nextPageIndex?: number;
  /** Records on this page. */
  size?: number;
  totalPages?: number;
  versionId?: string;
}

/** An asset reference in requests and `errorInfo`. */
export interface Asset {
  adamId: string;
  pricingParam: PricingParam;
}

export interface ResponseErrorInfo {
  assets?: Asset[];
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface ErrorResponse {
  errorNumber: number;
  errorMessage?: string;
  errorInfo?: ResponseErrorInfo;
}

export const errorResponseSchema = errorResponseRaw.transform(raw =>
  fix<ErrorResponse>(raw, ERROR_FIXES),
);
