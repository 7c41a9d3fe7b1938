import { createHash } from 'node:crypto';
import { Duration } from 'luxon';
import type {
  MdmAction,
  MdmConnector,
  MdmConnectorFactory,
  MdmEvent,
  MdmSendRequest,
  MdmSendResult,
  MdmSendTargetResult,
  MdmTarget,
  MdmWebhookRequest,
} from '@internal/plugin-vpp-node';
import { deriveCommandUuid } from './commandUuid';
import {
  deviceInformationCommand,
  installApplicationCommand,
  installApplicationPayload,
  installedApplicationListCommand,
  managedApplicationListCommand,
  MdmCommandInputError,
  removeApplicationCommand,
} from './commands';
import { CommandDelivery, DeliveryOutcome } from './delivery';
import { NanoMdmClient, NanoMdmClientOptions } from './NanoMdmClient';
import { parseNanoMdmWebhook } from './webhook';

/**
 * The commands a send makes: one per distinct command body. Only `install-app` bodies
 * depend on the device (`Removable` on iOS/iPadOS/tvOS 14+, `InstallAsManaged` on macOS,
 * no management keys on macOS < 11…), so targets are grouped by the body they need.
 *
 * CommandUUIDs: a single body goes under the request's `commandId`. Several bodies each go
 * under `deriveCommandUuid(commandId, "variant:" + sha256(body))` — the version-5 UUID of
 * the body's hash in the namespace `commandId` — so a retried send with the same
 * targets derives the same ids. (Batches derive further ids; see `deliverCommands`.)
 */
export function planDeliveries(request: MdmSendRequest): CommandDelivery[] {
  if (
    typeof request.commandId !== 'string' ||
    request.commandId.trim() === ''
  ) {
    throw new MdmCommandInputError('commandId must be a non-empty string');
  }
  if (!Array.isArray(request.targets)) {
    throw new MdmCommandInputError('targets must be an array');
  }
  // One command per device: a target named twice counts once (the first).
  const seen = new Set<string>();
  const targets = request.targets.filter(
    t => !seen.has(t.enrollmentId) && seen.add(t.enrollmentId),
  );
  const ids = targets.map(t => t.enrollmentId);
  const single = (
    build: (commandUuid: string) => string,
  ): CommandDelivery[] => {
    build(request.commandId); // Input errors surface before anything is sent.
    return [{ commandUuid: request.commandId, enrollmentIds: ids, build }];
  };
  const action: MdmAction = request.action;
  switch (action.type) {
    case 'install-app':
      return installDeliveries(request.commandId, action.app, targets);
    case 'remove-app':
      return single(uuid => removeApplicationCommand(uuid, action.bundleId));
    case 'installed-apps':
      return single(uuid =>
        installedApplicationListCommand(uuid, action.bundleIds),
      );
    case 'managed-apps':
      return single(uuid =>
        managedApplicationListCommand(uuid, action.bundleIds),
      );
    case 'device-information':
      return single(uuid => deviceInformationCommand(uuid));
    default:
      throw new MdmCommandInputError(
        `Unknown MDM action ${JSON.stringify(
          (action as { type?: unknown }).type,
        )}`,
      );
  }
}

function installDeliveries(
  commandId: string,
  app: Extract<MdmAction, { type: 'install-app' }>['app'],
  targets: MdmTarget[],
): CommandDelivery[] {
  const groups = new Map<string, { target: MdmTarget; ids: string[] }>();
  for (const target of targets) {
    const key = JSON.stringify(installApplicationPayload(app, target));
    const group = groups.get(key);
    if (group) {
      group.ids.push(target.enrollmentId);
    } else {
      groups.set(key, { target, ids: [target.enrollmentId] });
    }
  }
  return [...groups.entries()].map(([key, { target, ids }]) => ({
    commandUuid:
      groups.size === 1
        ? commandId
        : deriveCommandUuid(
            commandId,
            `variant:${createHash('sha256').update(key).digest('hex')}`,
          ),
    enrollmentIds: ids,
    build: uuid => installApplicationCommand(uuid, app, target),
  }));
}

/**
 * The built-in connector (`vpp.mdm.connector: nanomdm`): sends actions as Apple MDM
 * commands through NanoMDM's command API and decodes NanoMDM's webhook events.
 */
