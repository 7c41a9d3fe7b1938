import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  createDistributionApi,
  Distribution,
  DistributionApi,
  DistributionPlan,
  DistributionRequest,
  FINAL_STATES,
} from './distributionApi';
import {
  callVpp,
  createVppClientFor,
  parseTokenRef,
  VppActionOptions,
} from './helpers';
import { realClock, SyncClock } from './vppTokenSync';
import { examples } from './vppAppsInstall.examples';

/** Options of {@link createVppAppsInstallAction}. @public */
export interface VppAppsInstallActionOptions extends VppActionOptions {
  /** How often the distribution is read while waiting. @defaultValue 3000 */
  pollIntervalMs?: number;
  /** For tests: a clock whose sleeps take no time. @defaultValue the real clock */
  clock?: SyncClock;
}

/** What the step waits for before it ends. @public */
export type InstallWaitFor = 'none' | 'licensed' | 'installed';

const DEFAULT_TIMEOUT_MINUTES = 60;
const DEFAULT_POLL_INTERVAL_MS = 3000;
/** Counts are logged when they change, and at least this often, so a long wait stays visible. */
const PROGRESS_INTERVAL_MS = 60_000;
/** Reads that may fail in a row (backend restart, network blip) before giving up. */
const MAX_FAILED_READS = 3;
/** Item states before a license is confirmed for the item. */
const BEFORE_LICENSED = ['pending', 'licensing'];
/** The order item states are logged in: the way an item goes. */
const ITEM_STATE_ORDER = [
  'pending',
  'licensing',
  'licensed',
  'queued',
  'acknowledged',
  'installing',
  'installed',
  'failed',
  'cancelled',
];

/** The portal page that follows a distribution. */
export function distributionUrl(id: string): string {
  return `/vpp/distributions/${encodeURIComponent(id)}`;
}

/** What a start leaves for a retried task (checkpoint value, JSON). */
type InstallStart = { distributionId: string; plan: DistributionPlan };

/**
 * `vpp:apps:install`: starts a distribution (`POST /api/vpp/distributions`) as the user
 * who runs the template: licenses for the apps are assigned to the devices' serial
 * numbers and the apps are installed over MDM. Optionally waits until every item is
 * licensed or installed, logging the items per state.
 *
 * Dry run (the template editor's, or input `dryRun`): the backend computes the plan and
 * nothing changes.
 *
 * @public
 */
