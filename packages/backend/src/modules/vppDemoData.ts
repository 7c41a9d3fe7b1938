import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Demo data for a first start in development (`vpp.simulator.demoData`): when no content
 * token is registered yet, the simulator's Tokyo and Osaka tokens are registered through
 * the vpp API — as the guest user would in the portal — so a newcomer's first screen is a
 * working product. Registration starts each token's first sync. Never in production: it
 * needs the embedded simulator and the guest sign-in, which production has neither of.
 * The simulator's devices are not enrolled here: the simulator module enrols them on
 * every start from the fixture, demo data or not.
 */

/** One demo token: which simulator location, which of its tokens, and for whom. */
export interface DemoToken {
  locationId: string;
  /** `latest`: the token that expires last; `soonest`: the one that expires first. */
  pick: 'latest' | 'soonest';
  displayName: string;
  /** Owner groups in order of preference; the first the API accepts is used. */
  owners: string[];
  notes: string;
}

export const DEMO_TOKENS: DemoToken[] = [
  {
    locationId: 'loc-tokyo',
    pick: 'latest',
    displayName: 'Tokyo office',
    owners: ['group:default/tokyo-it'],
    notes:
      'Demo data: the simulator’s Tokyo location, registered on first start.',
  },
  {
    // The fixture's second Osaka token expires within days, so the red state shows.
    locationId: 'loc-osaka',
    pick: 'soonest',
    displayName: 'Osaka office',
    owners: ['group:default/osaka-it', 'group:default/tokyo-it'],
    notes:
      'Demo data: the simulator’s Osaka location, with a token that expires soon.',
  },
];

/** What the seeding needs of the simulator: its tokens, as `GET /control/tokens` lists them. */
export interface DemoSimulator {
  listTokens(locationId?: string): Array<{
    locationId: string;
    expDate: string;
    state: string;
    fileContent: string;
  }>;
}

export interface SeedVppDemoDataOptions {
  simulator: DemoSimulator;
  /** Base URL of the vpp plugin (the discovery service's answer). */
  vppBaseUrl: string;
  /** A Backstage token of the user who registers the tokens; see `guestSignIn`. */
  signIn: () => Promise<string>;
  logger: LoggerService;
  tokens?: DemoToken[];
  /** How long to wait for the backend to answer and for the first syncs; default 3 min. */
  timeoutMs?: number;
  /** Pause between readiness polls; default 1 s. */
  pollMs?: number;
}

export type SeedOutcome =
  | { seeded: true; tokenIds: string[] }
  | { seeded: false; reason: string };

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function call<T>(
  url: string,
  init: RequestInit & { token?: string } = {},
): Promise<T> {
  const { token, headers, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(rest.body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = JSON.parse(text).error?.message ?? text;
    } catch {
      // not JSON: keep the text
    }
    throw new HttpError(
      response.status,
      `${rest.method ?? 'GET'} ${url}: ${response.status} ${message}`,
    );
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Retries `attempt` until it resolves or the deadline passes (the backend is starting). */
async function untilReady<T>(
  what: string,
  attempt: () => Promise<T>,
  deadline: number,
  pollMs: number,
): Promise<T> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      await new Promise(resolve => setTimeout(resolve, pollMs));
    }
  }
  throw new Error(`${what} did not succeed in time: ${String(lastError)}`);
}

/**
 * Signs in as the guest user through the auth backend, as a newcomer does in the portal:
 * registering a token is something a person does, and the vpp API accepts it only from a
 * user. Works where the guest provider does (development).
 */
export function guestSignIn(authBaseUrl: string): () => Promise<string> {
  return async () => {
    const session = await call<{ backstageIdentity: { token: string } }>(
      `${authBaseUrl}/guest/refresh`,
      { headers: { 'x-requested-with': 'XMLHttpRequest' } },
    );
    return session.backstageIdentity.token;
  };
}

