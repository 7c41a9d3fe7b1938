import { z } from 'zod';

/*
 * Request and response types of Apple's "App and Book Management API 2"
 * (https://vpp.itunes.apple.com/mdm/v2). Field names are exactly Apple's.
 *
 * Responses are validated loosely: every object schema is `.passthrough()` (unknown fields are kept,
 * never rejected), almost every field is optional, and `null` is accepted wherever a value may be
 * absent. Only what the client needs to work (e.g. `eventId`) is required.
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

export interface ServiceConfigLimits {
  maxAssets?: number;
  maxClientUserIds?: number;
  maxSerialNumbers?: number;
  maxRevokeClientUserIds?: number;
  maxRevokeSerialNumbers?: number;
  maxUsers?: number;
  maxNotificationLength?: number;
  maxMdmNameLength?: number;
  maxMdmMetadataLength?: number;
  maxMdmIdLength?: number;
  maxRequestPerSecond?: number;
  maxSubscriptions?: number;
  maxSubscriptionClientUserIds?: number;
}

export type ServiceConfigUrlName =
  | 'clientConfig'
  | 'getAssets'
  | 'getAssignments'
  | 'associateAssets'
  | 'disassociateAssets'
  | 'revokeAssets'
  | 'eventStatus'
  | 'getUsers'
  | 'createUsers'
  | 'updateUsers'
  | 'retireUsers'
  | 'contentMetadataLookup'
  | 'invitationEmail';

export interface ServiceConfigResponse {
  errorCodes?: Array<{ errorNumber: number; errorMessage?: string }>;
  limits?: ServiceConfigLimits;
  notificationTypes?: string[];
  urls?: Partial<Record<ServiceConfigUrlName, string>> & Record<string, string>;
}

export type NotificationType =
  | 'TEST_NOTIFICATION'
  | 'ASSET_MANAGEMENT'
  | 'USER_MANAGEMENT'
  | 'USER_ASSOCIATED'
  | 'ASSET_COUNT'
  | 'SUBSCRIPTION_MANAGEMENT'
  | 'SUBSCRIPTION_COUNT'
  | 'UNLIMITED_ASSET'
  | (string & {});

/** Body of `POST /client/config`. */
export interface ClientConfigRequest {
  /** All three of `id`, `name` and `metadata` are required by Apple when setting it (else 9723). */
  mdmInfo?: { id: string; name: string; metadata: string };
  /** HTTPS URL Apple posts notifications to. Must be given together with the auth token. */
  notificationUrl?: string;
  notificationAuthToken?: string;
  /** The complete set of notification types to subscribe to. */
  notificationTypes?: NotificationType[];
}

