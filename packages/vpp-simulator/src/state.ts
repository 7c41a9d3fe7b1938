import { updateClientConfig } from './clientConfig';
import { DAY_MS, parseIsoDate } from './dates';
import { EventManager, SimulatorEvent } from './events';
import { Fault, FaultInjector, FaultInput } from './faults';
import {
  AssetRecord,
  LocationState,
  RequestUser,
  toResponseUser,
  UserRecord,
} from './location';
import { ManagementEvents } from './managementEvents';
import { NotificationDelivery, Notifier } from './notifications';
import { DEFAULT_SWITCHES, mergeSwitches } from './options';
import { RateLimiter } from './rateLimiter';
import {
  RequestLog,
  RequestLogEntry,
  RequestLogFilter,
  TokenRequestStats,
} from './requestLog';
import {
  AuthResult,
  TokenInfo,
  TokenRecord,
  TokenRegistry,
} from './tokenRegistry';
import {
  FixtureCatalogItem,
  PricingParam,
  SimulatorFixture,
  SimulatorOptionsInput,
  SimulatorSwitches,
  TokenState,
} from './types';
import { ManageAssetsInput, RevokeAssetsInput } from './validation';

// The state's public types, defined beside the parts that use them.
export { SUBSCRIBABLE_NOTIFICATION_TYPES } from './clientConfig';
export type { AuthResult, TokenInfo, TokenRecord } from './tokenRegistry';

export interface LocationSummary {
  id: string;
  name: string;
  uId: string;
  countryISO2ACode: string;
}

export function locationSummary(location: LocationState): LocationSummary {
  return {
    id: location.id,
    name: location.name,
    uId: location.uId,
    countryISO2ACode: location.countryISO2ACode,
  };
}

/**
 * All simulator state: locations, tokens, events, notifications, faults, rate limiting and
 * the request log. The HTTP routes and the control API both work on one instance; the work
 * is in `tokenRegistry.ts`, `clientConfig.ts`, `managementEvents.ts` and the location
 * modules.
 */
export class SimulatorState {
  readonly fixture: SimulatorFixture;
  readonly events = new EventManager();
  readonly notifier: Notifier;
  readonly faults = new FaultInjector();
  readonly rateLimiter = new RateLimiter();
  readonly requestLog: RequestLog;
  readonly catalog = new Map<string, FixtureCatalogItem>();
  readonly locations = new Map<string, LocationState>();

  private switches: SimulatorSwitches;
  private readonly initialSwitches: SimulatorSwitches;
  private readonly tokens = new TokenRegistry(
    locationId => this.location(locationId),
    () => this.switches,
  );
  private readonly managementEvents: ManagementEvents;
  private readonly changeListeners = new Set<() => void>();
  /** Fixture tokens without expDate expire one year after this instant, stable across resets. */
  private readonly createdAt = Date.now();

  constructor(
    fixture: SimulatorFixture,
    options?: SimulatorOptionsInput,
    random: () => number = Math.random,
  ) {
    this.fixture = fixture;
    const fromFixture = mergeSwitches(DEFAULT_SWITCHES, {
      pageSizes: fixture.pageSizes,
      limits: fixture.limits,
    });
    this.initialSwitches = mergeSwitches(fromFixture, options);
    this.switches = this.initialSwitches;
    this.notifier = new Notifier(() => this.switches, random);
    this.requestLog = new RequestLog(() => this.switches.requestLogLimit);
    this.managementEvents = new ManagementEvents(
      this.events,
      this.notifier,
      () => this.switches,
      () => this.changed(),
    );
    this.load();
  }

  get options(): SimulatorSwitches {
    return this.switches;
  }

  setOptions(input: SimulatorOptionsInput): SimulatorSwitches {
    this.switches = mergeSwitches(this.switches, input);
    return this.switches;
  }

  setRateLimit(enabled: boolean): void {
    this.setOptions({ rateLimit: enabled });
    this.rateLimiter.clear();
  }

  /**
   * Back to the fixture: locations, tokens (downloaded ones are dropped), events,
   * notification log, faults, request log and options as given at start.
   */
  reset(): void {
    this.events.clear();
    this.notifier.clearLog();
    this.faults.clear();
    this.rateLimiter.clear();
    this.requestLog.clear();
    this.switches = this.initialSwitches;
    this.load();
  }

