import type {
  Asset,
  ManageAssetsRequest,
  ManageUsersRequest,
  RequestUser,
  RevokeAssetsRequest,
  ServiceConfigLimits,
} from './types';

/**
 * Splitting of license and user operations into requests that respect Apple's limits
 * (`GET /service/config` → `limits`).
 *
 * Associate/disassociate: each request carries at most `maxAssets` unique assets and at most
 * `maxSerialNumbers` serial numbers **or** `maxClientUserIds` user ids — never both kinds in one
 * request (Apple's examples mix them, Fleet's client forbids it; one kind per request works with
 * either reading). Every (asset, identifier) pair is sent exactly once, in a grid of
 * ⌈assets / maxAssets⌉ × ⌈ids / maxIds⌉ requests per kind, chunks filled to the limit.
 * Each asset must be sent with every id, so it needs at least ⌈ids / maxIds⌉ requests (and each id
 * at least ⌈assets / maxAssets⌉); the grid meets that lower bound exactly whenever one side fits in
 * a single request or is a multiple of its limit — i.e. practically always (e.g. ≤ 25 apps, or
 * ≤ 1000 devices). Covering pairs twice to save a request would repeat work at Apple and blur the
 * per-device results, so it is not done.
 */

/** Documented example values, used when the service configuration is unavailable. */
export const DEFAULT_LIMITS: Required<ServiceConfigLimits> = {
  maxAssets: 25,
  maxClientUserIds: 1000,
  maxSerialNumbers: 1000,
  maxRevokeClientUserIds: 100,
  maxRevokeSerialNumbers: 100,
  maxUsers: 100,
  maxNotificationLength: 512,
  maxMdmNameLength: 100,
  maxMdmMetadataLength: 255,
  maxMdmIdLength: 100,
  maxRequestPerSecond: 15,
  maxSubscriptions: 25,
  maxSubscriptionClientUserIds: 1000,
};

/** Limits with defaults filled in; non-positive or non-numeric values fall back to the default. */
export function resolveLimits(
  limits: ServiceConfigLimits | undefined,
): Required<ServiceConfigLimits> {
  const resolved = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<
    keyof ServiceConfigLimits
  >) {
    const value = limits?.[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 1) {
      resolved[key] = Math.floor(value);
    }
  }
  return resolved;
}

/** Input for associate/disassociate planning. `pricingParam` defaults to `STDQ`. */
export interface ManageAssetsInput {
  assets: Array<{ adamId: string | number; pricingParam?: string }>;
  serialNumbers?: Iterable<string>;
  clientUserIds?: Iterable<string>;
}

/** Removes duplicate assets (same adamId + pricingParam), keeping first occurrence order. */
export function dedupeAssets(
  assets: Array<{ adamId: string | number; pricingParam?: string }>,
): Asset[] {
  const seen = new Set<string>();
  const out: Asset[] = [];
  for (const asset of assets) {
    const adamId = String(asset.adamId).trim();
    const pricingParam = asset.pricingParam?.trim() || 'STDQ';
    const key = `${adamId}\u0000${pricingParam}`;
    if (adamId !== '' && !seen.has(key)) {
      seen.add(key);
      out.push({ adamId, pricingParam });
    }
  }
  return out;
}

/** Removes duplicates and empty strings, keeping first occurrence order. */
export function dedupeStrings(values: Iterable<string> | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values ?? []) {
    const value = String(raw).trim();
    if (value !== '' && !seen.has(value)) {
      seen.add(value);
      out.push(value);
    }
  }
  return out;
}

export function chunk<T>(values: readonly T[], size: number): T[][] {
  const step = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += step) {
    out.push(values.slice(i, i + step));
  }
  return out;
}

/**
 * Splits an associate/disassociate into the fewest requests the limits allow (see module doc).
 * Serial-number requests come first, then user requests. Returns `[]` when there is nothing to do
 * (no assets, or neither serials nor users).
 */