export interface ClientConfigResponse extends CommonResponseFields {
  countryISO2ACode?: string;
  /** `volumestore` or `enterprisestore`. */
  defaultPlatform?: string;
  locationName?: string;
  notificationUrl?: string;
  notificationAuthToken?: string;
  subscribedNotificationTypes?: NotificationType[];
  /** `https://business.apple.com` or `https://school.apple.com`. */
  websiteURL?: string;
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

export interface GetAssetsQuery {
  pageIndex?: number;
  productType?: ProductType;
  pricingParam?: PricingParam;
  revocable?: boolean;
  deviceAssignable?: boolean;
  maxAvailableCount?: number;
  minAvailableCount?: number;
  maxAssignedCount?: number;
  minAssignedCount?: number;
  adamId?: string;
  /**
   * `true`: unlimited (free) assets come in `unlimitedAssets`; `false`: they are excluded;
   * omitted: they come in `assets` with `totalCount` 2147483647.
   */
  unlimited?: boolean;
}

export interface ResponseAsset {
  adamId: string;
  pricingParam?: PricingParam;
  productType?: ProductType;
  assignedCount?: number;
  availableCount?: number;
  retiredCount?: number;
  totalCount?: number;
  deviceAssignable?: boolean;
  revocable?: boolean;
  supportedPlatforms?: ApplePlatform[];
}

export interface UnlimitedResponseAsset {
  adamId: string;
  pricingParam?: PricingParam;
  productType?: ProductType;
  assignedCount?: number;
  deviceAssignable?: boolean;
  revocable?: boolean;
  supportedPlatforms?: ApplePlatform[];
}

export interface GetAssetsResponse extends PagedResponseFields {
  assets: ResponseAsset[];
  unlimitedAssets?: UnlimitedResponseAsset[];
}

export interface GetAssignmentsQuery {
  adamId?: string;
  clientUserId?: string;
  serialNumber?: string;
  pricingParam?: PricingParam;
  pageIndex?: number;
  /** Only records changed since this `versionId` (the first page's `versionId` of a full sync). */
  sinceVersionId?: string;
  excludeInactiveUsers?: boolean;
  /** Adds `userStatus` and `idHash` to user assignments. */
  includeUserState?: boolean;
}

export interface Assignment {
  adamId: string;
  pricingParam?: PricingParam;
  serialNumber?: string;
  clientUserId?: string;
  userStatus?: string;
  idHash?: string;
}

export interface GetAssignmentsResponse extends PagedResponseFields {
  assignments: Assignment[];
}

/** An asset reference in requests and `errorInfo`. */
export interface Asset {
  adamId: string;
  pricingParam: PricingParam;
}

/** Body of `POST /assets/associate` and `/assets/disassociate`. */
export interface ManageAssetsRequest {
  assets: Asset[];
  serialNumbers?: string[];
  clientUserIds?: string[];
}

/** Body of `POST /assets/revoke`. */
export interface RevokeAssetsRequest {
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface EventResponse extends CommonResponseFields {
  eventId: string;
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

export type EventStatus = 'PENDING' | 'COMPLETE' | 'FAILED' | (string & {});
export type EventType =
  | 'ASSOCIATE'
  | 'DISASSOCIATE'
  | 'REVOKE'
  | 'CREATE'
  | 'UPDATE'
  | 'RETIRE'
  | (string & {});

export interface StatusResponse extends CommonResponseFields {
  eventStatus: EventStatus;
  eventType?: EventType;
  numRequested?: number;
  numCompleted?: number;
  failures?: ErrorResponse[];
}

export type UserStatus =
  | 'Registered'
  | 'Associated'
  | 'Retired'
  | 'Deleted'
  | (string & {});

export interface User {
  clientUserId: string;
  email?: string;
  inviteCode?: string;
  idHash?: string;
  status?: UserStatus;
  managedAppleId?: string;
}

export interface GetUsersQuery {
  activeOnly?: boolean;
  retiredOnly?: boolean;
  clientUserId?: string;
  pageIndex?: number;
  sinceVersionId?: string;
}

export interface GetUsersResponse extends PagedResponseFields {
  users: User[];
}

export interface RequestUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
}

/** Body of `POST /users/create`, `/users/update` and `/users/retire`. */
export interface ManageUsersRequest {
  users: RequestUser[];
}

// ---------------------------------------------------------------------------------------------
// Loose runtime schemas
//
// Performance note: zod `.transform()` on every field costs ~50 µs per record (a 1,000-record
// page took 50 ms). So records are validated with plain, transform-free schemas (~3 µs per
// record), and ONE transform per response normalises them in plain code: numeric ids become
// strings, numeric strings become numbers, `null` becomes absent. Unknown fields are kept.
// ---------------------------------------------------------------------------------------------

type Raw = Record<string, unknown>;
type FieldFix = (value: unknown) => unknown;

const idLike = z.union([z.string(), z.number()]);
const numLike = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]);
const boolLike = z.union([z.boolean(), z.enum(['true', 'false'])]);
const str = z.string().nullish();
const idList = z.array(idLike).nullish();

const ID: FieldFix = v =>
  v === null || v === undefined ? undefined : String(v);
const NUM: FieldFix = v =>
  v === null || v === undefined ? undefined : Number(v);
const BOOL: FieldFix = v =>
  v === null || v === undefined ? undefined : v === true || v === 'true';
const OPT: FieldFix = v => (v === null ? undefined : v);
const IDS: FieldFix = v =>
  v === null || v === undefined ? undefined : (v as unknown[]).map(String);

/** Copies `raw` (unknown fields included) and applies `fixes`; fields that become undefined are dropped. */
function fix<T>(
  raw: Raw,
  fixes: ReadonlyArray<readonly [string, FieldFix]>,
): T {
  const out: Raw = { ...raw };
  for (const [key, fixField] of fixes) {
    if (key in out) {
      const value = fixField(out[key]);
      if (value === undefined) {
        delete out[key];
      } else {
        out[key] = value;
      }
    }
  }
  return out as T;
}

const MDM_FIXES = [
  ['id', ID],
  ['metadata', OPT],
] as const;
const MDM: FieldFix = v =>
  v === null || v === undefined ? undefined : fix<MdmInfo>(v as Raw, MDM_FIXES);