/** The token file of a location that the demo registers, or undefined. */
export function pickTokenFile(
  simulator: DemoSimulator,
  demo: DemoToken,
  now = new Date(),
): string | undefined {
  const usable = simulator
    .listTokens(demo.locationId)
    .filter(t => t.state === 'valid' && new Date(t.expDate) > now)
    .sort((a, b) => a.expDate.localeCompare(b.expDate));
  const chosen =
    demo.pick === 'soonest' ? usable[0] : usable[usable.length - 1];
  return chosen?.fileContent;
}

/**
 * Registers the demo tokens unless any token is registered already, and waits for their
 * first sync. Returns what it did; throws only when the backend never became ready.
 */
export async function seedVppDemoData(
  options: SeedVppDemoDataOptions,
): Promise<SeedOutcome> {
  const {
    simulator,
    vppBaseUrl,
    signIn,
    logger,
    tokens = DEMO_TOKENS,
    timeoutMs = 180_000,
    pollMs = 1000,
  } = options;
  const deadline = Date.now() + timeoutMs;

  const userToken = await untilReady('Sign-in', signIn, deadline, pollMs);
  const existing = await untilReady(
    'Listing content tokens',
    () =>
      call<{ items: unknown[] }>(`${vppBaseUrl}/tokens`, { token: userToken }),
    deadline,
    pollMs,
  );
  if (existing.items.length > 0) {
    return {
      seeded: false,
      reason: `${existing.items.length} content token(s) already registered`,
    };
  }

  const tokenIds: string[] = [];
  for (const demo of tokens) {
    const tokenFile = pickTokenFile(simulator, demo);
    if (!tokenFile) {
      logger.warn(
        `Demo data: the simulator has no usable token for ${demo.locationId}; skipped`,
      );
      continue;
    }
    const id = await registerDemoToken(demo, tokenFile, userToken, options);
    if (id) {
      tokenIds.push(id);
    }
  }

  for (const id of tokenIds) {
    const status = await untilReady(
      `First sync of ${id}`,
      async () => {
        const sync = await call<{
          running: boolean;
          lastSyncAt?: string;
          lastError?: string;
        }>(`${vppBaseUrl}/tokens/${encodeURIComponent(id)}/sync`, {
          token: userToken,
        });
        if (sync.lastError && !sync.running) {
          return sync;
        }
        if (sync.running || !sync.lastSyncAt) {
          throw new Error('not finished yet');
        }
        return sync;
      },
      deadline,
      pollMs,
    ).catch(error => {
      logger.warn(`Demo data: ${String(error)}`);
      return undefined;
    });
    if (status?.lastError) {
      logger.warn(`Demo data: first sync of ${id} failed: ${status.lastError}`);
    } else if (status) {
      logger.info(`Demo data: first sync of content token ${id} finished`);
    }
  }
  return { seeded: true, tokenIds };
}

async function registerDemoToken(
  demo: DemoToken,
  tokenFile: string,
  userToken: string,
  options: SeedVppDemoDataOptions,
): Promise<string | undefined> {
  const { vppBaseUrl, logger } = options;
  for (const owner of demo.owners) {
    try {
      const token = await call<{ id: string }>(`${vppBaseUrl}/tokens`, {
        method: 'POST',
        token: userToken,
        body: JSON.stringify({
          tokenFile,
          owner,
          displayName: demo.displayName,
          notes: demo.notes,
        }),
      });
      logger.info(
        `Demo data: registered "${demo.displayName}" (${demo.locationId}) for ${owner}`,
      );
      return token.id;
    } catch (error) {
      // 403: the permission policy lets the guest register only for some groups.
      if (error instanceof HttpError && error.status === 403) {
        logger.warn(
          `Demo data: the guest may not register "${demo.displayName}" for ${owner}: ${error.message}`,
        );
        continue;
      }
      logger.warn(
        `Demo data: could not register "${demo.displayName}": ${String(error)}`,
      );
      return undefined;
    }
  }
  return undefined;
}