export class NanoMdmConnector implements MdmConnector {
  readonly name = 'nanomdm';
  readonly client: NanoMdmClient;

  constructor(options: NanoMdmClientOptions | { client: NanoMdmClient }) {
    this.client =
      'client' in options ? options.client : new NanoMdmClient(options);
  }

  /**
   * Queues the action's command(s) for every target, then pushes. One result per distinct
   * enrollment id, in the order of `targets`, each with the CommandUUID its device got.
   * Throws `MdmCommandInputError` (nothing sent) for an action no command can be built
   * from, and the client's error (`MdmUnreachableError`, `MdmAuthError`…) when no enqueue
   * got an answer.
   */
  async send(request: MdmSendRequest): Promise<MdmSendResult> {
    const [result] = await this.sendMany([request]);
    return result;
  }

  /**
   * Several actions at once: every command is queued first (in the order given) and then
   * each device is pushed once, so it fetches all of them in one check-in. Results as
   * {@link send}'s, one per request.
   */
  async sendMany(requests: MdmSendRequest[]): Promise<MdmSendResult[]> {
    const deliveries = requests.map(planDeliveries);
    const outcomes = await this.client.deliverGroups(deliveries);
    return requests.map((request, n) => sendResult(request, outcomes[n]));
  }

  parseWebhook(request: MdmWebhookRequest): MdmEvent[] {
    return parseNanoMdmWebhook(request.body);
  }
}

/** A duration in config: milliseconds, `{ seconds: 30 }`, or ISO 8601 (`PT30S`). */
function readDurationMs(
  config: { getOptional(key: string): unknown },
  key: string,
): number | undefined {
  const value = config.getOptional(key);
  if (value === undefined) {
    return undefined;
  }
  let duration: Duration = Duration.invalid('not a duration');
  if (typeof value === 'number') {
    duration = Duration.fromMillis(value);
  } else if (typeof value === 'string') {
    duration = Duration.fromISO(value);
  } else if (typeof value === 'object' && value !== null) {
    duration = Duration.fromObject(value as Record<string, number>);
  }
  const ms = duration.isValid ? duration.toMillis() : NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new Error(
      `Invalid duration in vpp.mdm.nanomdm.${key}: use milliseconds, { seconds: 30 } or ISO 8601 such as PT30S`,
    );
  }
  return ms;
}

/**
 * Makes the NanoMDM connector from `vpp.mdm.nanomdm`: `baseUrl` (required), `apiKey`
 * (required, secret), `batchSize` (default 500), `timeout` (per attempt, default 30 s),
 * `maxAttempts` (default 4).
 */
export const nanoMdmConnectorFactory: MdmConnectorFactory = {
  name: 'nanomdm',
  create({ config, logger }) {
    return new NanoMdmConnector({
      baseUrl: config.getString('baseUrl'),
      apiKey: config.getString('apiKey'),
      batchSize: config.getOptionalNumber('batchSize'),
      timeoutMs: readDurationMs(config, 'timeout'),
      retry: { maxAttempts: config.getOptionalNumber('maxAttempts') },
      logger,
    });
  },
};

/** One result per distinct enrollment id, in the order of `targets`. */
function sendResult(
  request: MdmSendRequest,
  outcomes: DeliveryOutcome[],
): MdmSendResult {
  const byId = new Map(outcomes.map(o => [o.enrollmentId, o]));
  const results: MdmSendTargetResult[] = [];
  const seen = new Set<string>();
  for (const { enrollmentId } of request.targets) {
    if (seen.has(enrollmentId)) {
      continue;
    }
    seen.add(enrollmentId);
    const outcome = byId.get(enrollmentId);
    if (!outcome) {
      results.push({
        enrollmentId,
        commandId: request.commandId,
        queued: false,
        error: 'not sent',
      });
      continue;
    }
    const result: MdmSendTargetResult = {
      enrollmentId,
      commandId: outcome.commandUuid,
      queued: outcome.queued,
    };
    if (!outcome.queued && outcome.error) result.error = outcome.error;
    if (outcome.queued && outcome.pushError)
      result.pushError = outcome.pushError;
    results.push(result);
  }
  return { commandId: request.commandId, results };
}
