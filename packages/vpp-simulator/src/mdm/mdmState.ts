import { randomUUID, timingSafeEqual } from 'node:crypto';
import plist from 'plist';
import { SimulatorState } from '../state';
import { FixtureCatalogItem } from '../types';
import {
  CommandDecodeError,
  CommandQueues,
  decodeCommand,
  StoredCommand,
} from './commandQueue';
import {
  answerCommand,
  DeviceAnswer,
  DeviceWorld,
  finishInstall,
  SimulatedDevice,
} from './deviceBehaviour';
import { CommandLog } from './commandLog';
import { DeviceRegistry, NewDeviceInput } from './deviceRegistry';
import {
  authenticatePayload,
  checkOutPayload,
  devicePlist,
  tokenUpdatePayload,
} from './payloads';
import { DEFAULT_MDM_SWITCHES, mergeMdmSwitches } from './switches';
import { MdmOptionsInput, MdmSwitches } from './types';
import { WebhookSender, WebhookTarget, webhookTargetFrom } from './webhook';
import { checkInEvent, connectEvent } from './webhookEvents';
import { apiStatusCode, NanoApiResult } from './apiResult';

export type { NanoApiResult } from './apiResult';

export const DEFAULT_API_KEY = 'nanomdm-simulator-key';
/** Enrolled devices processed per turn of the event loop when many check in at once. */
const CHECK_INS_PER_TURN = 500;
/** Commands one check-in works through at most (a guard; real queues are short). */
const MAX_COMMANDS_PER_CHECK_IN = 10000;

/**
 * The simulated NanoMDM server with its devices: command queues with PostgreSQL-storage
 * semantics, pushes that make devices check in, devices that answer like iPhones, iPads
 * and Macs, and the webhook events a real NanoMDM v0.9.0 posts.
 */
export class MdmState {
  readonly queues = new CommandQueues();
  readonly webhook: WebhookSender;
  readonly devices: DeviceRegistry;
  readonly commandLog = new CommandLog();
  apiKey: string;
  readonly webhookTarget: WebhookTarget;
  /** Called after devices changed outside a request (check-ins after a push). */
  onChange?: () => void;

  private switches: MdmSwitches;
  private readonly initialSwitches: MdmSwitches;
  private readonly random: () => number;
  private readonly timers = new Set<NodeJS.Timeout | NodeJS.Immediate>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private pendingCheckIns = 0;
  private settleWaiters: Array<() => void> = [];
  /** Parsed `Command` dictionaries by CommandUUID: one broadcast command, one parse. */
  private readonly decodedCommands = new Map<string, Record<string, unknown>>();
  private bundleIndex?: Map<string, FixtureCatalogItem>;

  constructor(
    private readonly apple: SimulatorState,
    options: MdmOptionsInput = {},
  ) {
    this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
    this.webhookTarget = webhookTargetFrom(options);
    this.initialSwitches = mergeMdmSwitches(
      DEFAULT_MDM_SWITCHES,
      options.switches,
    );
    this.switches = this.initialSwitches;
    this.random = options.random ?? Math.random;
    this.devices = new DeviceRegistry(options.devices);
    this.webhook = new WebhookSender(
      () => this.webhookTarget,
      () => this.switches,
      this.random,
      options.logger,
    );
  }

  get options(): MdmSwitches {
    return this.switches;
  }

  setOptions(input: Partial<MdmSwitches>): MdmSwitches {
    this.switches = mergeMdmSwitches(this.switches, input);
    return this.switches;
  }

