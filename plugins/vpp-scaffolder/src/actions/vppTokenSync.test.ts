import {
  errorBody,
  FakeSyncScenario,
  fakeSyncRoutes,
  FakeVppBackend,
  makeSyncStatus,
  makeToken,
  RecordedRequest,
  startFakeVppBackend,
  SYNC_TIMES,
  requestLines,
} from '../__testUtils__/fakeVppBackend';
import {
  actionContext,
  EXPECTED_AUTHORIZATION,
  actionOptions,
} from '../__testUtils__/actionContext';
import { fakeClock } from '../__testUtils__/fakeClock';
import { createVppTokenSyncAction } from './vppTokenSync';

const TOKEN_ID = '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11';
const ENTITY_REF = `resource:default/vpp-token-${TOKEN_ID}`;
const token = makeToken({ id: TOKEN_ID });

const STARTED_MESSAGE =
  'Sync started for "Tokyo HQ devices": apps, books and license assignments are being fetched from Apple.';
const GET_TOKEN = `GET /tokens/${TOKEN_ID}`;
const START = `POST /tokens/${TOKEN_ID}/sync`;
const READ = `GET /tokens/${TOKEN_ID}/sync`;

describe('vpp:token:sync', () => {
  let backend: FakeVppBackend;
  let clock: ReturnType<typeof fakeClock>;

  beforeEach(async () => {
    clock = fakeClock();
    backend = await startFakeVppBackend();
  });

  afterEach(() => backend.close());

  function scenario(overrides: Partial<FakeSyncScenario> = {}) {
    backend.reply(fakeSyncRoutes({ token, ...overrides }));
  }

  const action = () =>
    createVppTokenSyncAction({
      ...actionOptions(backend),
      clock,
    });

  const calls = () => requestLines(backend);

  it('has the id, dry-run support and schema the templates rely on', () => {
    const a = action();
    expect(a.id).toBe('vpp:token:sync');
    expect(a.supportsDryRun).toBe(true);
    expect(a.schema?.input).toMatchObject({
      required: ['token'],
      properties: {
        token: { type: 'string' },
        wait: { type: 'boolean' },
        timeoutMinutes: { type: 'number' },
      },
    });
    expect(Object.keys(a.schema?.output?.properties ?? {}).sort()).toEqual([
      'assetCount',
      'assignmentCount',
      'entityRef',
      'lastSyncAt',
      'message',
      'tokenId',
    ]);
  });

  it.each([
    ['the catalog entity ref', ENTITY_REF],
    ['a bare token id', TOKEN_ID],
  ])(
    'starts a sync of the token given as %s as the initiating user and waits for it',
    async (_, tokenInput) => {
      scenario({ runningPolls: 2 });
      const { ctx, outputs, logged } = actionContext({ token: tokenInput });

      await action().handler(ctx);

      expect(calls()).toEqual([GET_TOKEN, START, READ, READ, READ]);
      for (const request of backend.requests) {
        expect(request.headers.authorization).toBe(EXPECTED_AUTHORIZATION);
      }
      // Two reads said "running": two pauses of the default 2 s.
      expect(clock.sleeps).toEqual([2000, 2000]);
      expect(outputs()).toEqual({
        tokenId: TOKEN_ID,
        entityRef: ENTITY_REF,
        message: STARTED_MESSAGE,
        lastSyncAt: SYNC_TIMES.endedAt,
        assetCount: 42,
        assignmentCount: 117,
      });
      expect(logged()).toContain(STARTED_MESSAGE);
      expect(logged()).toContain(
        'Synced "Tokyo HQ devices": 42 apps and books, 117 license assignments.',
      );
    },
  );

  it('reads the status at the configured interval', async () => {
    scenario({ runningPolls: 1 });
    const a = createVppTokenSyncAction({
      ...actionOptions(backend),
      clock,
      pollIntervalMs: 500,
    });

    await a.handler(actionContext({ token: TOKEN_ID }).ctx);

    expect(clock.sleeps).toEqual([500]);
  });

  it('logs progress every 30 s while the sync runs', async () => {
    scenario({ runningPolls: 40 });
    const { ctx, logger } = actionContext({ token: TOKEN_ID });

    await action().handler(ctx);

    const progress = logger.info.mock.calls
      .map(c => c[0])
      .filter(m => m.startsWith('Still syncing'));
    expect(progress).toEqual([
      'Still syncing "Tokyo HQ devices" (30 s)',
      'Still syncing "Tokyo HQ devices" (60 s)',
    ]);
    expect(clock.elapsedMs()).toBe(80_000);
  });

  it('waits for a sync of the same content that is already running instead of starting another', async () => {
    scenario({ alreadyRunning: true, runningPolls: 3 });
    const { ctx, outputs, logged } = actionContext({ token: TOKEN_ID });

    await action().handler(ctx);

    // One POST, answered with started=false; no second start after it.
    expect(calls()).toEqual([GET_TOKEN, START, READ, READ, READ, READ]);
    const alreadyRunning = `A sync of "Tokyo HQ devices" is already running (started ${SYNC_TIMES.otherStartedAt}); its result will show here when it ends.`;
    expect(logged()).toContain(alreadyRunning);
    expect(logged()).toContain(
      'Waiting for that sync instead of starting another.',
    );
    expect(outputs()).toEqual({
      tokenId: TOKEN_ID,
      entityRef: ENTITY_REF,
      message: alreadyRunning,
      lastSyncAt: SYNC_TIMES.endedAt,
      assetCount: 42,
      assignmentCount: 117,
    });
  });

  it('passes the 409 refusal of an unusable token through', async () => {
    const sentence =
      '"Tokyo HQ devices" cannot be synced because the token is expired. This token expired on 31 March 2026. In Apple Business Manager, download the content token of Tokyo HQ again and renew it here.';
    scenario({
      refuseStart: {
        status: 409,
        body: errorBody(409, 'ConflictError', sentence),
      },
    });
    const { ctx, outputs } = actionContext({ token: TOKEN_ID });

    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'ConflictError',
      message: sentence,
    });
    expect(calls()).toEqual([GET_TOKEN, START]);
    expect(outputs()).toEqual({});
  });

  it('passes a permission refusal of the start through', async () => {
    const sentence =
      'You may not sync Tokyo HQ devices; ask a member of Tokyo IT.';
    scenario({
      refuseStart: {
        status: 403,
        body: errorBody(403, 'NotAllowedError', sentence),
      },
    });

    await expect(
      action().handler(actionContext({ token: TOKEN_ID }).ctx),
    ).rejects.toMatchObject({ name: 'NotAllowedError', message: sentence });
  });

  it('reports an unknown token with the backend sentence', async () => {
    scenario();
    const { ctx, outputs } = actionContext({
      token: 'resource:default/vpp-token-unknown',
    });

    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'NotFoundError',
      message:
        'No content token with id "unknown" is registered here. Register the token first.',
    });
    expect(calls()).toEqual(['GET /tokens/unknown']);
    expect(outputs()).toEqual({});
  });

  it('fails with the error of the sync when it failed', async () => {
    const appleError =
      'Apple refused the token: the content token has been revoked (error 9622). Download a new token in Apple Business Manager and renew it here.';
    scenario({ outcome: { error: appleError } });
    const { ctx, outputs } = actionContext({ token: TOKEN_ID });

    await expect(action().handler(ctx)).rejects.toThrow(
      `The sync of "Tokyo HQ devices" failed: ${appleError}`,
    );
    expect(calls()).toEqual([GET_TOKEN, START, READ, READ, READ]);
    expect(outputs()).toEqual({});
  });

  it('does not take an error from before the start for the outcome of this sync', async () => {
    scenario({
      initial: makeSyncStatus({
        lastError: 'Apple was unavailable (HTTP 503).',
        lastErrorAt: SYNC_TIMES.earlierErrorAt,
      }),
      outcome: 'no-result',
    });
    const { ctx } = actionContext({ token: TOKEN_ID });

    const error = await action()
      .handler(ctx)
      .then(
        () => undefined,
        e => e,
      );

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(
      'The sync of "Tokyo HQ devices" ended without a result (the vpp backend may have restarted while it ran). Run the template again to start a new sync.',
    );
    expect(error.message).not.toContain('HTTP 503');
  });

  it('succeeds after an earlier failed sync when this one succeeds', async () => {
    scenario({
      initial: makeSyncStatus({
        lastError: 'Apple was unavailable (HTTP 503).',
        lastErrorAt: SYNC_TIMES.earlierErrorAt,
      }),
    });
    const { ctx, outputs } = actionContext({ token: TOKEN_ID });

    await action().handler(ctx);

    expect(outputs()).toMatchObject({ lastSyncAt: SYNC_TIMES.endedAt });
  });

  it.each([
    // The default 30 minutes, read every minute to keep the test short.
    [undefined, '30 minutes', 60_000],
    [1, '1 minute', 2000],
    // 3 s: the last pause is shortened to end at the deadline.
    [0.05, '0.05 minutes', 2000],
  ])(
    'gives up waiting after timeoutMinutes=%s, saying that the sync keeps running',
    async (timeoutMinutes, said, pollIntervalMs) => {
      scenario({ runningPolls: Infinity });
      const { ctx, outputs } = actionContext(
        timeoutMinutes === undefined
          ? { token: TOKEN_ID }
          : { token: TOKEN_ID, timeoutMinutes },
      );
      const a = createVppTokenSyncAction({
        ...actionOptions(backend),
        clock,
        pollIntervalMs,
      });

      await expect(a.handler(ctx)).rejects.toThrow(
        `The sync of "Tokyo HQ devices" did not end within ${said}. It keeps running in the vpp backend: see its result on the token page, /vpp/tokens/${TOKEN_ID}, or run the template again to wait for it (a new run joins the running sync instead of starting another). For large locations, raise timeoutMinutes.`,
      );
      const timeoutMs = (timeoutMinutes ?? 30) * 60_000;
      expect(clock.elapsedMs()).toBe(timeoutMs);
      // One read per interval, and a last one at the deadline itself.
      expect(calls().filter(c => c === READ)).toHaveLength(
        Math.ceil(timeoutMs / pollIntervalMs) + 1,
      );
      expect(outputs()).toEqual({});
    },
  );

  it('does not wait when wait is false', async () => {
    scenario();
    const { ctx, outputs, logged } = actionContext({
      token: TOKEN_ID,
      wait: false,
    });

    await action().handler(ctx);

    expect(calls()).toEqual([GET_TOKEN, START]);
    expect(outputs()).toEqual({
      tokenId: TOKEN_ID,
      entityRef: ENTITY_REF,
      message: STARTED_MESSAGE,
    });
    expect(logged()).toContain(
      `Not waiting for the sync to end (wait is false); it continues in the vpp backend. Its result shows on the token page, /vpp/tokens/${TOKEN_ID}.`,
    );
  });

  it('keeps waiting through a failed status read', async () => {
    const routes = fakeSyncRoutes({ token, runningPolls: 2 });
    let reads = 0;
    backend.reply(req => {
      if (req.method === 'GET' && req.path.endsWith('/sync') && ++reads === 2) {
        return {
          status: 503,
          body: errorBody(503, 'ServiceUnavailableError', 'Restarting.'),
        };
      }
      return routes(req);
    });
    const { ctx, logger, outputs } = actionContext({ token: TOKEN_ID });

    await action().handler(ctx);

    expect(logger.warn).toHaveBeenCalledWith(
      'Could not read the sync status of "Tokyo HQ devices" (Restarting.); trying again.',
    );
    expect(outputs()).toMatchObject({ assetCount: 42 });
  });

  it('gives up after repeated failed status reads, and at once on a refusal', async () => {
    const routes = fakeSyncRoutes({ token });
    backend.reply(req =>
      req.method === 'GET' && req.path.endsWith('/sync')
        ? { status: 503, body: errorBody(503, 'Error', 'Restarting.') }
        : routes(req),
    );
    await expect(
      action().handler(actionContext({ token: TOKEN_ID }).ctx),
    ).rejects.toThrow('Restarting.');
    expect(calls().filter(c => c === READ)).toHaveLength(4);

    backend.requests.length = 0;
    backend.reply(req =>
      req.method === 'GET' && req.path.endsWith('/sync')
        ? {
            status: 403,
            body: errorBody(403, 'NotAllowedError', 'You may not read it.'),
          }
        : routes(req),
    );
    await expect(
      action().handler(actionContext({ token: TOKEN_ID }).ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'You may not read it.',
    });
    expect(calls().filter(c => c === READ)).toHaveLength(1);
  });

  it('stops waiting when the task is cancelled', async () => {
    scenario({ runningPolls: Infinity });
    const controller = new AbortController();
    clock = fakeClock({
      onSleep: () => {
        if (clock.sleeps.length === 3) controller.abort();
      },
    });
    const { ctx } = actionContext({ token: TOKEN_ID });

    await expect(
      action().handler({ ...ctx, signal: controller.signal }),
    ).rejects.toThrow(
      `Stopped waiting for the sync of "Tokyo HQ devices" because the task was cancelled. The sync keeps running in the vpp backend; its result shows on the token page, /vpp/tokens/${TOKEN_ID}.`,
    );
    expect(calls().filter(c => c === READ)).toHaveLength(3);
  });

  it('refuses an entity that is not a token, a missing token and a bad timeout before calling the backend', async () => {
    scenario();
    await expect(
      action().handler(
        actionContext({ token: 'component:default/vpp-token-x' }).ctx,
      ),
    ).rejects.toThrow(/is not a content token/);
    await expect(
      action().handler(actionContext({ token: ' ' }).ctx),
    ).rejects.toThrow('Choose the content token to sync.');
    await expect(
      action().handler(
        actionContext({ token: TOKEN_ID, timeoutMinutes: 0 }).ctx,
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'timeoutMinutes must be a number of minutes above 0, not 0.',
    });
    expect(backend.requests).toHaveLength(0);
  });

  describe('retried task', () => {
    /** Checkpoints as the task engine keeps them between attempts of one task. */
    function checkpointStore() {
      const saved = new Map<string, any>();
      return {
        saved,
        checkpoint: async <T>(opts: {
          key: string;
          fn: () => Promise<T> | T;
        }): Promise<T> => {
          if (saved.has(opts.key)) {
            return saved.get(opts.key);
          }
          const value = await opts.fn();
          saved.set(opts.key, value);
          return value;
        },
      };
    }

    it('waits for the sync the first attempt started instead of starting another', async () => {
      scenario({ runningPolls: 2 });
      const store = checkpointStore();
      // The first attempt started the sync and then stopped (here: did not wait).
      const first = actionContext({ token: TOKEN_ID, wait: false });
      await action().handler({ ...first.ctx, checkpoint: store.checkpoint });
      expect([...store.saved.keys()]).toEqual([`vpp.token.sync.${TOKEN_ID}`]);
      backend.requests.length = 0;

      const retry = actionContext({ token: TOKEN_ID });
      await action().handler({ ...retry.ctx, checkpoint: store.checkpoint });

      expect(calls()).toEqual([READ, READ, READ]);
      expect(retry.logged()).toContain(
        `Continuing with the sync of "Tokyo HQ devices" that an earlier attempt of this task started at ${SYNC_TIMES.startedAt}.`,
      );
      expect(retry.outputs()).toEqual({
        tokenId: TOKEN_ID,
        entityRef: ENTITY_REF,
        message: STARTED_MESSAGE,
        lastSyncAt: SYNC_TIMES.endedAt,
        assetCount: 42,
        assignmentCount: 117,
      });
    });

    it('starts a new sync when the one of the first attempt failed', async () => {
      backend.reply(
        fakeSyncRoutes({
          token,
          runningPolls: 1,
          outcome: [
            { error: 'Apple was unavailable (HTTP 503).' },
            { assetCount: 43, assignmentCount: 120 },
          ],
        }),
      );
      const store = checkpointStore();
      const first = actionContext({ token: TOKEN_ID });
      await expect(
        action().handler({ ...first.ctx, checkpoint: store.checkpoint }),
      ).rejects.toThrow(
        'The sync of "Tokyo HQ devices" failed: Apple was unavailable (HTTP 503).',
      );
      backend.requests.length = 0;

      const retry = actionContext({ token: TOKEN_ID });
      await action().handler({ ...retry.ctx, checkpoint: store.checkpoint });

      expect(calls()).toEqual([READ, GET_TOKEN, START, READ, READ]);
      expect(retry.logged()).toContain(
        'The sync started by the earlier attempt did not succeed; starting a new one.',
      );
      expect(retry.outputs()).toMatchObject({
        assetCount: 43,
        assignmentCount: 120,
      });
    });
  });

  describe('dry run', () => {
    it('starts nothing, and reports what a real run would do and the current content', async () => {
      scenario();
      const { ctx, outputs, logged } = actionContext(
        { token: ENTITY_REF },
        { isDryRun: true },
      );

      await action().handler(ctx);

      expect(calls()).toEqual([GET_TOKEN, READ]);
      for (const request of backend.requests) {
        expect(request.headers.authorization).toBe(EXPECTED_AUTHORIZATION);
      }
      const message = `Dry run: a real run would start a sync of "Tokyo HQ devices" and wait for it to end (last synced at ${SYNC_TIMES.previousSyncAt}: 40 apps and books, 110 license assignments).`;
      expect(logged()).toContain(message);
      expect(outputs()).toEqual({
        tokenId: TOKEN_ID,
        entityRef: ENTITY_REF,
        message,
        lastSyncAt: SYNC_TIMES.previousSyncAt,
        assetCount: 40,
        assignmentCount: 110,
      });
    });

    it('says that a running sync would be waited for, and what is out of date', async () => {
      scenario({
        alreadyRunning: true,
        initial: makeSyncStatus({
          lastSyncAt: undefined,
          assetCount: 0,
          assignmentCount: 0,
          outOfDate: true,
          outOfDateReason: 'never-synced',
          outOfDateMessage:
            'This content has never been synced from Apple. Sync to fetch the apps and books this location bought.',
        }),
      });
      const { ctx, outputs, logged } = actionContext(
        { token: TOKEN_ID },
        { isDryRun: true },
      );

      await action().handler(ctx);

      expect(calls()).toEqual([GET_TOKEN, READ]);
      expect(outputs().message).toBe(
        `Dry run: a sync of "Tokyo HQ devices" is already running (since ${SYNC_TIMES.otherStartedAt}); a real run would wait for it instead of starting another (never synced yet).`,
      );
      expect(outputs()).not.toHaveProperty('lastSyncAt');
      expect(logged()).toContain(
        'This content has never been synced from Apple.',
      );
    });

    it.each([
      ['expired', 'This token expired on 31 March 2026. Download it again.'],
      ['revoked', 'Apple revoked this token. Download a new one.'],
      [
        'claimed-elsewhere',
        'The location is now managed by another MDM product (Jamf Pro).',
      ],
    ] as const)(
      'fails like the backend when the token is %s',
      async (status, statusReason) => {
        scenario({ token: makeToken({ id: TOKEN_ID, status, statusReason }) });
        const { ctx, outputs } = actionContext(
          { token: TOKEN_ID },
          { isDryRun: true },
        );

        await expect(action().handler(ctx)).rejects.toMatchObject({
          name: 'ConflictError',
          message: `"Tokyo HQ devices" cannot be synced because the token is ${status}. ${statusReason}`,
        });
        expect(calls()).toEqual([GET_TOKEN]);
        expect(outputs()).toEqual({});
      },
    );

    it('accepts an expiring token', async () => {
      scenario({ token: makeToken({ id: TOKEN_ID, status: 'expiring' }) });
      const { ctx, outputs } = actionContext(
        { token: TOKEN_ID },
        { isDryRun: true },
      );
      await action().handler(ctx);
      expect(outputs()).toMatchObject({ tokenId: TOKEN_ID, assetCount: 40 });
    });

    it('checks the token a share syncs from', async () => {
      const source = makeToken({
        id: 'source-1',
        displayName: 'Tokyo HQ (main)',
        status: 'revoked',
        statusReason: 'Apple revoked this token. Download a new one.',
      });
      const share = makeToken({
        id: TOKEN_ID,
        displayName: 'Tokyo HQ (shared with Sales)',
        sharesFrom: 'source-1',
      });
      scenario({ token: share, otherTokens: [source] });
      const { ctx } = actionContext({ token: TOKEN_ID }, { isDryRun: true });

      await expect(action().handler(ctx)).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          '"Tokyo HQ (shared with Sales)" (it shares licenses from "Tokyo HQ (main)") cannot be synced because the token is revoked. Apple revoked this token. Download a new one.',
      });
      expect(calls()).toEqual([GET_TOKEN, 'GET /tokens/source-1']);
    });

    it('leaves the source check to the real run when the source cannot be read', async () => {
      const share = makeToken({ id: TOKEN_ID, sharesFrom: 'source-1' });
      const routes = fakeSyncRoutes({ token: share });
      backend.reply((req: RecordedRequest) =>
        req.path === '/tokens/source-1'
          ? {
              status: 403,
              body: errorBody(403, 'NotAllowedError', 'Not yours.'),
            }
          : routes(req),
      );
      const { ctx, logger, outputs } = actionContext(
        { token: TOKEN_ID },
        { isDryRun: true },
      );

      await action().handler(ctx);

      expect(logger.warn).toHaveBeenCalledWith(
        'Dry run: could not check the token "Tokyo HQ devices" shares licenses from (Not yours.); a real run checks it.',
      );
      expect(outputs()).toMatchObject({ tokenId: TOKEN_ID });
      expect(calls()).not.toContain(START);
    });

    it('passes a 404 through', async () => {
      scenario();
      const { ctx } = actionContext({ token: 'nope' }, { isDryRun: true });
      await expect(action().handler(ctx)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      expect(calls()).toEqual(['GET /tokens/nope']);
    });
  });
});
