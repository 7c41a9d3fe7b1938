import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import {
  VppApiClient,
  VppDeviceQuery,
  VppLicenseChangeResult,
} from '@internal/plugin-vpp-common';
import {
  callVpp,
  createVppClientFor,
  parseTokenRef,
  VppActionOptions,
} from './helpers';
import { createHash } from 'node:crypto';

/** Devices resolved from `targets` at most; beyond, give serials or split the request. */
export const MAX_TARGET_DEVICES = 10_000;
/** Page size of `GET /devices` (its maximum). */
const DEVICE_PAGE = 500;
/** Pairs listed one by one in the log; the rest are counted. */
const LISTED_PAIRS = 20;

type Kind = 'assign' | 'revoke';

const WORDS: Record<
  Kind,
  { verb: string; done: string; id: string; description: string }
> = {
  assign: {
    verb: 'assign',
    done: 'assigned',
    id: 'vpp:licenses:assign',
    description:
      'Assigns device licenses of apps to serial numbers at Apple without installing anything (pre-assignment, recorded as manual in the license ledger, never reclaimed automatically). Every app goes to every device. A dry run reports the calls Apple would get and changes nothing.',
  },
  revoke: {
    verb: 'revoke',
    done: 'revoked',
    id: 'vpp:licenses:revoke',
    description:
      'Revokes (reclaims) device licenses of apps from serial numbers at Apple without removing the apps. Every app from every device. A dry run reports the calls Apple would get and changes nothing.',
  },
};

/**
 * `vpp:licenses:assign` and `vpp:licenses:revoke`: `POST /api/vpp/licenses/assign|revoke`
 * as the user who runs the template. Devices come as serial numbers, or as the
 * `targets` VppDevicePicker sends (device ids or the filters of `GET /devices`).
 */
export function createLicenseChangeAction(
  kind: Kind,
  options: VppActionOptions,
  examples: TemplateExample[],
): TemplateAction<any, any, 'v2'> {
  const words = WORDS[kind];
  return createTemplateAction({
    id: words.id,
    description: words.description,
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        token: z =>
          z.string({
            description:
              'The content token: its id (as VppTokenPicker sends it) or its catalog entity ref.',
          }),
        adamIds: z =>
          z.array(z.string(), { description: 'The apps, by adamId.' }).min(1),
        serials: z =>
          z
            .array(z.string(), {
              description: 'Serial numbers of the devices.',
            })
            .optional(),
        targets: z =>
          z
            .object(
              { deviceIds: z.array(z.string()).optional() },
              {
                description:
                  'Instead of serials: the devices as VppDevicePicker sends them, { deviceIds } or the filters of GET /devices.',
              },
            )
            .passthrough()
            .optional(),
        dryRun: z =>
          z
            .boolean({
              description:
                "Only report what Apple would be asked; change nothing. Default false (the template editor's dry run is always one).",
            })
            .optional(),
      },
      output: {
        message: z =>
          z.string({ description: "The vpp backend's summary sentence." }),
        succeeded: z =>
          z.number({ description: `Pairs (app, serial) ${words.done}.` }),
        failed: z => z.number({ description: 'Pairs Apple refused.' }),
        skipped: z =>
          z.number({
            description: 'Pairs not sent (already so, or in progress).',
          }),
        pending: z =>
          z.number({
            description: 'Pairs whose outcome Apple had not reported yet.',
          }),
        appleRequests: z =>
          z.number({
            description:
              'Calls made to Apple (in a dry run: that would be made).',
          }),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const tokenId = parseTokenRef(input.token, `${words.verb} licenses of`);
      const adamIds = [...new Set(input.adamIds.map(a => String(a).trim()))];
      if (adamIds.length === 0 || adamIds.some(a => !a)) {
        throw new InputError(`Choose at least one app to ${words.verb}.`);
      }
      const dryRun = Boolean(ctx.isDryRun || input.dryRun);
      const client = createVppClientFor(
        await ctx.getInitiatorCredentials(),
        options,
      );
      const serials = await resolveSerials(client, input, logger);
      if (serials.length === 0) {
        throw new InputError(
          `No devices with a serial number were chosen; licenses can only be ${words.done} for serial numbers.`,
        );
      }
      const request = { tokenId, adamIds, serials };
      logger.info(
        `${dryRun ? 'Dry run: would ask' : 'Asking'} Apple to ${words.verb} ${
          adamIds.length
        } app${adamIds.length === 1 ? '' : 's'} for ${serials.length} device${
          serials.length === 1 ? '' : 's'
        }.`,
      );
      const call = () =>
        callVpp(() =>
          kind === 'assign'
            ? client.assignLicenses({ ...request, dryRun })
            : client.revokeLicenses({ ...request, dryRun }),
        );
      // A retried task reuses the answer instead of asking Apple again; the backend
      // would skip pairs already done anyway.
      const result = dryRun
        ? await call()
        : ((await ctx.checkpoint<any>({
            key: `vpp.licenses.${kind}.${fingerprint(request)}`,
            fn: async () => JSON.parse(JSON.stringify(await call())),
          })) as unknown as VppLicenseChangeResult);
      report(result, logger);
      ctx.output('message', result.message);
      ctx.output('succeeded', result.succeeded.length);
      ctx.output('failed', result.failed.length);
      ctx.output('skipped', result.skipped.length);
      ctx.output('pending', result.pending.length);
      ctx.output('appleRequests', result.appleRequests.length);
      if (result.failed.length > 0) {
        throw new Error(
          `${result.failed.length} of the licenses could not be ${
            words.done
          }: ${result.failed
            .slice(0, 3)
            .map(f => `${f.adamId} for ${f.serialNumber}: ${f.reason}`)
            .join('; ')}${result.failed.length > 3 ? '; …' : ''}`,
        );
      }
    },
  });
}

