import { createHash, randomBytes } from 'node:crypto';
import { DAY_MS, formatAppleDate, parseIsoDate } from './dates';
import { errorResponse, VppError } from './errors';
import { EventManager, EventType, SimulatorEvent } from './events';
import { Fault, FaultInjector, FaultInput } from './faults';
import {
  AssetRecord,
  AssetRef,
  EventOutcome,
  LocationState,
  NotificationItem,
  RequestUser,
  toResponseUser,
  UserRecord,
} from './location';
import { NotificationDelivery, Notifier } from './notifications';
import { DEFAULT_SWITCHES, mergeSwitches } from './options';
import { RateLimiter } from './rateLimiter';
import {
  RequestLog,
  RequestLogEntry,
  RequestLogFilter,
  TokenRequestStats,
} from './requestLog';
import { encodeTokenFile } from './tokenFile';
import {
  FixtureCatalogItem,
  PricingParam,
  SimulatorFixture,
  SimulatorOptionsInput,
  SimulatorSwitches,
  TokenState,
} from './types';
import { ManageAssetsInput, RevokeAssetsInput } from './validation';

/** Notification types a client config may subscribe to (Apple's ClientConfigRequest). */
export const SUBSCRIBABLE_NOTIFICATION_TYPES = [
  'TEST_NOTIFICATION',
  'ASSET_MANAGEMENT',
  'USER_MANAGEMENT',
  'USER_ASSOCIATED',
  'ASSET_COUNT',
  'SUBSCRIPTION_MANAGEMENT',
  'SUBSCRIPTION_COUNT',
  'UNLIMITED_ASSET',
];

/** Apple adds `tokenExpirationDate` when the token expires within this window. */
const EXPIRY_WARNING_MS = 15 * DAY_MS;

export interface TokenRecord {
  id: string;
  locationId: string;
  /** The inner `token` secret. */
  secret: string;
  orgName: string;
  expiresAt: Date;
  /** The `.vpptoken` file content; clients send it as the bearer token. */
  fileContent: string;
  /** The state set by fixture/control API; expiry by date is computed on top. */
  state: TokenState;
  createdAt: Date;
  source: 'fixture' | 'download';
}

export interface TokenInfo {
  id: string;
  locationId: string;
  locationName: string;
  expDate: string;
  /** Effective state: `expired` once expDate has passed. */
  state: TokenState;
  source: 'fixture' | 'download';
  createdAt: string;
  fileContent: string;
}

export type AuthResult =
  | { ok: true; token: TokenRecord; location: LocationState }
  | { ok: false; errorNumber: number; tokenId?: string };

