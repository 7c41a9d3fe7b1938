import {
  TemplateAction,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createDistributionApi, DistributionPlan } from './distributionApi';
import { callVpp, parseTokenRef, VppActionOptions } from './helpers';
import {
  installAdamIds,
  installCheckpointKey,
  installRequest,
} from './installRequest';
import {
  describeCounts,
  distributionUrl,
  logPlan,
  outputPlan,
} from './installReport';
import { examples } from './vppAppsInstall.examples';
import { checkTimeoutMinutes, realClock, SyncClock } from './waiting';
import { InstallWaitFor, waitForDistribution } from './waitForDistribution';

/** Options of {@link createVppAppsInstallAction}. @public */
export interface VppAppsInstallActionOptions extends VppActionOptions {
  /** How often the distribution is read while waiting. @defaultValue 3000 */
  pollIntervalMs?: number;
  /** For tests: a clock whose sleeps take no time. @defaultValue the real clock */
  clock?: SyncClock;
}

const DEFAULT_TIMEOUT_MINUTES = 60;
const DEFAULT_POLL_INTERVAL_MS = 3000;

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
      checkTimeoutMinutes(timeoutMinutes);
      const adamIds = installAdamIds(input.adamIds);
      const credentials = await ctx.getInitiatorCredentials();
      const api = createDistributionApi(credentials, options);
      const request = await installRequest(
        input,
        tokenId,
        adamIds,
        credentials,
        options,
      );

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
        key: installCheckpointKey(request),
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