const COMMON_FIXES = [
  ['uId', ID],
  ['tokenExpirationDate', OPT],
  ['mdmInfo', MDM],
] as const;
const PAGED_FIXES = [
  ...COMMON_FIXES,
  ['currentPageIndex', NUM],
  ['nextPageIndex', NUM],
  ['size', NUM],
  ['totalPages', NUM],
  ['versionId', ID],
] as const;
const ASSET_REF_FIXES = [
  ['adamId', ID],
  ['pricingParam', (v: unknown) => v ?? 'STDQ'],
] as const;
const ERROR_INFO_FIXES = [
  [
    'assets',
    (v: unknown) =>
      v === null || v === undefined
        ? undefined
        : (v as Raw[]).map(a =>
            fix<Asset>({ pricingParam: 'STDQ', ...a }, ASSET_REF_FIXES),
          ),
  ],
  ['clientUserIds', IDS],
  ['serialNumbers', IDS],
] as const;
const ERROR_FIXES = [
  ['errorNumber', NUM],
  ['errorMessage', OPT],
  [
    'errorInfo',
    (v: unknown) =>
      v === null || v === undefined
        ? undefined
        : fix<ResponseErrorInfo>(v as Raw, ERROR_INFO_FIXES),
  ],
] as const;
const ASSET_FIXES = [
  ['adamId', ID],
  ['pricingParam', OPT],
  ['productType', OPT],
  ['assignedCount', NUM],
  ['availableCount', NUM],
  ['retiredCount', NUM],
  ['totalCount', NUM],
  ['deviceAssignable', BOOL],
  ['revocable', BOOL],
  ['supportedPlatforms', IDS],
] as const;
const ASSIGNMENT_FIXES = [
  ['adamId', ID],
  ['pricingParam', OPT],
  ['serialNumber', OPT],
  ['clientUserId', ID],
  ['userStatus', OPT],
  ['idHash', OPT],
] as const;
const USER_FIXES = [
  ['clientUserId', ID],
  ['email', OPT],
  ['inviteCode', OPT],
  ['idHash', OPT],
  ['status', OPT],
  ['managedAppleId', OPT],
] as const;

const mdmInfoRaw = z
  .object({ id: idLike, name: z.string(), metadata: str })
  .passthrough();

const commonShape = {
  uId: idLike.nullish(),
  tokenExpirationDate: str,
  mdmInfo: mdmInfoRaw.nullish(),
};

const pagedShape = {
  ...commonShape,
  currentPageIndex: numLike.nullish(),
  nextPageIndex: numLike.nullish(),
  size: numLike.nullish(),
  totalPages: numLike.nullish(),
  versionId: idLike.nullish(),
};

const assetRefRaw = z
  .object({ adamId: idLike, pricingParam: str })
  .passthrough();

const errorInfoRaw = z
  .object({
    assets: z.array(assetRefRaw).nullish(),
    clientUserIds: idList,
    serialNumbers: idList,
  })
  .passthrough();

const errorResponseRaw = z
  .object({
    errorNumber: numLike,
    errorMessage: str,
    errorInfo: errorInfoRaw.nullish(),
  })
  .passthrough();

export const errorResponseSchema = errorResponseRaw.transform(raw =>
  fix<ErrorResponse>(raw, ERROR_FIXES),
);

export const serviceConfigResponseSchema = z
  .object({
    errorCodes: z
      .array(
        z.object({ errorNumber: numLike, errorMessage: str }).passthrough(),
      )
      .nullish(),
    limits: z.record(z.unknown()).nullish(),
    notificationTypes: z.array(z.string()).nullish(),
    urls: z.record(z.unknown()).nullish(),
  })
  .passthrough()
  .transform((raw): ServiceConfigResponse => {
    const out = fix<ServiceConfigResponse>(raw, [
      ['notificationTypes', OPT],
      [
        'errorCodes',
        v =>
          v === null || v === undefined
            ? undefined
            : (v as Raw[]).map(e =>
                fix(e, [
                  ['errorNumber', NUM],
                  ['errorMessage', OPT],
                ]),
              ),
      ],
    ]);
    if (raw.limits) {
      const limits: Record<string, number> = {};
      for (const [key, value] of Object.entries(raw.limits)) {
        const parsed = numLike.safeParse(value);
        if (parsed.success) {
          limits[key] = Number(parsed.data);
        }
      }
      out.limits = limits as ServiceConfigLimits;
    } else {
      delete out.limits;
    }
    if (raw.urls) {
      const urls: Record<string, string> = {};
      for (const [key, value] of Object.entries(raw.urls)) {
        if (typeof value === 'string') {
          urls[key] = value;
        }
      }
      out.urls = urls;
    } else {
      delete out.urls;
    }
    return out;
  });

