import { ErrorResponse } from './errors';
import { Platform, PricingParam, ProductType, UserStatus } from './types';

/** Apple's `totalCount` for unlimited (free) assets: the maximum int32. */
export const UNLIMITED_COUNT = 2147483647;

export interface AssetRef {
  adamId: string;
  pricingParam: PricingParam;
}

export interface AssetRecord extends AssetRef {
  productType: ProductType;
  unlimited: boolean;
  totalCount: number;
  assignedCount: number;
  retiredCount: number;
  revocable: boolean;
  deviceAssignable: boolean;
  supportedPlatforms: Platform[];
  /**
   * Holders of this asset's licenses: `s:<serial>` or `u:<clientUserId>` → the location
   * sequence number of the last change. One map per asset keeps 200k assignments compact.
   */
  holders: Map<string, number>;
}

/** Apple's `Assignment` (plus optional user state when `includeUserState=true`). */
export interface Assignment {
  adamId: string;
  pricingParam: PricingParam;
  serialNumber?: string;
  clientUserId?: string;
  userStatus?: UserStatus;
  idHash?: string;
}

export interface UserRecord {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
  status: UserStatus;
  inviteCode?: string;
  idHash?: string;
  seq: number;
}

/** Apple's `ResponseUser`. */
export interface ResponseUser {
  clientUserId: string;
  email?: string;
  idHash?: string;
  inviteCode?: string;
  status: UserStatus;
}

export interface RequestUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
}

export interface AssetFilter {
  productType?: ProductType;
  pricingParam?: PricingParam;
  revocable?: boolean;
  deviceAssignable?: boolean;
  minAvailableCount?: number;
  maxAvailableCount?: number;
  minAssignedCount?: number;
  maxAssignedCount?: number;
  adamIds?: Set<string>;
  /** false = exclude unlimited assets. */
  unlimited?: boolean;
}

export interface AssignmentFilter {
  adamId?: string;
  pricingParam?: PricingParam;
  serialNumber?: string;
  clientUserId?: string;
  /** Only records changed after this location sequence number. */
  sinceSeq?: number;
  excludeInactiveUsers?: boolean;
}

export interface UserFilter {
  activeOnly?: boolean;
  retiredOnly?: boolean;
  clientUserId?: string;
  sinceSeq?: number;
}

/** Result of processing one async event. */
export interface EventOutcome {
  numCompleted: number;
  failures: ErrorResponse[];
  /** Successful tasks, for ASSET_MANAGEMENT / USER_MANAGEMENT notifications. */
  succeeded: NotificationItem[];
  /** Failed tasks grouped by error, for FAILURE notifications. */
  failedGroups: Array<{ errorNumber: number; items: NotificationItem[] }>;
}

/** One element of a notification's `assignments` or `users` array. */
export type NotificationItem =
  | Assignment
  | ResponseUser
  | { clientUserId: string };

export function emptyOutcome(): EventOutcome {
  return { numCompleted: 0, failures: [], succeeded: [], failedGroups: [] };
}

export function assetKey(adamId: string, pricingParam: PricingParam): string {
  return `${adamId}|${pricingParam}`;
}

export function availableCount(asset: AssetRecord): number {
  return (
    (asset.unlimited ? UNLIMITED_COUNT : asset.totalCount) - asset.assignedCount
  );
}

// A license holder key: `s:<serialNumber>` for a device, `u:<clientUserId>` for a user.
export const SERIAL_PREFIX = 's:';
export const USER_PREFIX = 'u:';

/** Holder keys of the serial numbers, then of the users. */
export function holdersOf(
  serialNumbers: string[],
  clientUserIds: string[],
): string[] {
  return [
    ...serialNumbers.map(s => SERIAL_PREFIX + s),
    ...clientUserIds.map(u => USER_PREFIX + u),
  ];
}

/** Gives `holder` one of the asset's licenses, at location sequence number `seq`. */
export function grantLicense(
  asset: AssetRecord,
  holder: string,
  seq: number,
): void {
  asset.holders.set(holder, seq);
  asset.assignedCount++;
}

/** Takes `holder`'s license of the asset back; false when it held none. */
export function releaseLicense(asset: AssetRecord, holder: string): boolean {
  if (!asset.holders.delete(holder)) {
    return false;
  }
  asset.assignedCount--;
  return true;
}

export function holderToAssignment(
  asset: AssetRef,
  holder: string,
): Assignment {
  return holder.startsWith(SERIAL_PREFIX)
    ? {
        adamId: asset.adamId,
        pricingParam: asset.pricingParam,
        serialNumber: holder.slice(SERIAL_PREFIX.length),
      }
    : {
        adamId: asset.adamId,
        pricingParam: asset.pricingParam,
        clientUserId: holder.slice(USER_PREFIX.length),
      };
}

export function toResponseUser(user: UserRecord): ResponseUser {
  const response: ResponseUser = {
    clientUserId: user.clientUserId,
    status: user.status,
  };
  if (user.email !== undefined) {
    response.email = user.email;
  }
  if (user.idHash !== undefined) {
    response.idHash = user.idHash;
  }
  if (user.inviteCode !== undefined) {
    response.inviteCode = user.inviteCode;
  }
  return response;
}
