import { createHash, randomUUID } from 'node:crypto';
import { ErrorResponse, errorResponse } from './errors';
import {
  FixtureCatalogItem,
  FixtureLocation,
  MdmInfo,
  Platform,
  PricingParam,
  ProductType,
  UserStatus,
} from './types';
import { VersionTracker } from './versioning';

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

export function assetKey(adamId: string, pricingParam: PricingParam): string {
  return `${adamId}|${pricingParam}`;
}

const SERIAL_PREFIX = 's:';
const USER_PREFIX = 'u:';

export function availableCount(asset: AssetRecord): number {
  return (
    (asset.unlimited ? UNLIMITED_COUNT : asset.totalCount) - asset.assignedCount
  );
}

function holderToAssignment(asset: AssetRef, holder: string): Assignment {
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

interface AssignmentMatches {
  assets: AssetRecord[];
  holders: string[];
}

/** One location (organizational unit): its assets, assignments, users and client config. */
export class LocationState {
  readonly id: string;
  readonly name: string;
  readonly uId: string;
  readonly countryISO2ACode: string;
  readonly orgName: string;
  readonly defaultPlatform: 'volumestore' | 'enterprisestore';
  readonly websiteURL: string;

  mdmInfo?: MdmInfo;
  notificationUrl?: string;
  notificationAuthToken?: string;
  subscribedNotificationTypes: string[] = [];

  readonly assets = new Map<string, AssetRecord>();
  /** Every user row in creation order (retired rows stay). */
  readonly users: UserRecord[] = [];
  /** The one active (Registered/Associated) row per clientUserId. */
  readonly activeUsers = new Map<string, UserRecord>();

  /** Location-wide change counter; records remember the value of their last change. */
  seq = 0;
  readonly versions = {
    assets: new VersionTracker(),
    assignments: new VersionTracker(),
    users: new VersionTracker(),
  };

  /** Recent `/assignments` query results, so paging through 200k records stays linear. */
  private readonly assignmentQueryCache = new Map<string, AssignmentMatches>();

  constructor(
    fixture: FixtureLocation,
    catalog: ReadonlyMap<string, FixtureCatalogItem>,
  ) {
    this.id = fixture.id;
    this.name = fixture.name;
    this.uId = fixture.uId;
    this.countryISO2ACode = fixture.countryISO2ACode.toUpperCase();
    this.orgName = fixture.orgName;
    this.defaultPlatform = fixture.defaultPlatform ?? 'volumestore';
    this.websiteURL = fixture.websiteURL ?? 'https://business.apple.com';
    this.mdmInfo = fixture.mdmInfo ? { ...fixture.mdmInfo } : undefined;

    for (const asset of fixture.assets) {
      const item = catalog.get(asset.adamId);
      if (!item) {
        throw new Error(
          `Fixture location ${fixture.id}: asset ${asset.adamId} is not in the catalog`,
        );
      }
      const pricingParam = asset.pricingParam ?? 'STDQ';
      const productType: ProductType = item.kind === 'ebook' ? 'Book' : 'App';
      const key = assetKey(asset.adamId, pricingParam);
      if (this.assets.has(key)) {
        throw new Error(
          `Fixture location ${fixture.id}: duplicate asset ${key}`,
        );
      }
      const unlimited = asset.unlimited ?? false;
      if (
        !unlimited &&
        !(Number.isInteger(asset.totalCount) && asset.totalCount! >= 0)
      ) {
        throw new Error(
          `Fixture location ${fixture.id}: asset ${key} needs totalCount or unlimited`,
        );
      }
      this.assets.set(key, {
        adamId: asset.adamId,
        pricingParam,
        productType,
        unlimited,
        totalCount: unlimited ? UNLIMITED_COUNT : asset.totalCount!,
        assignedCount: 0,
        retiredCount: asset.retiredCount ?? 0,
        revocable: asset.revocable ?? true,
        // Books are never device-assignable (Apple: getting started).
        deviceAssignable:
          productType === 'Book'
            ? false
            : asset.deviceAssignable ?? item.deviceBasedLicensing ?? true,
        supportedPlatforms: [...item.platforms],
        holders: new Map(),
      });
    }

    for (const user of fixture.users ?? []) {
      const record: UserRecord = {
        clientUserId: user.clientUserId,
        email: user.email,
        managedAppleId: user.managedAppleId,
        status: user.status,
        seq: 0,
      };
      if (user.status === 'Registered') {
        record.inviteCode = user.inviteCode ?? newInviteCode();
      }
      if (user.status === 'Associated' || user.idHash) {
        record.idHash =
          user.idHash ?? this.idHashFor(user.clientUserId, user.managedAppleId);
      }
      if (user.status !== 'Retired') {
        if (this.activeUsers.has(user.clientUserId)) {
          throw new Error(
            `Fixture location ${fixture.id}: two active users ${user.clientUserId}`,
          );
        }
        this.activeUsers.set(user.clientUserId, record);
      }
      this.users.push(record);
    }

    for (const assignment of fixture.assignments ?? []) {
      const key = assetKey(
        assignment.adamId,
        assignment.pricingParam ?? 'STDQ',
      );
      const asset = this.assets.get(key);
      if (!asset) {
        throw new Error(
          `Fixture location ${fixture.id}: assignment of unknown asset ${key}`,
        );
      }
      const holder = assignment.serialNumber
        ? SERIAL_PREFIX + assignment.serialNumber
        : USER_PREFIX + assignment.clientUserId;
      if (asset.holders.has(holder)) {
        continue;
      }
      if (availableCount(asset) <= 0) {
        throw new Error(
          `Fixture location ${fixture.id}: more assignments than licenses for ${key}`,
        );
      }
      asset.holders.set(holder, 0);
      asset.assignedCount++;
    }
  }

  // ---- assets -------------------------------------------------------------------------

  queryAssets(filter: AssetFilter): AssetRecord[] {
    const result: AssetRecord[] = [];
    for (const asset of this.assets.values()) {
      const available = availableCount(asset);
      if (
        (filter.productType && asset.productType !== filter.productType) ||
        (filter.pricingParam && asset.pricingParam !== filter.pricingParam) ||
        (filter.revocable !== undefined &&
          asset.revocable !== filter.revocable) ||
        (filter.deviceAssignable !== undefined &&
          asset.deviceAssignable !== filter.deviceAssignable) ||
        (filter.minAvailableCount !== undefined &&
          available < filter.minAvailableCount) ||
        (filter.maxAvailableCount !== undefined &&
          available > filter.maxAvailableCount) ||
        (filter.minAssignedCount !== undefined &&
          asset.assignedCount < filter.minAssignedCount) ||
        (filter.maxAssignedCount !== undefined &&
          asset.assignedCount > filter.maxAssignedCount) ||
        (filter.adamIds && !filter.adamIds.has(asset.adamId)) ||
        (filter.unlimited === false && asset.unlimited)
      ) {
        continue;
      }
      result.push(asset);
    }
    return result;
  }

  findAsset(ref: AssetRef): AssetRecord | undefined {
    return this.assets.get(assetKey(ref.adamId, ref.pricingParam));
  }

  /**
   * A purchase, transfer or refund: changes totalCount by `countDelta`. Creates the asset
   * on first purchase. Returns the asset.
   */
  changeCount(
    ref: AssetRef,
    countDelta: number,
    catalogItem: FixtureCatalogItem | undefined,
  ): AssetRecord {
    let asset = this.findAsset(ref);
    if (!asset) {
      if (!catalogItem) {
        throw new Error(`Unknown adamId ${ref.adamId} (not in the catalog)`);
      }
      if (countDelta <= 0) {
        throw new Error(
          `Location ${this.id} does not own ${ref.adamId}; countDelta must be positive`,
        );
      }
      const productType: ProductType =
        catalogItem.kind === 'ebook' ? 'Book' : 'App';
      asset = {
        adamId: ref.adamId,
        pricingParam: ref.pricingParam,
        productType,
        unlimited: false,
        totalCount: 0,
        assignedCount: 0,
        retiredCount: 0,
        revocable: true,
        deviceAssignable:
          productType === 'App' && (catalogItem.deviceBasedLicensing ?? true),
        supportedPlatforms: [...catalogItem.platforms],
        holders: new Map(),
      };
      this.assets.set(assetKey(ref.adamId, ref.pricingParam), asset);
    }
    if (asset.unlimited) {
      throw new Error(
        `Asset ${ref.adamId} is unlimited; its count cannot change`,
      );
    }
    if (asset.totalCount + countDelta < asset.assignedCount) {
      throw new Error(
        `countDelta ${countDelta} would leave fewer licenses than the ${asset.assignedCount} assigned`,
      );
    }
    asset.totalCount += countDelta;
    const seq = ++this.seq;
    this.versions.assets.bump(seq);
    return asset;
  }

  // ---- assignments --------------------------------------------------------------------

  /** Matching assignments; `slice` builds Apple's objects for one page only. */
  queryAssignments(filter: AssignmentFilter): {
    count: number;
    slice(start: number, end: number, includeUserState: boolean): Assignment[];
  } {
    const matches = this.matchAssignments(filter);
    return {
      count: matches.holders.length,
      slice: (start, end, includeUserState) => {
        const page: Assignment[] = [];
        for (let i = start; i < end; i++) {
          const assignment = holderToAssignment(
            matches.assets[i],
            matches.holders[i],
          );
          if (includeUserState && assignment.clientUserId) {
            const user = this.latestUser(assignment.clientUserId);
            if (user) {
              assignment.userStatus = user.status;
              if (user.idHash) {
                assignment.idHash = user.idHash;
              }
            }
          }
          page.push(assignment);
        }
        return page;
      },
    };
  }

  private matchAssignments(filter: AssignmentFilter): AssignmentMatches {
    const cacheKey = `${this.versions.assignments.seq}|${JSON.stringify(
      filter,
    )}`;
    const cached = this.assignmentQueryCache.get(cacheKey);
    if (cached) {
      return cached;
    }
    const matches: AssignmentMatches = { assets: [], holders: [] };
    const exactHolder = filter.serialNumber
      ? SERIAL_PREFIX + filter.serialNumber
      : undefined;
    const exactUser =
      filter.clientUserId !== undefined
        ? USER_PREFIX + filter.clientUserId
        : undefined;
    for (const asset of this.assets.values()) {
      if (
        (filter.adamId !== undefined && asset.adamId !== filter.adamId) ||
        (filter.pricingParam && asset.pricingParam !== filter.pricingParam)
      ) {
        continue;
      }
      if (exactHolder || exactUser) {
        // Both filters given: Apple would AND them, and one assignment has only one holder.
        if (exactHolder && exactUser) {
          continue;
        }
        const holder = (exactHolder ?? exactUser)!;
        const seq = asset.holders.get(holder);
        if (seq !== undefined && this.assignmentMatches(holder, seq, filter)) {
          matches.assets.push(asset);
          matches.holders.push(holder);
        }
        continue;
      }
      for (const [holder, seq] of asset.holders) {
        if (this.assignmentMatches(holder, seq, filter)) {
          matches.assets.push(asset);
          matches.holders.push(holder);
        }
      }
    }
    if (this.assignmentQueryCache.size >= 8) {
      this.assignmentQueryCache.delete(
        this.assignmentQueryCache.keys().next().value!,
      );
    }
    this.assignmentQueryCache.set(cacheKey, matches);
    return matches;
  }

  private assignmentMatches(
    holder: string,
    seq: number,
    filter: AssignmentFilter,
  ): boolean {
    if (filter.sinceSeq !== undefined && seq <= filter.sinceSeq) {
      return false;
    }
    if (
      filter.excludeInactiveUsers &&
      holder.startsWith(USER_PREFIX) &&
      !this.activeUsers.has(holder.slice(USER_PREFIX.length))
    ) {
      return false;
    }
    return true;
  }

  private changed(
    seq: number,
    what: { assets?: boolean; assignments?: boolean; users?: boolean },
  ) {
    if (what.assets) {
      this.versions.assets.bump(seq);
    }
    if (what.assignments) {
      this.versions.assignments.bump(seq);
      this.assignmentQueryCache.clear();
    }
    if (what.users) {
      this.versions.users.bump(seq);
    }
  }

  /**
   * ASSOCIATE: one task per (asset, serial) and (asset, user). A new pair consumes one
   * license; an existing pair is a no-op success; no license left → 9709 for that pair;
   * a clientUserId without an active user → 9609.
   */
  associate(
    refs: AssetRef[],
    serialNumbers: string[],
    clientUserIds: string[],
  ): EventOutcome {
    const seq = ++this.seq;
    const outcome = emptyOutcome();
    const notEnough: Assignment[] = [];
    const missingUsers = new Set<string>();
    const missingUserAssignments: Assignment[] = [];
    let changed = false;
    for (const ref of refs) {
      const asset = this.findAsset(ref);
      if (!asset) {
        this.failUnknownAsset(ref, serialNumbers, clientUserIds, outcome);
        continue;
      }
      const failedSerials: string[] = [];
      const failedUsers: string[] = [];
      const holders = [
        ...serialNumbers.map(s => SERIAL_PREFIX + s),
        ...clientUserIds.map(u => USER_PREFIX + u),
      ];
      for (const holder of holders) {
        const assignment = holderToAssignment(asset, holder);
        if (
          assignment.clientUserId !== undefined &&
          !this.activeUsers.has(assignment.clientUserId)
        ) {
          missingUsers.add(assignment.clientUserId);
          missingUserAssignments.push(assignment);
          continue;
        }
        if (asset.holders.has(holder)) {
          outcome.numCompleted++;
          outcome.succeeded.push(assignment);
          continue;
        }
        if (availableCount(asset) <= 0) {
          if (assignment.serialNumber !== undefined) {
            failedSerials.push(assignment.serialNumber);
          } else {
            failedUsers.push(assignment.clientUserId!);
          }
          notEnough.push(assignment);
          continue;
        }
        asset.holders.set(holder, seq);
        asset.assignedCount++;
        changed = true;
        outcome.numCompleted++;
        outcome.succeeded.push(assignment);
      }
      if (failedSerials.length > 0 || failedUsers.length > 0) {
        outcome.failures.push(
          errorResponse(9709, {
            assets: [
              { adamId: asset.adamId, pricingParam: asset.pricingParam },
            ],
            ...(failedSerials.length > 0
              ? { serialNumbers: failedSerials }
              : {}),
            ...(failedUsers.length > 0 ? { clientUserIds: failedUsers } : {}),
          }),
        );
      }
    }
    if (missingUsers.size > 0) {
      outcome.failures.push(
        errorResponse(9609, { clientUserIds: [...missingUsers] }),
      );
      outcome.failedGroups.push({
        errorNumber: 9609,
        items: missingUserAssignments,
      });
    }
    if (notEnough.length > 0) {
      outcome.failedGroups.push({ errorNumber: 9709, items: notEnough });
    }
    if (changed) {
      this.changed(seq, { assets: true, assignments: true });
    }
    return outcome;
  }

  /** DISASSOCIATE: removing a pair returns its license; removing a missing pair is a no-op. */
  disassociate(
    refs: AssetRef[],
    serialNumbers: string[],
    clientUserIds: string[],
  ): EventOutcome {
    const seq = ++this.seq;
    const outcome = emptyOutcome();
    let changed = false;
    for (const ref of refs) {
      const asset = this.findAsset(ref);
      if (!asset) {
        this.failUnknownAsset(ref, serialNumbers, clientUserIds, outcome);
        continue;
      }
      const holders = [
        ...serialNumbers.map(s => SERIAL_PREFIX + s),
        ...clientUserIds.map(u => USER_PREFIX + u),
      ];
      for (const holder of holders) {
        if (asset.holders.delete(holder)) {
          asset.assignedCount--;
          changed = true;
        }
        outcome.numCompleted++;
        outcome.succeeded.push(holderToAssignment(asset, holder));
      }
    }
    if (changed) {
      this.changed(seq, { assets: true, assignments: true });
    }
    return outcome;
  }

  /** REVOKE: removes every revocable asset from the serials/users; one task per holder. */
  revoke(serialNumbers: string[], clientUserIds: string[]): EventOutcome {
    const seq = ++this.seq;
    const outcome = emptyOutcome();
    const holders = [
      ...serialNumbers.map(s => SERIAL_PREFIX + s),
      ...clientUserIds.map(u => USER_PREFIX + u),
    ];
    let changed = false;
    for (const holder of holders) {
      for (const asset of this.assets.values()) {
        if (asset.revocable && asset.holders.delete(holder)) {
          asset.assignedCount--;
          changed = true;
          outcome.succeeded.push(holderToAssignment(asset, holder));
        }
      }
      outcome.numCompleted++;
    }
    if (changed) {
      this.changed(seq, { assets: true, assignments: true });
    }
    return outcome;
  }

  private failUnknownAsset(
    ref: AssetRef,
    serialNumbers: string[],
    clientUserIds: string[],
    outcome: EventOutcome,
  ): void {
    outcome.failures.push(
      errorResponse(9602, {
        assets: [{ adamId: ref.adamId, pricingParam: ref.pricingParam }],
      }),
    );
    outcome.failedGroups.push({
      errorNumber: 9602,
      items: [
        ...serialNumbers.map(serialNumber => ({ ...ref, serialNumber })),
        ...clientUserIds.map(clientUserId => ({ ...ref, clientUserId })),
      ],
    });
  }

  // ---- users --------------------------------------------------------------------------

  queryUsers(filter: UserFilter): UserRecord[] {
    return this.users.filter(
      user =>
        (!filter.activeOnly || user.status !== 'Retired') &&
        (!filter.retiredOnly || user.status === 'Retired') &&
        (filter.clientUserId === undefined ||
          user.clientUserId === filter.clientUserId) &&
        (filter.sinceSeq === undefined || user.seq > filter.sinceSeq),
    );
  }

  /** The active row of a clientUserId, else its most recent retired row. */
  latestUser(clientUserId: string): UserRecord | undefined {
    const active = this.activeUsers.get(clientUserId);
    if (active) {
      return active;
    }
    for (let i = this.users.length - 1; i >= 0; i--) {
      if (this.users[i].clientUserId === clientUserId) {
        return this.users[i];
      }
    }
    return undefined;
  }

  createUsers(users: RequestUser[]): EventOutcome {
    const seq = ++this.seq;
    const outcome = emptyOutcome();
    const existing: ResponseUser[] = [];
    for (const request of users) {
      const active = this.activeUsers.get(request.clientUserId);
      if (active) {
        existing.push(toResponseUser(active));
        continue;
      }
      const record: UserRecord = {
        clientUserId: request.clientUserId,
        email: request.email,
        managedAppleId: request.managedAppleId,
        status: 'Registered',
        seq,
      };
      // A Managed Apple Account makes the user Associated at once (no invitation).
      if (request.managedAppleId) {
        record.status = 'Associated';
        record.idHash = this.idHashFor(
          request.clientUserId,
          request.managedAppleId,
        );
      } else {
        record.inviteCode = newInviteCode();
      }
      this.users.push(record);
      this.activeUsers.set(record.clientUserId, record);
      outcome.numCompleted++;
      outcome.succeeded.push(toResponseUser(record));
    }
    if (existing.length > 0) {
      outcome.failures.push(
        errorResponse(9716, {
          clientUserIds: existing.map(u => u.clientUserId),
        }),
      );
      outcome.failedGroups.push({ errorNumber: 9716, items: existing });
    }
    if (outcome.numCompleted > 0) {
      this.changed(seq, { users: true });
    }
    return outcome;
  }

  updateUsers(users: RequestUser[]): EventOutcome {
    const seq = ++this.seq;
    const outcome = emptyOutcome();
    const missing: string[] = [];
    for (const request of users) {
      const active = this.activeUsers.get(request.clientUserId);
      if (!active) {
        missing.push(request.clientUserId);
        continue;
      }
      if (request.email !== undefined) {
        active.email = request.email;
      }
      if (request.managedAppleId) {
        active.managedAppleId = request.managedAppleId;
        if (active.status === 'Registered') {
          active.status = 'Associated';
          active.idHash = this.idHashFor(
            active.clientUserId,
            request.managedAppleId,
          );
          delete active.inviteCode;
        }
      }
      active.seq = seq;
      outcome.numCompleted++;
      outcome.succeeded.push(toResponseUser(active));
    }
    this.addMissingUsersFailure(missing, outcome);
    if (outcome.numCompleted > 0) {
      this.changed(seq, { users: true });
    }
    return outcome;
  }

  /** RETIRE: the user row becomes Retired and its licenses return to the pool. */
  retireUsers(users: RequestUser[]): EventOutcome {
    const seq = ++this.seq;
    const outcome = emptyOutcome();
    const missing: string[] = [];
    let assignmentsChanged = false;
    for (const request of users) {
      const active = this.activeUsers.get(request.clientUserId);
      if (!active) {
        missing.push(request.clientUserId);
        continue;
      }
      active.status = 'Retired';
      delete active.inviteCode;
      active.seq = seq;
      this.activeUsers.delete(request.clientUserId);
      const holder = USER_PREFIX + request.clientUserId;
      for (const asset of this.assets.values()) {
        if (asset.holders.delete(holder)) {
          asset.assignedCount--;
          assignmentsChanged = true;
        }
      }
      outcome.numCompleted++;
      outcome.succeeded.push(toResponseUser(active));
    }
    this.addMissingUsersFailure(missing, outcome);
    this.changed(seq, {
      users: outcome.numCompleted > 0,
      assets: assignmentsChanged,
      assignments: assignmentsChanged,
    });
    return outcome;
  }

  /** The user accepted the invitation (USER_ASSOCIATED). */
  associateUser(match: { inviteCode: string } | { clientUserId: string }): {
    user: UserRecord;
    inviteCode: string;
  } {
    const user =
      'inviteCode' in match
        ? this.findUserByInviteCode(match.inviteCode)
        : this.activeUsers.get(match.clientUserId);
    if (!user || user.status !== 'Registered' || !user.inviteCode) {
      throw new Error('No registered user with that invitation');
    }
    const inviteCode = user.inviteCode;
    user.status = 'Associated';
    user.idHash = this.idHashFor(user.clientUserId, undefined);
    // Apple: Registered users carry inviteCode, Associated ones idHash.
    delete user.inviteCode;
    user.seq = ++this.seq;
    this.changed(user.seq, { users: true });
    return { user, inviteCode };
  }

  findUserByInviteCode(inviteCode: string): UserRecord | undefined {
    for (const user of this.activeUsers.values()) {
      if (user.inviteCode === inviteCode) {
        return user;
      }
    }
    return undefined;
  }

  private addMissingUsersFailure(missing: string[], outcome: EventOutcome) {
    if (missing.length > 0) {
      outcome.failures.push(errorResponse(9609, { clientUserIds: missing }));
      outcome.failedGroups.push({
        errorNumber: 9609,
        items: missing.map(clientUserId => ({ clientUserId })),
      });
    }
  }

  private idHashFor(clientUserId: string, appleId: string | undefined) {
    return createHash('sha1')
      .update(`${this.uId}:${clientUserId}:${appleId ?? randomUUID()}`)
      .digest('base64');
  }
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

function newInviteCode(): string {
  return randomUUID().replace(/-/g, '');
}

function emptyOutcome(): EventOutcome {
  return { numCompleted: 0, failures: [], succeeded: [], failedGroups: [] };
}