export function createVppAppsInstallAction(
  options: VppAppsInstallActionOptions,
): TemplateAction<any, any, 'v2'> {
  const clock = options.clock ?? realClock;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;

  return createTemplateAction({
    id: 'vpp:apps:install',
    description:
      'Installs apps from Apple Apps and Books on managed devices: assigns the licenses to the devices (no Apple Account needed) and sends the install over MDM, with the license mode, managed app configuration, per-app VPN, removal with the MDM profile, backup prevention, "user may remove" and an optional scheduled date. Outputs the distribution id and the URL of its progress page; can wait until the items are licensed or installed. A dry run returns the plan and changes nothing. A retried task continues the distribution it started instead of starting a second one.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        token: z =>
          z.string({
            description:
              'The content token whose licenses are used: its id (as VppTokenPicker sends it) or its catalog entity ref.',
          }),
        adamIds: z =>
          z
            .array(z.string(), {
              description:
                'The apps to install, by adamId (as VppAppPicker sends them).',
            })
            .min(1),
        platform: z =>
          z.enum(['ios', 'macos'], {
            description: 'ios (iPhone and iPad) or macos.',
          }),
        licenseMode: z =>
          z
            .enum(['auto', 'manual'], {
              description:
                'auto: licenses are assigned as needed and reclaimed when the device leaves; manual: every device must already hold a license for each app. Default auto.',
            })
            .optional(),
        targets: z =>
          z
            .object(
              {
                deviceIds: z.array(z.string()).optional(),
                q: z.string().optional(),
                field: z.string().optional(),
                value: z.string().optional(),
                group: z.string().optional(),
                includeSubgroups: z.boolean().optional(),
                platform: z.string().optional(),
                enrolled: z.boolean().optional(),
                adamId: z.string().optional(),
                bundleId: z.string().optional(),
                installState: z.string().optional(),
                version: z.string().optional(),
                inventoryBefore: z.string().optional(),
              },
              {
                description:
                  'The devices: { deviceIds } or the filters of GET /devices (every match), as VppDevicePicker sends them.',
              },
            )
            .passthrough(),
        appConfigIds: z =>
          z
            .record(z.string(), {
              description:
                'Managed app configuration per app: { <adamId>: <setting id> }.',
            })
            .optional(),
        appConfigId: z =>
          z
            .string({
              description:
                'One managed app configuration (as VppAppConfigPicker sends it), used for the app it belongs to; with one app, for that app. Empty means none.',
            })
            .optional(),
        vpnConfigId: z =>
          z
            .string({
              description:
                'Per-app VPN setting id (as VppVpnPicker sends it). Empty means none.',
            })
            .optional(),
        removeWithMdmProfile: z =>
          z
            .boolean({
              description:
                'Remove the apps when the MDM profile is removed. Default false.',
            })
            .optional(),
        preventBackup: z =>
          z
            .boolean({
              description: "Prevent backup of the apps' data. Default false.",
            })
            .optional(),
        removable: z =>
          z
            .boolean({
              description:
                'The user may remove the apps (iOS/iPadOS 14 and later). Default true.',
            })
            .optional(),
        scheduledAt: z =>
          z
            .string({
              description:
                'Start on this date (ISO date or instant), at most the day before the token expires. Empty means now.',
            })
            .optional(),
        allowPartial: z =>
          z
            .boolean({
              description:
                'When licenses are short, install on as many devices as there are licenses instead of refusing. Default false.',
            })
            .optional(),
        dryRun: z =>
          z
            .boolean({
              description:
                "Only compute the plan; change nothing. Default false (the template editor's dry run is always one).",
            })
            .optional(),
        waitFor: z =>
          z
            .enum(['none', 'licensed', 'installed'], {
              description:
                'none: end once the distribution has started; licensed: wait until every item has its license (or failed); installed: wait until the distribution has ended. Default none.',
            })
            .optional(),
        timeoutMinutes: z =>
          z
            .number({
              description: `How long to wait, in minutes. Default ${DEFAULT_TIMEOUT_MINUTES}. When the time is up the step fails; the distribution keeps running.`,
            })
            .positive()
            .optional(),
      },
      output: {
        distributionId: z =>
          z
            .string({
              description: 'Id of the distribution (absent in a dry run).',
            })
            .optional(),
        url: z =>
          z
            .string({
              description:
                "The distribution's progress page in the portal, /vpp/distributions/<id> (absent in a dry run).",
            })
            .optional(),
        devicesMatched: z =>
          z.number({ description: 'Devices the plan matched.' }),
        devicesLeftOut: z =>
          z.number({
            description:
              'Devices left out (other platform, OS too old, unenrolled).',
          }),
        licensesNeeded: z =>
          z.number({
            description: 'Licenses to assign, over all apps.',
          }),
        alreadyLicensed: z =>
          z.number({
            description:
              'Device–app pairs that already hold a license (not re-assigned).',
          }),
        plan: z =>
          z
            .object({})
            .passthrough()
            .describe(
              'The plan: { devicesMatched, leftOut: [{ reason, count }], apps: [{ adamId, needed, alreadyLicensed, available }] }.',
            ),
        state: z =>
          z
            .string({
              description:
                'State of the distribution when the step ended (absent in a dry run).',
            })
            .optional(),
        counts: z =>
          z
            .record(z.number())
            .describe('Items per state when the step ended.')
            .optional(),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const tokenId = parseTokenRef(input.token, 'install apps from');
      const waitFor: InstallWaitFor = input.waitFor ?? 'none';
      const timeoutMinutes = input.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
      if (!(timeoutMinutes > 0)) {
        throw new InputError(
          `timeoutMinutes must be a number of minutes above 0, not ${timeoutMinutes}.`,
        );
      }
      const adamIds = [...new Set(input.adamIds.map(a => String(a).trim()))];
      if (adamIds.length === 0 || adamIds.some(a => !a)) {
        throw new InputError('Choose at least one app to install.');
      }
      const credentials = await ctx.getInitiatorCredentials();
      const api = createDistributionApi(credentials, options);

      const request: DistributionRequest = {
        tokenId,
        adamIds,
        platform: input.platform,
        licenseMode: input.licenseMode ?? 'auto',
        targets: cleanTargets(input.targets),
        ...(await appConfigs(input, adamIds, credentials, options)),
        ...(blank(input.vpnConfigId) ? {} : { vpnConfigId: input.vpnConfigId }),
        removeWithMdmProfile: input.removeWithMdmProfile ?? false,
        preventBackup: input.preventBackup ?? false,
        removable: input.removable ?? true,
        ...(blank(input.scheduledAt)
          ? {}
          : { scheduledAt: scheduleInstant(input.scheduledAt) }),
        allowPartial: input.allowPartial ?? false,
      };

      if (ctx.isDryRun || input.dryRun) {
        logger.info(
          'Dry run: asking the vpp backend for the plan; nothing is assigned or installed.',
        );
        const plan = await callVpp(() => api.dryRun(request));
        logPlan(plan, logger);
        outputPlan(ctx.output, plan);
        return;
      }

      // The checkpoint keeps a retried task from starting a second distribution.
      let startedNow = false;
      const start = (await ctx.checkpoint<any>({
        key: `vpp.apps.install.${fingerprint(request)}`,
        fn: async () => {
          startedNow = true;
          const created = await callVpp(() => api.create(request));
          const value: InstallStart = {
            distributionId: created.id,
            plan: created.plan,
          };
          return JSON.parse(JSON.stringify(value));
        },
      })) as unknown as InstallStart;
      const id = start.distributionId;
      const url = distributionUrl(id);
      if (startedNow) {
        logger.info(
          `Distribution ${id} started${
            request.scheduledAt ? ` (scheduled for ${request.scheduledAt})` : ''
          }. Follow it at ${url}.`,
        );
        logPlan(start.plan, logger);
      } else {
        logger.info(
          `Continuing with distribution ${id}, which an earlier attempt of this task started; no second one is started. Follow it at ${url}.`,
        );
      }
      ctx.output('distributionId', id);
      ctx.output('url', url);
      outputPlan(ctx.output, start.plan);

      if (waitFor === 'none') {
        const current = await callVpp(() => api.get(id));
        ctx.output('state', current.state);
        ctx.output('counts', current.counts);
        return;
      }
      const final = await waitForDistribution({
        api,
        id,
        waitFor,
        timeoutMinutes,
        pollIntervalMs,
        clock,
        logger,
        signal: ctx.signal,
      });
      ctx.output('state', final.state);
      ctx.output('counts', final.counts);
      if (final.state === 'cancelled') {
        throw new Error(
          `Distribution ${id} was cancelled (${describeCounts(
            final.counts,
          )}). See ${url}.`,
        );
      }
      const failed = final.counts.failed ?? 0;
      if (failed > 0) {
        logger.warn(
          `${failed} item${
            failed === 1 ? '' : 's'
          } failed; the progress page ${url} says why and what to do, and can retry them.`,
        );
      }
    },
  });
}