export const clientConfigResponseSchema = z
  .object({
    ...commonShape,
    countryISO2ACode: str,
    defaultPlatform: str,
    locationName: str,
    notificationUrl: str,
    notificationAuthToken: str,
    subscribedNotificationTypes: z.array(z.string()).nullish(),
    websiteURL: str,
  })
  .passthrough()
  .transform(raw =>
    fix<ClientConfigResponse>(raw, [
      ...COMMON_FIXES,
      ['countryISO2ACode', OPT],
      ['defaultPlatform', OPT],
      ['locationName', OPT],
      ['notificationUrl', OPT],
      ['notificationAuthToken', OPT],
      ['subscribedNotificationTypes', OPT],
      ['websiteURL', OPT],
    ]),
  );

const responseAssetRaw = z
  .object({
    adamId: idLike,
    pricingParam: str,
    productType: str,
    assignedCount: numLike.nullish(),
    availableCount: numLike.nullish(),
    retiredCount: numLike.nullish(),
    totalCount: numLike.nullish(),
    deviceAssignable: boolLike.nullish(),
    revocable: boolLike.nullish(),
    supportedPlatforms: idList,
  })
  .passthrough();

export const getAssetsResponseSchema = z
  .object({
    ...pagedShape,
    assets: z.array(responseAssetRaw).nullish(),
    unlimitedAssets: z.array(responseAssetRaw).nullish(),
  })
  .passthrough()
  .transform((raw): GetAssetsResponse => {
    const out = fix<GetAssetsResponse>(raw, PAGED_FIXES);
    out.assets = (raw.assets ?? []).map(a =>
      fix<ResponseAsset>(a, ASSET_FIXES),
    );
    if (raw.unlimitedAssets) {
      out.unlimitedAssets = raw.unlimitedAssets.map(a =>
        fix<UnlimitedResponseAsset>(a, ASSET_FIXES),
      );
    } else {
      delete out.unlimitedAssets;
    }
    return out;
  });

const assignmentRaw = z
  .object({
    adamId: idLike,
    pricingParam: str,
    serialNumber: str,
    clientUserId: idLike.nullish(),
    userStatus: str,
    idHash: str,
  })
  .passthrough();

export const getAssignmentsResponseSchema = z
  .object({
    ...pagedShape,
    assignments: z.array(assignmentRaw).nullish(),
  })
  .passthrough()
  .transform((raw): GetAssignmentsResponse => {
    const out = fix<GetAssignmentsResponse>(raw, PAGED_FIXES);
    out.assignments = (raw.assignments ?? []).map(a =>
      fix<Assignment>(a, ASSIGNMENT_FIXES),
    );
    return out;
  });

export const eventResponseSchema = z
  .object({ ...commonShape, eventId: idLike })
  .passthrough()
  .transform(raw =>
    fix<EventResponse>(raw, [...COMMON_FIXES, ['eventId', ID]]),
  );

export const statusResponseSchema = z
  .object({
    ...commonShape,
    eventStatus: z.string(),
    eventType: str,
    numRequested: numLike.nullish(),
    numCompleted: numLike.nullish(),
    failures: z.array(errorResponseRaw).nullish(),
  })
  .passthrough()
  .transform(raw =>
    fix<StatusResponse>(raw, [
      ...COMMON_FIXES,
      ['eventType', OPT],
      ['numRequested', NUM],
      ['numCompleted', NUM],
      [
        'failures',
        v =>
          v === null || v === undefined
            ? undefined
            : (v as Raw[]).map(f => fix<ErrorResponse>(f, ERROR_FIXES)),
      ],
    ]),
  );

const userRaw = z
  .object({
    clientUserId: idLike,
    email: str,
    inviteCode: str,
    idHash: str,
    status: str,
    managedAppleId: str,
  })
  .passthrough();

export const getUsersResponseSchema = z
  .object({
    ...pagedShape,
    users: z.array(userRaw).nullish(),
  })
  .passthrough()
  .transform((raw): GetUsersResponse => {
    const out = fix<GetUsersResponse>(raw, PAGED_FIXES);
    out.users = (raw.users ?? []).map(u => fix<User>(u, USER_FIXES));
    return out;
  });
