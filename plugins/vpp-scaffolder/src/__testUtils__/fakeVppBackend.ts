import { VppSyncStatus, VppToken } from '@internal/plugin-vpp-common';
import {
  errorBody,
  FakeReply,
  RecordedRequest,
} from '@internal/plugin-vpp-common/testUtils';

export * from '@internal/plugin-vpp-common/testUtils';

/** The requests the fake got, as `METHOD /path` lines. */
export function requestLines(backend: {
  requests: readonly RecordedRequest[];
}): string[] {
  return backend.requests.map(r => `${r.method} ${r.path}`);
}

/** Instants the fake sync routes use, so tests can tell which sync an outcome belongs to. */
export const SYNC_TIMES = {
  /** End of the sync before the test's one. */
  previousSyncAt: '2026-11-20T03:00:00.000Z',
  /** A failure before the test's sync started. */
  earlierErrorAt: '2026-11-20T02:00:00.000Z',
  /** When another sync of the same content started (the "already running" case). */
  otherStartedAt: '2026-11-21T09:58:00.000Z',
  /** When the sync the test starts begins. */
  startedAt: '2026-11-21T10:00:00.000Z',
  /** When the running sync ends. */
  endedAt: '2026-11-21T10:01:30.000Z',
};

/** `GET /tokens/:id/sync` of a token synced once, idle. */
export function makeSyncStatus(
  overrides: Partial<VppSyncStatus> = {},
): VppSyncStatus {
  return {
    tokenId: '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
    sourceTokenId: '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
    lastSyncAt: SYNC_TIMES.previousSyncAt,
    lastFullSyncAt: SYNC_TIMES.previousSyncAt,
    running: false,
    outOfDate: false,
    assetCount: 40,
    assignmentCount: 110,
    lowLicenseThreshold: 5,
    ...overrides,
  };
}

/** How a sync started through the fake ends. */
export type FakeSyncOutcome =
  | { assetCount: number; assignmentCount: number }
  | { error: string }
  /** The sync stops without recording anything, as when its backend instance dies. */
  | 'no-result';

/** How the fake's token and sync routes behave. */
export interface FakeSyncScenario {
  /** The token, answered on `GET /tokens/:id`. */
  token: VppToken;
  /** Further tokens `GET /tokens/:id` knows, e.g. the source of a share. */
  otherTokens?: VppToken[];
  /** The sync status before the test starts anything. */
  initial?: VppSyncStatus;
  /** Another sync of the same content is running (since SYNC_TIMES.otherStartedAt). */
  alreadyRunning?: boolean;
  /** How many status reads after the start still say "running". @defaultValue 2 */
  runningPolls?: number;
  /**
   * How the sync ends; a list gives the outcome of each sync started in turn (the last
   * one repeats). @defaultValue 42 assets, 117 assignments
   */
  outcome?: FakeSyncOutcome | FakeSyncOutcome[];
  /** The answer to `POST /tokens/:id/sync` instead of starting a sync (e.g. a 409). */
  refuseStart?: FakeReply;
}

/**
 * Routes that play the vpp backend's token and content-sync endpoints like
 * SyncService does: `POST /tokens/:id/sync` answers 202 and marks the sync running (or
 * reports the one already running), `GET /tokens/:id/sync` says "running" for
 * `runningPolls` reads and then shows the outcome. Unknown tokens get a 404.
 */
export function fakeSyncRoutes(
  scenario: FakeSyncScenario,
): (request: RecordedRequest) => FakeReply {
  const tokens = new Map(
    [scenario.token, ...(scenario.otherTokens ?? [])].map(t => [t.id, t]),
  );
  const id = scenario.token.id;
  const name = scenario.token.displayName;
  let status: VppSyncStatus =
    scenario.initial ??
    makeSyncStatus({
      tokenId: id,
      sourceTokenId: scenario.token.sharesFrom ?? id,
    });
  if (scenario.alreadyRunning) {
    status = {
      ...status,
      running: true,
      runningSince: SYNC_TIMES.otherStartedAt,
    };
  }
  let pollsLeft = scenario.runningPolls ?? 2;
  const outcomes = [
    scenario.outcome ?? { assetCount: 42, assignmentCount: 117 },
  ].flat();
  let syncsStarted = 0;

  function finish() {
    const outcome =
      outcomes[Math.min(Math.max(syncsStarted - 1, 0), outcomes.length - 1)];
    const ended = { ...status, running: false, runningSince: undefined };
    if (outcome === 'no-result') {
      status = ended;
    } else if ('error' in outcome) {
      status = {
        ...ended,
        lastError: outcome.error,
        lastErrorAt: SYNC_TIMES.endedAt,
      };
    } else {
      status = {
        ...ended,
        ...outcome,
        lastSyncAt: SYNC_TIMES.endedAt,
        lastError: undefined,
        lastErrorAt: undefined,
      };
    }
  }

  return request => {
    const match = /^\/tokens\/([^/?]+)(\/sync)?$/.exec(request.path);
    const token = match && tokens.get(decodeURIComponent(match[1]));
    if (!match || !token) {
      return {
        status: 404,
        body: errorBody(
          404,
          'NotFoundError',
          `No content token with id "${
            match ? decodeURIComponent(match[1]) : request.path
          }" is registered here. Register the token first.`,
        ),
      };
    }
    if (!match[2] && request.method === 'GET') {
      return { status: 200, body: token };
    }
    if (match[2] && token.id === id && request.method === 'GET') {
      if (status.running) {
        if (pollsLeft > 0) {
          pollsLeft -= 1;
        } else {
          finish();
        }
      }
      return { status: 200, body: status };
    }
    if (match[2] && token.id === id && request.method === 'POST') {
      if (scenario.refuseStart) {
        return scenario.refuseStart;
      }
      if (status.running) {
        return {
          status: 202,
          body: {
            started: false,
            message: `A sync of "${name}" is already running (started ${status.runningSince}); its result will show here when it ends.`,
            status,
          },
        };
      }
      syncsStarted += 1;
      pollsLeft = scenario.runningPolls ?? 2;
      status = { ...status, running: true, runningSince: SYNC_TIMES.startedAt };
      return {
        status: 202,
        body: {
          started: true,
          message: `Sync started for "${name}": apps, books and license assignments are being fetched from Apple.`,
          status,
        },
      };
    }
    return {
      status: 405,
      body: errorBody(
        405,
        'Error',
        `${request.method} ${request.path} is not served by the fake.`,
      ),
    };
  };
}