  /** HTTP Basic `nanomdm:<api key>`, compared in constant time. */
  checkApiAuth(authorization: string | undefined): boolean {
    const match = /^Basic\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match) {
      return false;
    }
    const expected = Buffer.from(`nanomdm:${this.apiKey}`);
    const given = Buffer.from(match[1], 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  // ---- NanoMDM command API ---------------------------------------------------------------

  /** `PUT /v1/enqueue/<ids>`: NanoMDM's PushEnqueuer with PostgreSQL storage. */
  enqueue(
    ids: string[],
    body: string,
    noPush: boolean,
  ): { status: number; result: NanoApiResult } {
    let command: StoredCommand | undefined;
    if (body.length > 0) {
      try {
        command = decodeCommand(body);
      } catch (error) {
        if (error instanceof CommandDecodeError) {
          return {
            status: 500,
            result: { command_error: `decoding command: ${error.message}` },
          };
        }
        throw error;
      }
    }
    const result: NanoApiResult = {};
    if (noPush) {
      result.no_push = true;
    }
    if (!command && noPush) {
      result.command_error = 'must enqueue or push';
      return { status: 500, result };
    }
    if (command) {
      result.command_uuid = command.commandUuid;
      result.request_type = command.requestType;
      const error = this.queues.enqueue(ids, command, id =>
        Boolean(this.devices.get(id)?.hasEnrollmentRow),
      );
      if (error) {
        result.command_error = error;
        return { status: 500, result };
      }
      const now = Date.now();
      for (const id of ids) {
        this.commandLog.enqueued(id, command, now);
      }
    }
    if (!noPush) {
      this.pushInto(ids, result);
    }
    return { status: apiStatusCode(result, ids.length), result };
  }

  /** `GET /v1/push/<ids>`. */
  push(ids: string[]): { status: number; result: NanoApiResult } {
    const result: NanoApiResult = {};
    this.pushInto(ids, result);
    return { status: apiStatusCode(result, ids.length), result };
  }

  /** APNs: ids with push data get an apns-id and their device checks in after the delay. */
  private pushInto(ids: string[], result: NanoApiResult): void {
    const status: NonNullable<NanoApiResult['status']> = {};
    const woken: SimulatedDevice[] = [];
    for (const id of ids) {
      const device = this.devices.get(id);
      if (device?.hasEnrollmentRow) {
        status[id] = { push_result: randomUUID().toUpperCase() };
        woken.push(device);
      } else {
        status[id] = { push_error: 'push data missing for id' };
      }
    }
    if (ids.length > 0) {
      result.status = status;
    }
    if (woken.length > 0) {
      this.scheduleCheckIns(woken, this.switches.pushDelayMs);
    }
  }

  // ---- check-ins ---------------------------------------------------------------------------

  private scheduleCheckIns(devices: SimulatedDevice[], delayMs: number): void {
    this.pendingCheckIns++;
    let index = 0;
    const step = () => {
      const end = Math.min(index + CHECK_INS_PER_TURN, devices.length);
      for (; index < end; index++) {
        this.checkIn(devices[index]);
      }
      if (index < devices.length) {
        const immediate = setImmediate(() => {
          this.timers.delete(immediate);
          step();
        });
        this.timers.add(immediate);
        return;
      }
      this.pendingCheckIns--;
      this.scheduleNotNowRetries(devices);
      this.onChange?.();
      this.notifySettled();
    };
    if (delayMs <= 0) {
      const immediate = setImmediate(() => {
        this.timers.delete(immediate);
        step();
      });
      this.timers.add(immediate);
    } else {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        step();
      }, delayMs);
      this.timers.add(timer);
    }
  }

  /**
   * A device whose last answer was NotNow polls again by itself later (Apple); with
   * `notNowRetryMs` 0 it waits for the next push. Retries are not awaited by idle().
   */
  private scheduleNotNowRetries(devices: SimulatedDevice[]): void {
    const delayMs = this.switches.notNowRetryMs;
    if (delayMs <= 0) {
      return;
    }
    const waiting = devices.filter(
      device =>
        device.enrollment === 'enrolled' && this.queues.hasNotNow(device.udid),
    );
    if (waiting.length === 0) {
      return;
    }
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.scheduleCheckIns(waiting, 0);
    }, delayMs);
    timer.unref();
    this.retryTimers.add(timer);
  }

  private notifySettled(): void {
    if (this.pendingCheckIns === 0) {
      const waiters = this.settleWaiters;
      this.settleWaiters = [];
      waiters.forEach(resolve => resolve());
    }
  }

  /** Resolves when every scheduled check-in has run (webhook deliveries may still be in flight). */
  checkInsSettled(): Promise<void> {
    return new Promise(resolve => {
      this.settleWaiters.push(resolve);
      this.notifySettled();
    });
  }

  /** Check-ins done and every webhook event delivered (or failed). */
  async idle(): Promise<void> {
    await this.checkInsSettled();
    await this.webhook.idle();
  }

  private world(): DeviceWorld {
    return {
      now: Date.now(),
      installTimeMs: this.switches.installTimeMs,
      catalogItem: adamId => this.apple.catalog.get(adamId),
      catalogItemByBundleId: bundleId => this.catalogByBundleId(bundleId),
      holdsDeviceLicense: (adamId, serial) =>
        this.apple.holdsDeviceLicense(adamId, serial),
    };
  }

  private catalogByBundleId(bundleId: string): FixtureCatalogItem | undefined {
    if (!this.bundleIndex || this.bundleIndex.size === 0) {
      this.bundleIndex = new Map();
      for (const item of this.apple.catalog.values()) {
        if (item.bundleId) {
          this.bundleIndex.set(item.bundleId, item);
        }
      }
    }
    return this.bundleIndex.get(bundleId);
  }

  private parsedCommand(command: StoredCommand): Record<string, unknown> {
    let decoded = this.decodedCommands.get(command.commandUuid);
    if (!decoded) {
      const parsed = plist.parse(command.raw) as Record<string, unknown>;
      decoded = (parsed.Command ?? {}) as Record<string, unknown>;
      if (this.decodedCommands.size > 10000) {
        this.decodedCommands.clear();
      }
      this.decodedCommands.set(command.commandUuid, decoded);
    }
    return decoded;
  }

  /**
   * The device wakes up: `Idle`, then each queued command in order, each answer taking
   * the next command (NanoMDM's CommandAndReportResults), one webhook event per request.
   * A checked-out device ignores pushes; an offline one answers when back online.
   */
  checkIn(device: SimulatedDevice): void {
    if (device.enrollment !== 'enrolled') {
      return;
    }
    if (!device.online) {
      device.pendingWake = true;
      return;
    }
    device.pendingWake = false;
    device.lastCheckInAt = Date.now();
    let status = 'Idle';
    let commandUuid: string | undefined;
    let raw = devicePlist({ Status: 'Idle', UDID: device.udid });
    for (let turn = 0; turn <= MAX_COMMANDS_PER_CHECK_IN; turn++) {
      this.emitConnect(device, status, commandUuid, raw);
      if (commandUuid) {
        this.queues.report(device.udid, commandUuid, status);
      }
      const next = this.queues.next(device.udid, status === 'NotNow');
      if (!next) {
        return;
      }
      const answer = this.answer(device, next);
      if (answer.apps) {
        device.apps = answer.apps;
      }
      status = answer.status;
      commandUuid = next.commandUuid;
      raw = devicePlist({
        ...answer.keys,
        CommandUUID: next.commandUuid,
        Status: answer.status,
        UDID: device.udid,
      });
      this.commandLog.answered(device.udid, next, status, raw, Date.now());
    }
  }

  private answer(
    device: SimulatedDevice,
    command: StoredCommand,
  ): DeviceAnswer {
    // iOS never answers InstalledApplicationList with NotNow (Apple).
    const mayDefer = !(
      command.requestType === 'InstalledApplicationList' &&
      device.platform !== 'macos'
    );
    if (mayDefer && this.random() < this.switches.notNowRate) {
      return { status: 'NotNow', keys: {} };
    }
    let decoded: Record<string, unknown>;
    try {
      decoded = this.parsedCommand(command);
    } catch {
      return { status: 'CommandFormatError', keys: {} };
    }
    return answerCommand(device, decoded, this.world());
  }

  private emitConnect(
    device: SimulatedDevice,
    status: string,
    commandUuid: string | undefined,
    raw: string,
  ): void {
    this.webhook.send(
      connectEvent(device, status, commandUuid, raw, this.webhook.createdAt()),
    );
  }

  private emitCheckIn(
    device: SimulatedDevice,
    topic: string,
    raw: string,
    tally?: number,
  ): void {
    this.webhook.send(
      checkInEvent(device, topic, raw, this.webhook.createdAt(), tally),
    );
  }

  // ---- enrolment and what people do to devices ---------------------------------------------

  /**
   * The device installs the enrolment profile: Authenticate (NanoMDM clears its queue and
   * disables it), then TokenUpdate (enabled, push data stored).
   */
  enroll(udid: string): SimulatedDevice {
    const device = this.devices.require(udid);
    device.enrollment = 'authenticated';
    this.queues.clear(udid);
    this.emitCheckIn(device, 'mdm.Authenticate', authenticatePayload(device));
    device.enrollment = 'enrolled';
    device.hasEnrollmentRow = true;
    device.tokenUpdateTally = 1;
    device.pendingWake = false;
    this.emitCheckIn(
      device,
      'mdm.TokenUpdate',
      tokenUpdatePayload(device),
      device.tokenUpdateTally,
    );
    return device;
  }

  /** A new device enrols (control API). */
  addDevice(input: NewDeviceInput): SimulatedDevice {
    const device = this.devices.add(input);
    return this.enroll(device.udid);
  }

  /** Every device (re-)enrols, so a freshly started backend learns them all. */
  enrollAll(): number {
    let count = 0;
    for (const device of this.devices.all()) {
      this.enroll(device.udid);
      count++;
    }
    return count;
  }

  /**
   * The MDM profile is removed: CheckOut. Apps installed with ManagementFlags bit 1 go
   * with it; other managed apps stay as unmanaged apps.
   */
  checkOut(udid: string): SimulatedDevice {
    const device = this.devices.require(udid);
    if (device.enrollment !== 'enrolled') {
      throw new Error(`Device ${udid} is not enrolled`);
    }
    device.enrollment = 'checked-out';
    device.pendingWake = false;
    device.apps = device.apps
      .filter(app => !(app.managed && (app.managementFlags ?? 0) & 1))
      .map(app => (app.managed ? { ...app, managed: false } : app));
    this.emitCheckIn(device, 'mdm.CheckOut', checkOutPayload(device));
    return device;
  }

  /** The user deletes an app by hand (no MDM traffic). */
  removeAppByHand(udid: string, bundleId: string): SimulatedDevice {
    const device = this.devices.require(udid);
    if (!device.apps.some(app => app.bundleId === bundleId)) {
      throw new Error(`App ${bundleId} is not installed on ${udid}`);
    }
    device.apps = device.apps.filter(app => app.bundleId !== bundleId);
    return device;
  }

  /** Offline devices get pushes but answer only when back online (late). */
  setOnline(udid: string, online: boolean): SimulatedDevice {
    const device = this.devices.require(udid);
    device.online = online;
    if (online && device.pendingWake) {
      this.scheduleCheckIns([device], 0);
    }
    return device;
  }

  /** Finishes every install in progress now (tests that do not want to wait). */
  completeInstalls(): number {
    let count = 0;
    for (const device of this.devices.all()) {
      const installing = device.apps.filter(
        app => app.installingUntil !== undefined,
      ).length;
      if (installing > 0) {
        device.apps = device.apps.map(finishInstall);
        count += installing;
      }
    }
    return count;
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Back to the fixture devices, empty queues and logs, options as started. */
  reset(): void {
    this.cancelTimers();
    this.queues.reset();
    this.commandLog.clear();
    this.webhook.clearLog();
    this.decodedCommands.clear();
    this.bundleIndex = undefined;
    this.switches = this.initialSwitches;
    this.devices.reset();
  }

  private cancelTimers(): void {
    for (const timer of this.timers) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
    }
    this.timers.clear();
    for (const timer of this.retryTimers) {
      clearTimeout(timer);
    }
    this.retryTimers.clear();
    this.pendingCheckIns = 0;
    this.notifySettled();
  }

  dispose(): void {
    this.cancelTimers();
    this.webhook.dispose();
  }

  /** Everything needed to continue after a restart (devices, queues, command log). */
  toJSON() {
    return {
      devices: this.devices.toJSON(),
      queues: this.queues.toJSON(),
      commandLog: this.commandLog.toJSON(),
      switches: this.switches,
    };
  }

  restore(snapshot: ReturnType<MdmState['toJSON']>): void {
    this.cancelTimers();
    this.decodedCommands.clear();
    this.devices.restore(snapshot.devices);
    this.queues.restore(snapshot.queues);
    this.commandLog.restore(snapshot.commandLog);
    this.switches = mergeMdmSwitches(DEFAULT_MDM_SWITCHES, snapshot.switches);
  }
}