export interface LocationSummary {
  id: string;
  name: string;
  uId: string;
  countryISO2ACode: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * All simulator state: locations, tokens, events, notifications, faults, rate limiting and
 * the request log. The HTTP routes and the control API both work on one instance.
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
  private readonly tokensByContent = new Map<string, TokenRecord>();
  private readonly tokensById = new Map<string, TokenRecord>();
  private tokenCounter = 0;
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
    this.tokensByContent.clear();
    this.tokensById.clear();
    this.tokenCounter = 0;
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
        this.addToken(location, token.token, expiresAt, 'fixture', token.state);
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
    return {
      counter: this.tokenCounter,
      tokens: [...this.tokensById.values()],
    };
  }

  /** Replaces every token with saved ones (a restart with a state file). */
  restoreTokens(tokens: TokenRecord[], counter: number): void {
    this.tokensByContent.clear();
    this.tokensById.clear();
    for (const token of tokens) {
      this.location(token.locationId);
      this.tokensByContent.set(token.fileContent, token);
      this.tokensById.set(token.id, token);
    }
    this.tokenCounter = counter;
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
    return [...this.locations.values()].map(location => ({
      id: location.id,
      name: location.name,
      uId: location.uId,
      countryISO2ACode: location.countryISO2ACode,
    }));
  }

  // ---- tokens -------------------------------------------------------------------------

  /**
   * Apple Business Manager's "Download": issues a new token for the location and returns
   * the `.vpptoken` file content. Any expiry is accepted (past dates included); default one
   * year from now. With `revokeOnNewDownload` the location's older tokens become revoked.
   */
  downloadToken(locationId: string, expiresAt?: Date | string): string {
    const location = this.location(locationId);
    let expiry: Date;
    if (expiresAt === undefined) {
      expiry = new Date(Date.now() + 365 * DAY_MS);
    } else if (typeof expiresAt === 'string') {
      const parsed = parseIsoDate(expiresAt);
      if (!parsed) {
        throw new Error(`expiresAt is not an ISO-8601 date: ${expiresAt}`);
      }
      expiry = parsed;
    } else {
      expiry = expiresAt;
    }
    if (this.switches.revokeOnNewDownload) {
      for (const token of this.tokensById.values()) {
        if (token.locationId === locationId) {
          token.state = 'revoked';
        }
      }
    }
    const secret = randomBytes(48).toString('base64');
    return this.addToken(location, secret, expiry, 'download').fileContent;
  }

  private addToken(
    location: LocationState,
    secret: string,
    expiresAt: Date,
    source: 'fixture' | 'download',
    state: TokenState = 'valid',
  ): TokenRecord {
    // Apple's expDate has second precision; keep the record consistent with the file.
    const expiry = new Date(Math.floor(expiresAt.getTime() / 1000) * 1000);
    const fileContent = encodeTokenFile({
      token: secret,
      expDate: expiry,
      orgName: location.orgName,
    });
    if (this.tokensByContent.has(fileContent)) {
      throw new Error(`Duplicate token for location ${location.id}`);
    }
    const record: TokenRecord = {
      id: `tok-${++this.tokenCounter}`,
      locationId: location.id,
      secret,
      orgName: location.orgName,
      expiresAt: expiry,
      fileContent,
      state,
      createdAt: new Date(),
      source,
    };
    this.tokensByContent.set(fileContent, record);
    this.tokensById.set(record.id, record);
    return record;
  }

  private effectiveState(token: TokenRecord): TokenState {
    if (token.state === 'valid' && token.expiresAt.getTime() <= Date.now()) {
      return 'expired';
    }
    return token.state;
  }

  listTokens(locationId?: string): TokenInfo[] {
    return [...this.tokensById.values()]
      .filter(
        token => locationId === undefined || token.locationId === locationId,
      )
      .map(token => ({
        id: token.id,
        locationId: token.locationId,
        locationName: this.location(token.locationId).name,
        expDate: formatAppleDate(token.expiresAt),
        state: this.effectiveState(token),
        source: token.source,
        createdAt: token.createdAt.toISOString(),
        fileContent: token.fileContent,
      }));
  }

  /** Finds a token by id (`tok-1`), by file content (the bearer) or by its inner secret. */
  findToken(token: string): TokenRecord | undefined {
    const trimmed = token.trim();
    const found =
      this.tokensById.get(trimmed) ?? this.tokensByContent.get(trimmed);
    if (found) {
      return found;
    }
    for (const record of this.tokensById.values()) {
      if (record.secret === trimmed) {
        return record;
      }
    }
    return undefined;
  }

  /** Marks a token valid, expired (9621), revoked (9625) or invalid (9622). */
  setTokenState(token: string, state: TokenState): TokenInfo {
    if (!['valid', 'expired', 'revoked', 'invalid'].includes(state)) {
      throw new Error(`Invalid token state ${state}`);
    }
    const record = this.findToken(token);
    if (!record) {
      throw new Error('Unknown token');
    }
    record.state = state;
    return this.listTokens().find(t => t.id === record.id)!;
  }

  /** Resolves an `Authorization` header to a token and location, or an Apple error number. */
  authenticate(authorization: string | undefined): AuthResult {
    if (authorization === undefined || authorization.trim() === '') {
      return { ok: false, errorNumber: 9601 };
    }
    const match = /^Bearer\s+(\S[\s\S]*)$/i.exec(authorization.trim());
    if (!match) {
      return { ok: false, errorNumber: 9722 };
    }
    const bearer = match[1].trim();
    const token = this.tokensByContent.get(bearer);
    if (!token) {
      return {
        ok: false,
        errorNumber: this.switches.unknownTokenErrorNumber,
        tokenId: unknownTokenId(bearer),
      };
    }
    const state = this.effectiveState(token);
    const errorNumber = {
      valid: 0,
      expired: 9621,
      revoked: 9625,
      invalid: this.switches.unknownTokenErrorNumber,
    }[state];
    if (errorNumber !== 0) {
      return { ok: false, errorNumber, tokenId: token.id };
    }
    return { ok: true, token, location: this.location(token.locationId) };
  }

  /** Token id and location of a request for the request log (whatever its state). */
  identifyRequestToken(authorization: string | undefined): {
    tokenId?: string;
    locationId?: string;
  } {
    const match = /^Bearer\s+(\S[\s\S]*)$/i.exec(authorization?.trim() ?? '');
    if (!match) {
      return {};
    }
    const bearer = match[1].trim();
    const token = this.tokensByContent.get(bearer);
    return token
      ? { tokenId: token.id, locationId: token.locationId }
      : { tokenId: unknownTokenId(bearer) };
  }

  /** `tokenExpirationDate` for a response: always, or only within 15 days of expiry. */
  tokenExpirationDate(token: TokenRecord): string | undefined {
    if (
      this.switches.tokenExpirationDateAlways ||
      token.expiresAt.getTime() - Date.now() <= EXPIRY_WARNING_MS
    ) {
      return formatAppleDate(token.expiresAt);
    }
    return undefined;
  }

  // ---- client config ------------------------------------------------------------------

  /**
   * `POST /client/config`. Validates everything first (9723/9724/9725/9713, 9710/9711/9712,
   * 9602), sends TEST_NOTIFICATION when a notification URL is given (failure → 9728), and
   * only then stores it — last writer wins.
   */
  async updateClientConfig(
    location: LocationState,
    body: unknown,
  ): Promise<void> {
    if (!isObject(body)) {
      throw new VppError(9602);
    }
    const limits = this.switches.limits;
    const {
      mdmInfo,
      notificationUrl,
      notificationAuthToken,
      notificationTypes,
    } = body;

    if (mdmInfo !== undefined) {
      if (
        !isObject(mdmInfo) ||
        typeof mdmInfo.id !== 'string' ||
        typeof mdmInfo.name !== 'string' ||
        typeof mdmInfo.metadata !== 'string' ||
        mdmInfo.id === '' ||
        mdmInfo.name === ''
      ) {
        throw new VppError(9723);
      }
      if (mdmInfo.id.length > limits.maxMdmIdLength) {
        throw new VppError(9724);
      }
      if (mdmInfo.name.length > limits.maxMdmNameLength) {
        throw new VppError(9725);
      }
      if (mdmInfo.metadata.length > limits.maxMdmMetadataLength) {
        throw new VppError(9713);
      }
    }

    const urlGiven = notificationUrl !== undefined && notificationUrl !== null;
    const tokenGiven =
      notificationAuthToken !== undefined && notificationAuthToken !== null;
    let clearNotifications = false;
    if (urlGiven || tokenGiven) {
      if (!urlGiven || !tokenGiven) {
        throw new VppError(9710);
      }
      if (
        typeof notificationUrl !== 'string' ||
        typeof notificationAuthToken !== 'string'
      ) {
        throw new VppError(9602);
      }
      if (notificationUrl === '' && notificationAuthToken === '') {
        clearNotifications = true;
      } else if (notificationUrl === '' || notificationAuthToken === '') {
        throw new VppError(9710);
      } else {
        if (
          notificationUrl.length > limits.maxNotificationLength ||
          notificationAuthToken.length > limits.maxNotificationLength
        ) {
          throw new VppError(9711);
        }
        this.checkNotificationUrl(notificationUrl);
      }
    }

    if (notificationTypes !== undefined) {
      if (
        !Array.isArray(notificationTypes) ||
        notificationTypes.some(
          type =>
            typeof type !== 'string' ||
            !SUBSCRIBABLE_NOTIFICATION_TYPES.includes(type),
        )
      ) {
        throw new VppError(9602);
      }
    }

    if (urlGiven && !clearNotifications) {
      const delivered = await this.notifier.sendTest(
        location,
        notificationUrl as string,
        notificationAuthToken as string,
      );
      if (!delivered) {
        throw new VppError(9728);
      }
    }

    if (mdmInfo !== undefined) {
      const info = mdmInfo as Record<string, string>;
      location.mdmInfo = {
        id: info.id,
        name: info.name,
        metadata: info.metadata,
      };
    }
    if (clearNotifications) {
      location.notificationUrl = undefined;
      location.notificationAuthToken = undefined;
    } else if (urlGiven) {
      location.notificationUrl = notificationUrl as string;
      location.notificationAuthToken = notificationAuthToken as string;
    }
    if (notificationTypes !== undefined) {
      location.subscribedNotificationTypes = [
        ...new Set(notificationTypes as string[]),
      ];
    }
  }

  private checkNotificationUrl(text: string): void {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new VppError(9712);
    }
    const allowed = this.switches.allowHttpNotificationUrls
      ? ['https:', 'http:']
      : ['https:'];
    if (!allowed.includes(url.protocol) || url.username || url.password) {
      throw new VppError(9712);
    }
  }

  // ---- assets -------------------------------------------------------------------------

  /**
   * ASSOCIATE / DISASSOCIATE after the request passed `parseManageAssetsRequest`. Checks
   * that need the location are synchronous too: not owned (9602, switch), not
   * device-assignable with serials (9707), not revocable on disassociate (9706).
   */
  startAssetEvent(
    location: LocationState,
    eventType: 'ASSOCIATE' | 'DISASSOCIATE',
    input: ManageAssetsInput,
  ): SimulatorEvent {
    const owned: AssetRecord[] = [];
    const unknown: AssetRef[] = [];
    for (const ref of input.assets) {
      const asset = location.findAsset(ref);
      if (asset) {
        owned.push(asset);
      } else {
        unknown.push(ref);
      }
    }
    if (unknown.length > 0 && this.switches.unknownAssetError === 'sync') {
      throw new VppError(9602, { assets: unknown.map(refOf) });
    }
    if (input.serialNumbers.length > 0) {
      const notDeviceAssignable = owned.filter(a => !a.deviceAssignable);
      if (notDeviceAssignable.length > 0) {
        throw new VppError(9707, { assets: notDeviceAssignable.map(refOf) });
      }
    }
    if (eventType === 'DISASSOCIATE') {
      const notRevocable = owned.filter(a => !a.revocable);
      if (notRevocable.length > 0) {
        throw new VppError(9706, { assets: notRevocable.map(refOf) });
      }
    }
    const numRequested =
      input.assets.length *
      (input.serialNumbers.length + input.clientUserIds.length);
    return this.startEvent(location, eventType, numRequested, () =>
      eventType === 'ASSOCIATE'
        ? location.associate(
            input.assets,
            input.serialNumbers,
            input.clientUserIds,
          )
        : location.disassociate(
            input.assets,
            input.serialNumbers,
            input.clientUserIds,
          ),
    );
  }

  /** REVOKE: one task per serial number / user. */
  startRevokeEvent(
    location: LocationState,
    input: RevokeAssetsInput,
  ): SimulatorEvent {
    return this.startEvent(
      location,
      'REVOKE',
      input.serialNumbers.length + input.clientUserIds.length,
      () => location.revoke(input.serialNumbers, input.clientUserIds),
    );
  }

  startUserEvent(
    location: LocationState,
    eventType: 'CREATE' | 'UPDATE' | 'RETIRE',
    users: RequestUser[],
  ): SimulatorEvent {
    return this.startEvent(location, eventType, users.length, () => {
      if (eventType === 'CREATE') {
        return location.createUsers(users);
      }
      if (eventType === 'UPDATE') {
        return location.updateUsers(users);
      }
      return location.retireUsers(users);
    });
  }

  private startEvent(
    location: LocationState,
    eventType: EventType,
    numRequested: number,
    run: () => EventOutcome,
  ): SimulatorEvent {
    return this.events.create(
      {
        locationId: location.id,
        eventType,
        numRequested,
        delayMs: this.switches.eventDelayMs,
      },
      run,
      (event, outcome) => {
        this.notifyEvent(location, event, outcome);
        this.changed();
      },
    );
  }

  /** ASSET_MANAGEMENT / USER_MANAGEMENT notifications, at most `notificationBatchSize` items each. */
  private notifyEvent(
    location: LocationState,
    event: SimulatorEvent,
    outcome: EventOutcome,
  ): void {
    const isUserEvent = ['CREATE', 'UPDATE', 'RETIRE'].includes(
      event.eventType,
    );
    const notificationType = isUserEvent
      ? 'USER_MANAGEMENT'
      : 'ASSET_MANAGEMENT';
    const listKey = isUserEvent ? 'users' : 'assignments';
    const send = (
      items: NotificationItem[],
      result: 'SUCCESS' | 'FAILURE',
      errorNumber?: number,
    ) => {
      const size = this.switches.notificationBatchSize;
      for (let start = 0; start < items.length; start += size) {
        const notification: Record<string, unknown> = {
          [listKey]: items.slice(start, start + size),
          eventId: event.eventId,
          result,
          type: event.eventType,
        };
        if (errorNumber !== undefined) {
          const { errorMessage, errorNumber: number } =
            errorResponse(errorNumber);
          notification.error = { errorMessage, errorNumber: number };
        }
        this.notifier.notify(location, notificationType, notification);
      }
    };
    send(outcome.succeeded, 'SUCCESS');
    for (const group of outcome.failedGroups) {
      send(group.items, 'FAILURE', group.errorNumber);
    }
  }

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

function refOf(asset: AssetRef): { adamId: string; pricingParam: string } {
  return { adamId: asset.adamId, pricingParam: asset.pricingParam };
}

/** Log/rate-stats id for a bearer that matches no token (never the secret itself). */
export function unknownTokenId(bearer: string): string {
  return `unknown:${createHash('sha256')
    .update(bearer)
    .digest('hex')
    .slice(0, 12)}`;
}