  /** Stops timers and in-flight notifications (server close). */
  dispose(): void {
    this.events.clear();
    this.notifier.dispose();
  }

  private load(): void {
    this.catalog.clear();
    this.locations.clear();
    this.tokens.clear();
    for (const item of this.fixture.catalog) {
      this.catalog.set(item.adamId, item);
    }
    for (const fixtureLocation of this.fixture.locations) {
      for (const item of fixtureLocation.catalog ?? []) {
        this.catalog.set(item.adamId, item);
      }
    }
    for (const fixtureLocation of this.fixture.locations) {
      if (this.locations.has(fixtureLocation.id)) {
        throw new Error(`Duplicate fixture location id ${fixtureLocation.id}`);
      }
      const location = new LocationState(fixtureLocation, this.catalog);
      this.locations.set(location.id, location);
      for (const token of fixtureLocation.tokens ?? []) {
        const expiresAt = token.expDate
          ? parseIsoDate(token.expDate)
          : new Date(this.createdAt + (token.expiresInDays ?? 365) * DAY_MS);
        if (!expiresAt) {
          throw new Error(`Fixture token of ${location.id}: bad expDate`);
        }
        this.tokens.add(
          location,
          token.token,
          expiresAt,
          'fixture',
          token.state,
        );
      }
    }
  }

  // ---- persistence hooks (persistence.ts) --------------------------------------------

  /**
   * Calls `listener` after a change that happens outside an HTTP request (an async event
   * completing), so the state file can be written. Returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.changeListeners) {
      listener();
    }
  }

  /** Every token, downloaded ones included, and the counter their ids come from. */
  tokenRecords(): { counter: number; tokens: TokenRecord[] } {
    return this.tokens.records();
  }

  /** Replaces every token with saved ones (a restart with a state file). */
  restoreTokens(tokens: TokenRecord[], counter: number): void {
    this.tokens.restore(tokens, counter);
  }

  // ---- locations ----------------------------------------------------------------------

  location(locationId: string): LocationState {
    const location = this.locations.get(locationId);
    if (!location) {
      throw new Error(`Unknown location ${locationId}`);
    }
    return location;
  }

  listLocations(): LocationSummary[] {
    return [...this.locations.values()].map(locationSummary);
  }

  // ---- tokens (tokenRegistry.ts) ------------------------------------------------------

  /**
   * Apple Business Manager's "Download": issues a new token for the location and returns
   * the `.vpptoken` file content. Any expiry is accepted (past dates included); default one
   * year from now. With `revokeOnNewDownload` the location's older tokens become revoked.
   */
  downloadToken(locationId: string, expiresAt?: Date | string): string {
    return this.tokens.download(this.location(locationId), expiresAt);
  }

  listTokens(locationId?: string): TokenInfo[] {
    return this.tokens.list(locationId);
  }

  /** Finds a token by id (`tok-1`), by file content (the bearer) or by its inner secret. */
  findToken(token: string): TokenRecord | undefined {
    return this.tokens.find(token);
  }

  /** Marks a token valid, expired (9621), revoked (9625) or invalid (9622). */
  setTokenState(token: string, state: TokenState): TokenInfo {
    return this.tokens.setState(token, state);
  }

  /** Resolves an `Authorization` header to a token and location, or an Apple error number. */
  authenticate(authorization: string | undefined): AuthResult {
    return this.tokens.authenticate(authorization);
  }

  /** Token id and location of a request for the request log (whatever its state). */
  identifyRequestToken(authorization: string | undefined): {
    tokenId?: string;
    locationId?: string;
  } {
    return this.tokens.identify(authorization);
  }

  /** `tokenExpirationDate` for a response: always, or only within 15 days of expiry. */
  tokenExpirationDate(token: TokenRecord): string | undefined {
    return this.tokens.expirationDate(token);
  }

  // ---- client config (clientConfig.ts) ------------------------------------------------

  /** `POST /client/config`: validates everything, tests the notification URL, then stores. */
  updateClientConfig(location: LocationState, body: unknown): Promise<void> {
    return updateClientConfig(location, body, this.switches, this.notifier);
  }

  // ---- asset and user events (managementEvents.ts) ------------------------------------