export function planManageAssetsBatches(
  input: ManageAssetsInput,
  limits: Pick<
    ServiceConfigLimits,
    'maxAssets' | 'maxSerialNumbers' | 'maxClientUserIds'
  >,
): ManageAssetsRequest[] {
  const resolved = resolveLimits(limits);
  const assetChunks = chunk(dedupeAssets(input.assets), resolved.maxAssets);
  const serialChunks = chunk(
    dedupeStrings(input.serialNumbers),
    resolved.maxSerialNumbers,
  );
  const userChunks = chunk(
    dedupeStrings(input.clientUserIds),
    resolved.maxClientUserIds,
  );
  const requests: ManageAssetsRequest[] = [];
  for (const assets of assetChunks) {
    for (const serialNumbers of serialChunks) {
      requests.push({ assets, serialNumbers });
    }
  }
  for (const assets of assetChunks) {
    for (const clientUserIds of userChunks) {
      requests.push({ assets, clientUserIds });
    }
  }
  return requests;
}

/** Number of requests {@link planManageAssetsBatches} produces, without building them. */
export function countManageAssetsBatches(
  counts: { assets: number; serialNumbers: number; clientUserIds: number },
  limits: Pick<
    ServiceConfigLimits,
    'maxAssets' | 'maxSerialNumbers' | 'maxClientUserIds'
  >,
): number {
  const resolved = resolveLimits(limits);
  const assetChunks = Math.ceil(counts.assets / resolved.maxAssets);
  return (
    assetChunks *
    (Math.ceil(counts.serialNumbers / resolved.maxSerialNumbers) +
      Math.ceil(counts.clientUserIds / resolved.maxClientUserIds))
  );
}

/**
 * Splits a revoke into requests of at most `maxRevokeSerialNumbers` serials or
 * `maxRevokeClientUserIds` users (one kind per request), de-duplicated.
 */
export function planRevokeBatches(
  input: { serialNumbers?: Iterable<string>; clientUserIds?: Iterable<string> },
  limits: Pick<
    ServiceConfigLimits,
    'maxRevokeSerialNumbers' | 'maxRevokeClientUserIds'
  >,
): RevokeAssetsRequest[] {
  const resolved = resolveLimits(limits);
  return [
    ...chunk(
      dedupeStrings(input.serialNumbers),
      resolved.maxRevokeSerialNumbers,
    ).map(serialNumbers => ({ serialNumbers })),
    ...chunk(
      dedupeStrings(input.clientUserIds),
      resolved.maxRevokeClientUserIds,
    ).map(clientUserIds => ({ clientUserIds })),
  ];
}

/** Raised when the same clientUserId appears twice with different data. */
export class ConflictingUserInputError extends Error {
  override name = 'ConflictingUserInputError';
  constructor(readonly clientUserId: string) {
    super(
      `User "${clientUserId}" appears more than once with different e-mail or Managed Apple Account`,
    );
  }
}

/**
 * Splits a user create/update/retire into requests of at most `maxUsers` users. Exact duplicates
 * are dropped; the same clientUserId with different data throws {@link ConflictingUserInputError}.
 */
export function planUserBatches(
  users: Iterable<RequestUser>,
  limits: Pick<ServiceConfigLimits, 'maxUsers'>,
): ManageUsersRequest[] {
  const resolved = resolveLimits(limits);
  const byId = new Map<string, RequestUser>();
  for (const user of users) {
    const clientUserId = String(user.clientUserId).trim();
    if (clientUserId === '') {
      continue;
    }
    const normalised: RequestUser = { ...user, clientUserId };
    const existing = byId.get(clientUserId);
    if (existing) {
      if (
        existing.email !== normalised.email ||
        existing.managedAppleId !== normalised.managedAppleId
      ) {
        throw new ConflictingUserInputError(clientUserId);
      }
      continue;
    }
    byId.set(clientUserId, normalised);
  }
  return chunk([...byId.values()], resolved.maxUsers).map(batch => ({
    users: batch,
  }));
}
