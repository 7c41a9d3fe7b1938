import {
  errorBody,
  FakeVppBackend,
  startFakeVppBackend,
  requestLines,
} from '../__testUtils__/fakeVppBackend';
import {
  actionContext,
  EXPECTED_AUTHORIZATION,
  actionOptions,
} from '../__testUtils__/actionContext';
import { fakeClock } from '../__testUtils__/fakeClock';
import {
  createdEarlier,
  DISTRIBUTION_ID,
  FakeDistributionScenario,
  fakeDistributionRoutes,
  PLAN,
} from '../__testUtils__/fakeDistributions';
import { createVppAppsInstallAction } from './vppAppsInstall';

const TOKEN_ID = '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11';
const URL = `/vpp/distributions/${DISTRIBUTION_ID}`;
const INPUT = {
  token: TOKEN_ID,
  adamIds: ['361309726', '361285480'],
  platform: 'ios',
  targets: { group: 'group:default/tokyo-it', includeSubgroups: true },
};
const POST = 'POST /distributions';
const READ = `GET /distributions/${DISTRIBUTION_ID}`;

describe('vpp:apps:install', () => {
  let backend: FakeVppBackend;
  let clock: ReturnType<typeof fakeClock>;

  beforeEach(async () => {
    clock = fakeClock();
    backend = await startFakeVppBackend();
  });
  afterEach(() => backend.close());

  const scenario = (s: FakeDistributionScenario = {}) =>
    backend.reply(fakeDistributionRoutes(s));
  const action = () =>
    createVppAppsInstallAction({
      ...actionOptions(backend),
      clock,
    });
  const calls = () => requestLines(backend);

  it('has the id, dry-run support and outputs the templates rely on', () => {
    const a = action();
    expect(a.id).toBe('vpp:apps:install');
    expect(a.supportsDryRun).toBe(true);
    expect(a.schema?.input).toMatchObject({
      required: expect.arrayContaining([
        'token',
        'adamIds',
        'platform',
        'targets',
      ]),
    });
    expect(Object.keys(a.schema?.output?.properties ?? {})).toEqual(
      expect.arrayContaining(['distributionId', 'url', 'plan']),
    );
  });

  it('starts a distribution with every option as the initiating user and outputs its id, URL and plan', async () => {
    scenario();
    const { ctx, outputs, logged } = actionContext({
      ...INPUT,
      token: `resource:default/vpp-token-${TOKEN_ID}`,
      licenseMode: 'auto',
      appConfigIds: { '361309726': 'cfg-1', '361285480': '' },
      vpnConfigId: 'vpn-1',
      removeWithMdmProfile: true,
      preventBackup: true,
      removable: false,
      scheduledAt: '2026-12-20',
      allowPartial: true,
    });

    await action().handler(ctx);

    expect(calls()).toEqual([POST, READ]);
    expect(backend.requests[0].headers.authorization).toBe(
      EXPECTED_AUTHORIZATION,
    );
    expect(backend.requests[0].body).toEqual({
      tokenId: TOKEN_ID,
      adamIds: ['361309726', '361285480'],
      platform: 'ios',
      licenseMode: 'auto',
      targets: { group: 'group:default/tokyo-it', includeSubgroups: true },
      appConfigIds: { '361309726': 'cfg-1' },
      vpnConfigId: 'vpn-1',
      removeWithMdmProfile: true,
      preventBackup: true,
      removable: false,
      scheduledAt: '2026-12-20T00:00:00.000Z',
      allowPartial: true,
      dryRun: false,
    });
    expect(outputs()).toEqual({
      distributionId: DISTRIBUTION_ID,
      url: URL,
      devicesMatched: 3,
      devicesLeftOut: 1,
      licensesNeeded: 5,
      alreadyLicensed: 1,
      plan: PLAN,
      state: 'running',
      counts: { pending: 5 },
    });
    expect(logged()).toContain(
      `Distribution ${DISTRIBUTION_ID} started (scheduled for 2026-12-20T00:00:00.000Z). Follow it at ${URL}.`,
    );
    expect(logged()).toContain(
      'App 361309726: 2 licenses needed, 10 available, 1 devices already licensed (not re-assigned, so not reclaimed automatically).',
    );
  });

  it('sends the defaults: auto mode, removable, nothing else', async () => {
    scenario();
    await action().handler(actionContext(INPUT).ctx);
    expect(backend.requests[0].body).toEqual({
      ...INPUT,
      token: undefined,
      tokenId: TOKEN_ID,
      licenseMode: 'auto',
      removeWithMdmProfile: false,
      preventBackup: false,
      removable: true,
      allowPartial: false,
      dryRun: false,
    });
  });

  it('places the chosen app configuration on the app it belongs to', async () => {
    scenario({
      appConfigs: [{ id: 'cfg-2', name: 'Sales', adamId: '361285480' }],
    });
    await action().handler(
      actionContext({ ...INPUT, appConfigId: 'cfg-2' }).ctx,
    );
    expect(calls()).toEqual(['GET /app-configs/cfg-2', POST, READ]);
    expect(backend.requests[1].body).toMatchObject({
      appConfigIds: { '361285480': 'cfg-2' },
    });
  });

  it('refuses an app configuration of another app before starting anything', async () => {
    scenario({
      appConfigs: [{ id: 'cfg-3', name: 'Mail', bundleId: 'com.example.mail' }],
    });
    await expect(
      action().handler(actionContext({ ...INPUT, appConfigId: 'cfg-3' }).ctx),
    ).rejects.toThrow(
      'The managed app configuration "Mail" is for bundle com.example.mail, which is not one of the apps being installed (361309726, 361285480). Choose a configuration of the app, or give appConfigIds per app.',
    );
    expect(calls()).toEqual(['GET /app-configs/cfg-3']);
  });

  it.each([
    ['the template editor', { isDryRun: true }, {}],
    ['input dryRun', {}, { dryRun: true }],
  ])(
    'in a dry run from %s asks for the plan only and outputs its counts',
    async (_, options, extra) => {
      scenario();
      const { ctx, outputs, logged } = actionContext(
        { ...INPUT, ...extra },
        options,
      );
      await action().handler(ctx);
      expect(calls()).toEqual([POST]);
      expect(backend.requests[0].body).toMatchObject({ dryRun: true });
      expect(outputs()).toEqual({
        devicesMatched: 3,
        devicesLeftOut: 1,
        licensesNeeded: 5,
        alreadyLicensed: 1,
        plan: PLAN,
      });
      expect(logged()).toContain('Left out: 1 (other-platform).');
    },
  );

  it.each([
    [
      409,
      'ConflictError',
      'Not enough licenses: Keynote (361309726) needs 120, 80 are available. Buy more in Apple Business Manager, or allow a partial distribution.',
    ],
    [
      400,
      'InputError',
      'In manual mode every device must already hold a license for each app; 2 devices do not: C02XK1JHJGH5, DMPVQ0ABCD12.',
    ],
    [
      400,
      'InputError',
      'scheduledAt must be no later than 2027-03-30, the day before the token expires.',
    ],
  ])(
    "passes the backend's %s word for word",
    async (status, name, sentence) => {
      scenario({ refuse: { status, body: errorBody(status, name, sentence) } });
      const { ctx, outputs } = actionContext(INPUT);
      await expect(action().handler(ctx)).rejects.toMatchObject({
        name,
        message: sentence,
      });
      expect(outputs()).toEqual({});
    },
  );

  it('waits until installed, logging the items per state as they change', async () => {
    scenario({
      progress: [
        { state: 'running', counts: { pending: 5 } },
        { state: 'running', counts: { licensed: 3, installing: 2 } },
        { state: 'running', counts: { licensed: 3, installing: 2 } },
        { state: 'completed', counts: { installed: 5 } },
      ],
    });
    const { ctx, outputs, logger } = actionContext({
      ...INPUT,
      waitFor: 'installed',
    });
    await action().handler(ctx);

    expect(calls()).toEqual([POST, READ, READ, READ, READ]);
    const lines = logger.info.mock.calls
      .map(c => c[0])
      .filter(m => m.startsWith(`Distribution ${DISTRIBUTION_ID} is`));
    expect(lines).toEqual([
      `Distribution ${DISTRIBUTION_ID} is running: 5 pending.`,
      `Distribution ${DISTRIBUTION_ID} is running: 3 licensed, 2 installing.`,
      `Distribution ${DISTRIBUTION_ID} is completed: 5 installed.`,
    ]);
    expect(clock.sleeps).toEqual([3000, 3000, 3000]);
    expect(outputs()).toMatchObject({
      distributionId: DISTRIBUTION_ID,
      url: URL,
      state: 'completed',
      counts: { installed: 5 },
    });
  });

  it('waits until licensed: no item pending or licensing', async () => {
    scenario({
      progress: [
        { state: 'running', counts: { pending: 2, licensing: 3 } },
        { state: 'running', counts: { licensed: 4, failed: 1 } },
        { state: 'completed', counts: { installed: 4, failed: 1 } },
      ],
    });
    const { ctx, outputs } = actionContext({ ...INPUT, waitFor: 'licensed' });
    await action().handler(ctx);
    expect(calls()).toEqual([POST, READ, READ]);
    expect(outputs()).toMatchObject({
      state: 'running',
      counts: { licensed: 4, failed: 1 },
    });
  });

  it('warns about failed items and fails a cancelled distribution', async () => {
    scenario({
      progress: [
        {
          state: 'completed-with-failures',
          counts: { installed: 4, failed: 1 },
        },
      ],
    });
    const first = actionContext({ ...INPUT, waitFor: 'installed' });
    await action().handler(first.ctx);
    expect(first.logger.warn).toHaveBeenCalledWith(
      `1 item failed; the progress page ${URL} says why and what to do, and can retry them.`,
    );

    scenario({
      progress: [
        { state: 'cancelled', counts: { installed: 1, cancelled: 4 } },
      ],
    });
    await expect(
      action().handler(actionContext({ ...INPUT, waitFor: 'installed' }).ctx),
    ).rejects.toThrow(
      `Distribution ${DISTRIBUTION_ID} was cancelled (1 installed, 4 cancelled). See ${URL}.`,
    );
  });

  it('gives up waiting at the timeout, saying the distribution keeps running', async () => {
    scenario({ progress: [{ state: 'running', counts: { queued: 5 } }] });
    const { ctx, outputs } = actionContext({
      ...INPUT,
      waitFor: 'installed',
      timeoutMinutes: 1,
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      `Distribution ${DISTRIBUTION_ID} did not reach "installed" within 1 minute (Distribution ${DISTRIBUTION_ID} is running: 5 queued.). It keeps running: follow it at ${URL}, or raise timeoutMinutes.`,
    );
    expect(clock.elapsedMs()).toBe(60_000);
    // The id and URL are out before the wait, for the template's links.
    expect(outputs()).toMatchObject({
      distributionId: DISTRIBUTION_ID,
      url: URL,
    });
  });

  it('continues the distribution of an earlier attempt instead of starting a second one', async () => {
    backend.reply(
      createdEarlier(
        fakeDistributionRoutes({
          progress: [{ state: 'completed', counts: { installed: 5 } }],
        }),
      ),
    );
    const stored = new Map<string, unknown>();
    const checkpoint = async ({ key, fn }: any) => {
      if (!stored.has(key)) stored.set(key, await fn());
      return stored.get(key);
    };
    const first = actionContext({ ...INPUT, waitFor: 'installed' });
    await action().handler({ ...first.ctx, checkpoint } as any);
    const retry = actionContext({ ...INPUT, waitFor: 'installed' });
    await action().handler({ ...retry.ctx, checkpoint } as any);

    expect(calls().filter(c => c === POST)).toHaveLength(1);
    expect(retry.logged()).toContain(
      `Continuing with distribution ${DISTRIBUTION_ID}, which an earlier attempt of this task started; no second one is started. Follow it at ${URL}.`,
    );
    expect(retry.outputs()).toMatchObject({
      distributionId: DISTRIBUTION_ID,
      state: 'completed',
    });
  });

  it('refuses no devices, no apps and a bad timeout before calling the backend', async () => {
    scenario();
    await expect(
      action().handler(actionContext({ ...INPUT, targets: { q: '' } }).ctx),
    ).rejects.toThrow(
      'Choose the devices: give targets.deviceIds or at least one filter (such as a group).',
    );
    await expect(
      action().handler(
        actionContext({ ...INPUT, targets: { deviceIds: [] } }).ctx,
      ),
    ).rejects.toThrow(
      'targets.deviceIds is empty: choose at least one device, or select all matches.',
    );
    await expect(
      action().handler(actionContext({ ...INPUT, adamIds: [' '] }).ctx),
    ).rejects.toThrow('Choose at least one app to install.');
    await expect(
      action().handler(actionContext({ ...INPUT, timeoutMinutes: 0 }).ctx),
    ).rejects.toThrow('timeoutMinutes must be a number of minutes above 0');
    expect(calls()).toEqual([]);
  });
});
