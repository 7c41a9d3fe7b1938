import { z } from 'zod';
import {
  COMMON_FIXES,
  NUM,
  OPT,
  Raw,
  commonShape,
  fix,
  numLike,
  str,
} from './responseSchemaParts';
import type { CommonResponseFields } from './typesCommon';

/* `GET /service/config` and `GET`/`POST /client/config` (see `typesCommon.ts`). */

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
