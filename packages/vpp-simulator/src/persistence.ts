import fs from 'node:fs';
import path from 'node:path';
import { AssetRecord, LocationState, UserRecord } from './location';
import { SimulatorState, TokenRecord } from './state';
import { MdmInfo, TokenState } from './types';
import { VersionTracker, VersionTrackerSnapshot } from './versioning';

/**
 * The simulator's state file: what Apple (and, later, the MDM server) would remember across
 * a restart — tokens (downloaded ones included), each location's licenses, assignments,
 * users, client config and version ids. A development portal keeps its database across
 * restarts; without this file the simulator would start from its fixture again and the
 * portal would show licenses Apple "forgot" and tokens Apple no longer knows.
 *
 * Not kept: pending async events, notification and request logs, injected faults and
 * option switches (the command line / config sets those on each start).
 */

export const STATE_FILE_FORMAT = 1;

/** A part of the simulator with its own state, saved under its name (e.g. `mdm`). */
export interface PersistedPart {
  toJSON(): unknown;
  restore(snapshot: unknown): void;
}

interface SavedToken extends Omit<TokenRecord, 'expiresAt' | 'createdAt'> {
  expiresAt: string;
  createdAt: string;
}

interface SavedAsset extends Omit<AssetRecord, 'holders'> {
  holders: Array<[string, number]>;
}

interface SavedLocation {
  id: string;
  mdmInfo?: MdmInfo;
  notificationUrl?: string;
  notificationAuthToken?: string;
  subscribedNotificationTypes: string[];
  seq: number;
  versions: Record<'assets' | 'assignments' | 'users', VersionTrackerSnapshot>;
  assets: SavedAsset[];
  users: UserRecord[];
}

export interface SimulatorSnapshot {
  format: number;
  fixture: string;
  savedAt: string;
  tokenCounter: number;
  tokens: SavedToken[];
  locations: SavedLocation[];
  parts: Record<string, unknown>;
}

function saveLocation(location: LocationState): SavedLocation {
  return {
    id: location.id,
    mdmInfo: location.mdmInfo,
    notificationUrl: location.notificationUrl,
    notificationAuthToken: location.notificationAuthToken,
    subscribedNotificationTypes: location.subscribedNotificationTypes,
    seq: location.seq,
    versions: {
      assets: location.versions.assets.toJSON(),
      assignments: location.versions.assignments.toJSON(),
      users: location.versions.users.toJSON(),
    },
    assets: [...location.assets.values()].map(asset => ({
      ...asset,
      holders: [...asset.holders.entries()],
    })),
    users: location.users,
  };
}

function restoreLocation(location: LocationState, saved: SavedLocation): void {
  location.mdmInfo = saved.mdmInfo;
  location.notificationUrl = saved.notificationUrl;
  location.notificationAuthToken = saved.notificationAuthToken;
  location.subscribedNotificationTypes = saved.subscribedNotificationTypes;
  location.seq = saved.seq;
  location.versions.assets = VersionTracker.restore(saved.versions.assets);
  location.versions.assignments = VersionTracker.restore(
    saved.versions.assignments,
  );
  location.versions.users = VersionTracker.restore(saved.versions.users);
  location.assets.clear();
  for (const asset of saved.assets) {
    location.assets.set(`${asset.adamId}|${asset.pricingParam}`, {
      ...asset,
      holders: new Map(asset.holders),
    });
  }
  location.users.length = 0;
  location.activeUsers.clear();
  for (const user of saved.users) {
    location.users.push(user);
    // Rows are in creation order, so the last active row of a user is the current one.
    if (user.status !== 'Retired') {
      location.activeUsers.set(user.clientUserId, user);
    }
  }
}

/** Everything the state file holds, taken from a running simulator. */
export function snapshotState(
  state: SimulatorState,
  parts: Record<string, PersistedPart> = {},
): SimulatorSnapshot {
  const { counter, tokens } = state.tokenRecords();
  return {
    format: STATE_FILE_FORMAT,
    fixture: state.fixture.name,
    savedAt: new Date().toISOString(),
    tokenCounter: counter,
    tokens: tokens.map(token => ({
      ...token,
      expiresAt: token.expiresAt.toISOString(),
      createdAt: token.createdAt.toISOString(),
    })),
    locations: [...state.locations.values()].map(saveLocation),
    parts: Object.fromEntries(
      Object.entries(parts).map(([name, part]) => [name, part.toJSON()]),
    ),
  };
}