/**
 * The backend takes an instant; a date from VppScheduleDatePicker means the start of that
 * day (UTC), which keeps the last allowed day — the day before expiry — allowed.
 */
function scheduleInstant(value: string): string {
  const trimmed = value.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
    ? `${trimmed}T00:00:00.000Z`
    : trimmed;
}

function blank(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === '';
}

/** Drops the empty values a form leaves behind, so they are not sent as filters. */
function cleanTargets(
  targets: Record<string, unknown>,
): DistributionRequest['targets'] {
  const cleaned = Object.fromEntries(
    Object.entries(targets ?? {}).filter(
      ([, v]) => v !== undefined && v !== null && v !== '',
    ),
  );
  if (Object.keys(cleaned).length === 0) {
    throw new InputError(
      'Choose the devices: give targets.deviceIds or at least one filter (such as a group).',
    );
  }
  if (
    'deviceIds' in cleaned &&
    (!Array.isArray(cleaned.deviceIds) || cleaned.deviceIds.length === 0)
  ) {
    throw new InputError(
      'targets.deviceIds is empty: choose at least one device, or select all matches.',
    );
  }
  return cleaned as DistributionRequest['targets'];
}

/** appConfigIds, or the one appConfigId placed on the app it belongs to. */
async function appConfigs(
  input: { appConfigIds?: Record<string, string>; appConfigId?: string },
  adamIds: string[],
  credentials: Parameters<typeof createVppClientFor>[0],
  options: VppActionOptions,
): Promise<{ appConfigIds?: Record<string, string> }> {
  const byApp = Object.fromEntries(
    Object.entries(input.appConfigIds ?? {}).filter(([, v]) => !blank(v)),
  );
  if (!blank(input.appConfigId)) {
    const id = input.appConfigId;
    const client = createVppClientFor(credentials, options);
    const config = await callVpp(() => client.getAppConfig(id));
    const adamId =
      config.adamId ?? (adamIds.length === 1 ? adamIds[0] : undefined);
    if (!adamId || !adamIds.includes(adamId)) {
      throw new InputError(
        `The managed app configuration "${config.name}" is for ${
          config.adamId ? `app ${config.adamId}` : `bundle ${config.bundleId}`
        }, which is not ${
          adamIds.length === 1 ? 'the app' : 'one of the apps'
        } being installed (${adamIds.join(
          ', ',
        )}). Choose a configuration of the app, or give appConfigIds per app.`,
      );
    }
    byApp[adamId] = id;
  }
  return Object.keys(byApp).length ? { appConfigIds: byApp } : {};
}

function fingerprint(request: DistributionRequest): string {
  return createHash('sha256')
    .update(JSON.stringify(request))
    .digest('hex')
    .slice(0, 16);
}

