import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { RunningSimulator } from '@internal/vpp-simulator';
import request from 'supertest';

/* The parts of the router tests' test backend that are the same in each of them. */

export type RecordedAuditEvent = {
  eventId: string;
  meta?: Record<string, string>;
  outcome?: string;
};

/**
 * An auditor that records each event in `events` with how it ended; with `withMeta`,
 * also the event's meta.
 */
export function recordingAuditor(
  events: RecordedAuditEvent[],
  options: { withMeta?: boolean } = {},
) {
  return mockServices.auditor.mock({
    createEvent: jest.fn(async ({ eventId, meta }) => {
      const event: RecordedAuditEvent = options.withMeta
        ? { eventId, meta: meta as Record<string, string> | undefined }
        : { eventId };
      events.push(event);
      return {
        success: jest.fn(async () => {
          event.outcome = 'success';
        }),
        fail: jest.fn(async () => {
          event.outcome = 'fail';
        }),
      };
    }),
  }).factory;
}

/**
 * Permissions that allow what `allows` says; conditional decisions from `conditional`
 * (ALLOW when not given).
 */
export function permissionsBy(
  allows: (permission: string) => boolean,
  conditional: (permission: string) => PolicyDecision = () => ({
    result: AuthorizeResult.ALLOW,
  }),
) {
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: allows(r.permission.name)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })),
    authorizeConditional: async requests =>
      requests.map(r => conditional(r.permission.name)),
  }).factory;
}

/** The plugin's configuration with the test key, calling the Apple at `apple`. */
export function vppTestConfig(apple: { baseUrl: string; lookupUrl?: string }) {
  return mockServices.rootConfig.factory({
    data: {
      backend: { baseUrl: 'http://localhost:7007' },
      vpp: {
        encryptionKey: 'test-key-test-key-test-key-test-key!',
        apple,
      },
    },
  });
}

/**
 * Registers the simulator's Tokyo token through the API, owned by tokyo-it, and waits
 * for the first sync that registration starts to end. Returns the token's id.
 */
export async function registerTokyoAndWaitForSync(
  server: Parameters<typeof request>[0],
  sim: RunningSimulator,
  expiresAt: string,
): Promise<string> {
  const res = await request(server)
    .post('/api/vpp/tokens')
    .send({
      tokenFile: sim.state.downloadToken('loc-tokyo', expiresAt),
      owner: 'group:default/tokyo-it',
    });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await request(server).get(`/api/vpp/tokens/${id}/sync`);
    if (!status.body.running && status.body.lastSyncAt) break;
    if (Date.now() > deadline) throw new Error('sync did not finish');
    await new Promise(r => setTimeout(r, 50));
  }
  return id;
}