/**
 * Puts a snapshot back into a simulator started from the same fixture. Throws, changing
 * nothing, when the snapshot is of another format or fixture, or names a location the
 * fixture does not have.
 */
export function restoreState(
  state: SimulatorState,
  snapshot: SimulatorSnapshot,
  parts: Record<string, PersistedPart> = {},
): void {
  if (snapshot.format !== STATE_FILE_FORMAT) {
    throw new Error(
      `The simulator state file has format ${snapshot.format}; this simulator reads format ${STATE_FILE_FORMAT}`,
    );
  }
  if (snapshot.fixture !== state.fixture.name) {
    throw new Error(
      `The simulator state file was written with fixture "${snapshot.fixture}", not "${state.fixture.name}"`,
    );
  }
  const unknown = snapshot.locations
    .map(l => l.id)
    .concat(snapshot.tokens.map(t => t.locationId))
    .filter(id => !state.locations.has(id));
  if (unknown.length > 0) {
    throw new Error(
      `The simulator state file names locations the fixture does not have: ${[
        ...new Set(unknown),
      ].join(', ')}`,
    );
  }
  for (const saved of snapshot.locations) {
    restoreLocation(state.location(saved.id), saved);
  }
  state.restoreTokens(
    snapshot.tokens.map(token => ({
      ...token,
      state: token.state as TokenState,
      expiresAt: new Date(token.expiresAt),
      createdAt: new Date(token.createdAt),
    })),
    snapshot.tokenCounter,
  );
  for (const [name, part] of Object.entries(parts)) {
    if (snapshot.parts[name] !== undefined) {
      part.restore(snapshot.parts[name]);
    }
  }
}

/**
 * Keeps a simulator's state in a JSON file: restores it on open, writes it shortly after
 * each change (`changed()`, debounced) and once more on `close()`. Writes go to a
 * temporary file that is then renamed, so a crash never leaves half a file.
 */
export class SimulatorStateFile {
  readonly #file: string;
  readonly #state: SimulatorState;
  readonly #parts: Record<string, PersistedPart>;
  readonly #unsubscribe: () => void;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(
    file: string,
    state: SimulatorState,
    parts: Record<string, PersistedPart>,
  ) {
    this.#file = file;
    this.#state = state;
    this.#parts = parts;
    this.#unsubscribe = state.onChange(() => this.changed());
  }

  /**
   * Restores `state` from `file` when it exists (`restored: true`), else writes the
   * fixture's state there at once, so the file always matches what clients were told.
   */
  static open(options: {
    file: string;
    state: SimulatorState;
    parts?: Record<string, PersistedPart>;
  }): { stateFile: SimulatorStateFile; restored: boolean } {
    const { file, state, parts = {} } = options;
    let restored = false;
    if (fs.existsSync(file)) {
      const snapshot = JSON.parse(
        fs.readFileSync(file, 'utf8'),
      ) as SimulatorSnapshot;
      restoreState(state, snapshot, parts);
      restored = true;
    }
    const stateFile = new SimulatorStateFile(file, state, parts);
    stateFile.save();
    return { stateFile, restored };
  }

  get file(): string {
    return this.#file;
  }

  /** Something changed: write the file soon (several changes in a row, one write). */
  changed(): void {
    if (this.#closed || this.#timer) {
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.save();
    }, 100);
    this.#timer.unref();
  }

  /** Writes the file now. */
  save(): void {
    fs.mkdirSync(path.dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    fs.writeFileSync(
      temporary,
      JSON.stringify(snapshotState(this.#state, this.#parts)),
      { encoding: 'utf8', mode: 0o600 },
    );
    fs.renameSync(temporary, this.#file);
  }

  /** Writes the file a last time and stops following changes. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe();
    this.save();
  }
}