function fingerprint(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value))
    .digest('hex')
    .slice(0, 16);
}

function report(result: VppLicenseChangeResult, logger: LoggerService): void {
  logger.info(result.message);
  for (const app of result.apps) {
    logger.info(
      `App ${app.name ? `"${app.name}" (${app.adamId})` : app.adamId}: ${
        app.requested
      } to send to Apple, ${
        app.available
      } licenses available at the last sync.`,
    );
  }
  logger.info(
    `Apple ${result.dryRun ? 'would get' : 'got'} ${
      result.appleRequests.length
    } call${result.appleRequests.length === 1 ? '' : 's'}.`,
  );
  for (const s of result.skipped.slice(0, LISTED_PAIRS)) {
    logger.info(`Skipped ${s.adamId} for ${s.serialNumber}: ${s.message}`);
  }
  if (result.skipped.length > LISTED_PAIRS) {
    logger.info(`… and ${result.skipped.length - LISTED_PAIRS} more skipped.`);
  }
  for (const f of result.failed.slice(0, LISTED_PAIRS)) {
    logger.warn(
      `Failed ${f.adamId} for ${f.serialNumber}${
        f.errorNumber ? ` (error ${f.errorNumber})` : ''
      }: ${f.reason}`,
    );
  }
  if (result.failed.length > LISTED_PAIRS) {
    logger.warn(`… and ${result.failed.length - LISTED_PAIRS} more failed.`);
  }
  if (result.pending.length > 0) {
    logger.warn(
      `${result.pending.length} pairs were still in progress at Apple when waiting ended; the license list shows how they end.`,
    );
  }
}

/** Serial numbers from `serials`, or from the devices `targets` names. */
async function resolveSerials(
  client: VppApiClient,
  input: { serials?: string[]; targets?: Record<string, unknown> },
  logger: LoggerService,
): Promise<string[]> {
  const given = (input.serials ?? []).map(s => s.trim()).filter(Boolean);
  const targets = Object.fromEntries(
    Object.entries(input.targets ?? {}).filter(
      ([, v]) => v !== undefined && v !== null && v !== '',
    ),
  );
  if (given.length && Object.keys(targets).length) {
    throw new InputError(
      'Give the devices either as serials or as targets, not both.',
    );
  }
  if (given.length) {
    return [...new Set(given)];
  }
  if (!Object.keys(targets).length) {
    throw new InputError(
      'Choose the devices: give serials, or targets (device ids or filters).',
    );
  }
  const serials = new Set<string>();
  let withoutSerial = 0;
  if (Array.isArray(targets.deviceIds)) {
    const ids = targets.deviceIds as string[];
    if (ids.length > MAX_TARGET_DEVICES) {
      throw new InputError(
        `${ids.length} devices were chosen; at most ${MAX_TARGET_DEVICES} at a time.`,
      );
    }
    for (const id of ids) {
      const device = await callVpp(() => client.getDevice(id));
      if (device.serialNumber) serials.add(device.serialNumber);
      else withoutSerial += 1;
    }
  } else {
    const query = targets as VppDeviceQuery;
    for (let offset = 0; ; offset += DEVICE_PAGE) {
      const page = await callVpp(() =>
        client.listDevices({ ...query, offset, limit: DEVICE_PAGE }),
      );
      if (page.totalCount > MAX_TARGET_DEVICES) {
        throw new InputError(
          `${page.totalCount} devices match; at most ${MAX_TARGET_DEVICES} at a time. Narrow the search.`,
        );
      }
      for (const device of page.items) {
        if (device.serialNumber) serials.add(device.serialNumber);
        else withoutSerial += 1;
      }
      if (page.items.length < DEVICE_PAGE) break;
    }
  }
  if (withoutSerial) {
    logger.warn(
      `${withoutSerial} device${
        withoutSerial === 1 ? ' has' : 's have'
      } no serial number yet (no inventory) and ${
        withoutSerial === 1 ? 'is' : 'are'
      } left out.`,
    );
  }
  return [...serials];
}