function outputPlan(
  output: (name: any, value: any) => void,
  plan: DistributionPlan,
): void {
  output('devicesMatched', plan.devicesMatched);
  output(
    'devicesLeftOut',
    plan.leftOut.reduce((n, l) => n + l.count, 0),
  );
  output(
    'licensesNeeded',
    plan.apps.reduce((n, a) => n + a.needed, 0),
  );
  output(
    'alreadyLicensed',
    plan.apps.reduce((n, a) => n + a.alreadyLicensed, 0),
  );
  output('plan', plan);
}

/** Logs the plan the way the review step shows it. */
export function logPlan(plan: DistributionPlan, logger: LoggerService): void {
  logger.info(`Devices matched: ${plan.devicesMatched}.`);
  for (const l of plan.leftOut) {
    logger.info(`Left out: ${l.count} (${l.reason}).`);
  }
  for (const app of plan.apps) {
    const short = app.needed > app.available;
    const line = `App ${app.adamId}: ${app.needed} licenses needed, ${app.available} available, ${app.alreadyLicensed} devices already licensed (not re-assigned, so not reclaimed automatically).`;
    if (short) {
      logger.warn(`${line} ${app.needed - app.available} licenses short.`);
    } else {
      logger.info(line);
    }
  }
}

/** `3 installed, 2 installing, 1 failed`, in the order items go. */
export function describeCounts(counts: Record<string, number>): string {
  const states = [
    ...ITEM_STATE_ORDER,
    ...Object.keys(counts)
      .filter(s => !ITEM_STATE_ORDER.includes(s))
      .sort(),
  ];
  const parts = states
    .filter(s => (counts[s] ?? 0) > 0)
    .map(s => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'no items';
}

function reached(d: Distribution, waitFor: InstallWaitFor): boolean {
  if (FINAL_STATES.includes(d.state)) {
    return true;
  }
  if (waitFor !== 'licensed' || d.state === 'scheduled') {
    return false;
  }
  const total = Object.values(d.counts).reduce((n, c) => n + c, 0);
  return total > 0 && BEFORE_LICENSED.every(s => !d.counts[s]);
}

function isPermanent(error: unknown): boolean {
  return (
    isError(error) &&
    [
      'InputError',
      'AuthenticationError',
      'NotAllowedError',
      'NotFoundError',
      'ConflictError',
    ].includes(error.name)
  );
}

/** Reads the distribution until `waitFor` is reached; logs the counts as they change. */
async function waitForDistribution(o: {
  api: DistributionApi;
  id: string;
  waitFor: InstallWaitFor;
  timeoutMinutes: number;
  pollIntervalMs: number;
  clock: SyncClock;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<Distribution> {
  const { clock, logger, signal, id } = o;
  const url = distributionUrl(id);
  const deadline = clock.now() + o.timeoutMinutes * 60_000;
  let lastLogged = '';
  let lastLoggedAt = clock.now();
  let failedReads = 0;
  logger.info(
    `Waiting until every item is ${
      o.waitFor === 'licensed' ? 'licensed' : 'installed'
    } (or failed), at most ${o.timeoutMinutes} minutes.`,
  );
  for (;;) {
    if (signal?.aborted) {
      throw new Error(
        `Stopped waiting for distribution ${id} because the task was cancelled. The distribution keeps running; follow it at ${url}.`,
      );
    }
    try {
      const d = await callVpp(() => o.api.get(id));
      failedReads = 0;
      const line = `Distribution ${id} is ${d.state}: ${describeCounts(
        d.counts,
      )}.`;
      if (
        line !== lastLogged ||
        clock.now() - lastLoggedAt >= PROGRESS_INTERVAL_MS
      ) {
        logger.info(line);
        lastLogged = line;
        lastLoggedAt = clock.now();
      }
      if (reached(d, o.waitFor)) {
        return d;
      }
    } catch (error) {
      failedReads += 1;
      if (isPermanent(error) || failedReads > MAX_FAILED_READS) {
        throw error;
      }
      logger.warn(
        `Could not read distribution ${id} (${
          isError(error) ? error.message : String(error)
        }); trying again.`,
      );
    }
    const left = deadline - clock.now();
    if (left <= 0) {
      throw new Error(
        `Distribution ${id} did not reach "${o.waitFor}" within ${
          o.timeoutMinutes
        } minute${o.timeoutMinutes === 1 ? '' : 's'} (${
          lastLogged || 'no counts read'
        }). It keeps running: follow it at ${url}, or raise timeoutMinutes.`,
      );
    }
    try {
      await clock.sleep(Math.min(o.pollIntervalMs, left), signal);
    } catch {
      // A cancelled task: the loop's check says so.
    }
  }
}
