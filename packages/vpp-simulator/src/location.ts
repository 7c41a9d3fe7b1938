import {
  AssignmentQueryCache,
  associateAssets,
  disassociateAssets,
  queryAssignments,
  revokeAssets,
} from './locationAssignments';
import {
  changeLicenseCount,
  newAssetRecord,
  queryAssets,
} from './locationAssets';
import {
  AssetFilter,
  AssetRecord,
  AssetRef,
  assetKey,
  Assignment,
  AssignmentFilter,
  availableCount,
  EventOutcome,
  grantLicense,
  RequestUser,
  SERIAL_PREFIX,
  UserFilter,
  UserRecord,
  USER_PREFIX,
} from './locationRecords';
import {
  acceptInvitation,
  createUsers,
  findUserByInviteCode,
  idHashFor,
  latestUser,
  newInviteCode,
  queryUsers,
  retireUsers,
  updateUsers,
} from './locationUsers';
import { FixtureCatalogItem, FixtureLocation, MdmInfo } from './types';
import { VersionTracker } from './versioning';

// The records of a location, for the modules that import them with LocationState.
export {
  UNLIMITED_COUNT,
  assetKey,
  availableCount,
  toResponseUser,
  type AssetFilter,
  type AssetRecord,
  type AssetRef,
  type Assignment,
  type AssignmentFilter,
  type EventOutcome,
  type NotificationItem,
  type RequestUser,
  type ResponseUser,
  type UserFilter,
  type UserRecord,
} from './locationRecords';

/** Which of a location's versioned endpoints a change touched. */
export interface LocationChange {
  assets?: boolean;
  assignments?: boolean;
  users?: boolean;
}

/**
 * One location (organizational unit): its assets, assignments, users and client config.
 * The work on them is in `locationAssets.ts`, `locationAssignments.ts` and `locationUsers.ts`.
 */
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

  readonly assignmentQueries = new AssignmentQueryCache();

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
    this.loadFixtureAssets(fixture, catalog);
    this.loadFixtureUsers(fixture);
    this.loadFixtureAssignments(fixture);
  }

  private loadFixtureAssets(
    fixture: FixtureLocation,
    catalog: ReadonlyMap<string, FixtureCatalogItem>,
  ): void {
    for (const asset of fixture.assets) {
      const item = catalog.get(asset.adamId);
      if (!item) {
        throw new Error(
          `Fixture location ${fixture.id}: asset ${asset.adamId} is not in the catalog`,
        );
      }
      const pricingParam = asset.pricingParam ?? 'STDQ';
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
      this.assets.set(
        key,
        newAssetRecord({ adamId: asset.adamId, pricingParam }, item, asset),
      );
    }
  }

  private loadFixtureUsers(fixture: FixtureLocation): void {
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
          user.idHash ??
          idHashFor(this, user.clientUserId, user.managedAppleId);
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
  }

  private loadFixtureAssignments(fixture: FixtureLocation): void {
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
      grantLicense(asset, holder, 0);
    }
  }

  /** Records a change made at sequence number `seq`: new versionIds for what it touched. */
  recordChange(seq: number, what: LocationChange): void {
    if (what.assets) {
      this.versions.assets.bump(seq);
    }
    if (what.assignments) {
      this.versions.assignments.bump(seq);
      this.assignmentQueries.clear();
    }
    if (what.users) {
      this.versions.users.bump(seq);
    }
  }

  // ---- assets (locationAssets.ts) -----------------------------------------------------

  queryAssets(filter: AssetFilter): AssetRecord[] {
    return queryAssets(this, filter);
  }

  findAsset(ref: AssetRef): AssetRecord | undefined {
    return this.assets.get(assetKey(ref.adamId, ref.pricingParam));
  }

  /** A purchase, transfer or refund; creates the asset on first purchase. */
  changeCount(
    ref: AssetRef,
    countDelta: number,
    catalogItem: FixtureCatalogItem | undefined,
  ): AssetRecord {
    return changeLicenseCount(this, ref, countDelta, catalogItem);
  }

  // ---- assignments (locationAssignments.ts) -------------------------------------------

  queryAssignments(filter: AssignmentFilter): {
    count: number;
    slice(start: number, end: number, includeUserState: boolean): Assignment[];
  } {
    return queryAssignments(this, filter);
  }

  associate(
    refs: AssetRef[],
    serialNumbers: string[],
    clientUserIds: string[],
  ): EventOutcome {
    return associateAssets(this, refs, serialNumbers, clientUserIds);
  }

  disassociate(
    refs: AssetRef[],
    serialNumbers: string[],
    clientUserIds: string[],
  ): EventOutcome {
    return disassociateAssets(this, refs, serialNumbers, clientUserIds);
  }

  revoke(serialNumbers: string[], clientUserIds: string[]): EventOutcome {
    return revokeAssets(this, serialNumbers, clientUserIds);
  }

  // ---- users (locationUsers.ts) -------------------------------------------------------

  queryUsers(filter: UserFilter): UserRecord[] {
    return queryUsers(this, filter);
  }

  latestUser(clientUserId: string): UserRecord | undefined {
    return latestUser(this, clientUserId);
  }

  createUsers(users: RequestUser[]): EventOutcome {
    return createUsers(this, users);
  }

  updateUsers(users: RequestUser[]): EventOutcome {
    return updateUsers(this, users);
  }

  retireUsers(users: RequestUser[]): EventOutcome {
    return retireUsers(this, users);
  }

  associateUser(match: { inviteCode: string } | { clientUserId: string }): {
    user: UserRecord;
    inviteCode: string;
  } {
    return acceptInvitation(this, match);
  }

  findUserByInviteCode(inviteCode: string): UserRecord | undefined {
    return findUserByInviteCode(this, inviteCode);
  }
}