  /** ASSOCIATE / DISASSOCIATE; throws the VppError of a synchronous check. */
  startAssetEvent(
    location: LocationState,
    eventType: 'ASSOCIATE' | 'DISASSOCIATE',
    input: ManageAssetsInput,
  ): SimulatorEvent {
    return this.managementEvents.startAssetEvent(location, eventType, input);
  }

  /** REVOKE: one task per serial number / user. */
  startRevokeEvent(
    location: LocationState,
    input: RevokeAssetsInput,
  ): SimulatorEvent {
    return this.managementEvents.startRevokeEvent(location, input);
  }

  startUserEvent(
    location: LocationState,
    eventType: 'CREATE' | 'UPDATE' | 'RETIRE',
    users: RequestUser[],
  ): SimulatorEvent {
    return this.managementEvents.startUserEvent(location, eventType, users);
  }

  // ---- what Apple Business Manager and users do (control API) -------------------------

  /**
   * A purchase (positive), refund or transfer (negative) of licenses: changes totalCount,
   * bumps the assets versionId and sends ASSET_COUNT.
   */
  purchase(
    locationId: string,
    adamId: string,
    pricingParam: PricingParam,
    countDelta: number,
  ): AssetRecord {
    if (!Number.isInteger(countDelta) || countDelta === 0) {
      throw new Error('countDelta must be a non-zero integer');
    }
    if (pricingParam !== 'STDQ' && pricingParam !== 'PLUS') {
      throw new Error('pricingParam must be STDQ or PLUS');
    }
    const location = this.location(locationId);
    const asset = location.changeCount(
      { adamId, pricingParam },
      countDelta,
      this.catalog.get(adamId),
    );
    this.notifier.notify(location, 'ASSET_COUNT', {
      adamId,
      countDelta,
      pricingParam,
    });
    return asset;
  }

  /** A user accepts the invitation: Registered → Associated, USER_ASSOCIATED notification. */
  associateUser(
    match:
      | { inviteCode: string }
      | { locationId: string; clientUserId: string },
  ): { location: LocationState; user: UserRecord } {
    let location: LocationState | undefined;
    if ('inviteCode' in match) {
      location = [...this.locations.values()].find(
        l => l.findUserByInviteCode(match.inviteCode) !== undefined,
      );
      if (!location) {
        throw new Error('Unknown invitation code');
      }
    } else {
      location = this.location(match.locationId);
    }
    const { user, inviteCode } = location.associateUser(
      'inviteCode' in match
        ? { inviteCode: match.inviteCode }
        : { clientUserId: match.clientUserId },
    );
    this.notifier.notify(location, 'USER_ASSOCIATED', {
      associatedUsers: [{ ...toResponseUser(user), inviteCode }],
    });
    return { location, user };
  }

  /**
   * Whether any location holds a device license of `adamId` for `serialNumber`: what a
   * device's InstallApplication asks the App Store (the MDM side of the simulator).
   */
  holdsDeviceLicense(adamId: string, serialNumber: string): boolean {
    const holder = `s:${serialNumber}`;
    for (const location of this.locations.values()) {
      for (const asset of location.assets.values()) {
        if (asset.adamId === adamId && asset.holders.has(holder)) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- events, faults, logs -----------------------------------------------------------

  /** Completes every pending event now (tests that do not want to wait). */
  completePendingEvents(): void {
    this.events.completeAll();
  }

  waitForEvent(eventId: string): Promise<SimulatorEvent> {
    return this.events.waitFor(eventId);
  }

  injectFault(input: FaultInput): Fault {
    return this.faults.add(input);
  }

  listFaults(): Fault[] {
    return this.faults.list();
  }

  clearFaults(): void {
    this.faults.clear();
  }

  requests(filter?: RequestLogFilter): RequestLogEntry[] {
    return this.requestLog.list(filter);
  }

  requestStats(filter?: RequestLogFilter): TokenRequestStats[] {
    return this.requestLog.stats(filter);
  }

  clearRequestLog(): void {
    this.requestLog.clear();
  }

  notifications(): NotificationDelivery[] {
    return [...this.notifier.deliveries];
  }

  /** Resolves when no notification delivery is in flight. */
  notificationsIdle(): Promise<void> {
    return this.notifier.idle();
  }
}
