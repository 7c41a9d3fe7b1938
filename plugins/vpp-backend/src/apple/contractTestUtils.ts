/*
 * Shared set-up of the contract tests (`*.contract.test.ts`): the in-process simulator, the
 * way a person gets a token (ABM download), and clients wired to it. Not part of the public
 * surface. Only test files import this module.
 */
import { AppleVppClient, AppleVppClientOptions } from './AppleVppClient';
import { AppleVppError } from './errors';
import { FetchLike } from './http';
import { SlidingWindowRateLimiter } from './rateLimiter';
import { parseTokenFile } from './tokenFile';

/** The subset of the simulator's `startSimulator()` result the contract tests use. */
export interface Simulator {
  baseUrl: string;
  appleBaseUrl: string;
  lookupUrl: string;
  close(): Promise<void>;
}

/** Calls the simulator's `/control` JSON API. */
export async function control<T = unknown>(
  sim: Simulator,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${sim.baseUrl}/control${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) {
    throw new Error(
      `control ${method} ${path} → ${response.status}: ${JSON.stringify(json)}`,
    );
  }
  return json;
}

/** Downloads a token the way a person does in ABM and parses it with our parser. */
export async function downloadToken(
  sim: Simulator,
  locationId: string,
  expiresAt?: string,
) {
  const response = await fetch(
    `${sim.baseUrl}/abm/locations/${locationId}/token`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(expiresAt ? { expiresAt } : {}),
    },
  );
  if (!response.ok) {
    throw new Error(`token download failed: ${response.status}`);
  }
  // Files saved by browsers/editors often end with a newline: keep one to prove we cope.
  return parseTokenFile(`${await response.text()}\n`);
}

/** The simulator's id of a token (for request-log filters). */
export async function tokenIdOf(
  sim: Simulator,
  bearer: string,
): Promise<string> {
  const tokens = await control<Array<{ id: string; fileContent: string }>>(
    sim,
    'GET',
    '/tokens',
  );
  const found = tokens.find(t => t.fileContent === bearer);
  if (!found) {
    throw new Error('token not known to the simulator');
  }
  return found.id;
}

/** A fetch that records when each request was sent (our own instrumentation). */
export function instrumentedFetch(): { fetch: FetchLike; sentAt: number[] } {
  const sentAt: number[] = [];
  return {
    sentAt,
    fetch: (input, init) => {
      if (!input.endsWith('/service/config')) {
        sentAt.push(Date.now());
      }
      return fetch(input, init);
    },
  };
}

export function clientFor(
  sim: Simulator,
  bearer: string,
  options: Partial<AppleVppClientOptions> = {},
): AppleVppClient {
  return new AppleVppClient({
    token: bearer,
    baseUrl: sim.appleBaseUrl,
    rateLimiter: new SlidingWindowRateLimiter(),
    retry: { baseDelayMs: 50, maxDelayMs: 500 },
    ...options,
  });
}

/** Our identity (`mdmInfo`) in the contract tests. */
export const OURS = {
  id: 'backstage-vpp-test',
  name: 'Backstage VPP',
  metadata: '1.0.0',
};

/** An asset reference at standard quality. */
export const STDQ = (adamId: string) => ({ adamId, pricingParam: 'STDQ' });

/** The Tokyo location's token, downloaded as a person would, and a client of it with our identity. */
export async function tokyoClient(
  sim: Simulator,
  options: Partial<AppleVppClientOptions> = {},
) {
  const token = await downloadToken(sim, 'loc-tokyo');
  return {
    token,
    client: clientFor(sim, token.bearer, { mdmInfo: OURS, ...options }),
  };
}

/** Awaits the rejection of `promise` and checks it is an `AppleVppError` like `expected`. */
export async function expectAppleError(
  promise: Promise<unknown>,
  expected: Partial<AppleVppError>,
) {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(AppleVppError);
  expect(error).toMatchObject(expected);
  return error as AppleVppError;
}

/** How `startSimulator` of `@internal/vpp-simulator` is called here (only test files import it). */
export type StartSimulator = (options: {
  port: number;
  eventDelayMs: number;
  rateLimit: boolean;
}) => Promise<Simulator>;

/**
 * A simulator for each test of the calling file (events complete after 20 ms, no rate limit),
 * closed after it, and {@link tokyoClient} on it.
 */
export function useSimulator(start: StartSimulator) {
  let current: Simulator | undefined;

  beforeEach(async () => {
    current = await start({ port: 0, eventDelayMs: 20, rateLimit: false });
  });

  afterEach(async () => {
    await current?.close();
  });

  const env = {
    get sim(): Simulator {
      if (!current) throw new Error('useSimulator: no test is running');
      return current;
    },
    tokyo: (options: Partial<AppleVppClientOptions> = {}) =>
      tokyoClient(env.sim, options),
  };
  return env;
}
