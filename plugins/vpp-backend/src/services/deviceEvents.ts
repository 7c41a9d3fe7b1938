import { LoggerService } from '@backstage/backend-plugin-api';
import {
  MdmCheckInEvent,
  MdmCommandResultEvent,
  MdmEvent,
  MdmEventSink,
} from '@internal/plugin-vpp-node';
import { randomUUID } from 'node:crypto';
import {
  DeviceAppRecord,
  DeviceState,
  DeviceStore,
} from '../database/DeviceStore';
import { InventoryBatcher } from './deviceCommands';
import {
  checkInPatch,
  factsPatch,
  isDeviceChannel,
  toAppRecords,
} from './deviceEventState';
import { DeviceGroups, toGroupRef } from './deviceGroups';

/**
 * Told what the device events mean for other parts (the distributions): answers to
 * commands, new inventories and check-outs. Called after the event is applied.
 */
export interface DeviceEventListener {
  onCommandResult?(event: MdmCommandResultEvent): Promise<void>;
  /** A device's installed apps were replaced by a newer inventory. */
  onInventory?(
    device: DeviceState,
    apps: DeviceAppRecord[],
    previous: DeviceAppRecord[],
  ): Promise<void>;
  /** The device's MDM profile was removed. */
  onCheckOut?(device: DeviceState): Promise<void>;
}

/** A device's last check-in is kept to this precision (ms). */
const TOUCH_RESOLUTION_MS = 1000;
/** UDIDs whose last written check-in is remembered (then forgotten all at once). */
const TOUCHED_KEPT = 50_000;

/** Attempts at a write another event handler keeps beating. */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * The MDM's events applied to the device inventory (R-DEV): check-ins create, enrol and
 * check out devices, answers bring facts and installed apps. Every event is idempotent
 * and an older event never overwrites newer state; listeners hear what changed.
 */
export class DeviceEventHandler implements MdmEventSink {
  readonly #store: DeviceStore;
  readonly #groups: DeviceGroups;
  readonly #defaultGroup: string;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #enrolling: InventoryBatcher;
  readonly #listeners: DeviceEventListener[] = [];
  /** The check-in time last written per UDID (see {@link DeviceEventHandler.#touch}). */
  readonly #touched = new Map<string, number>();

  constructor(options: {
    store: DeviceStore;
    groups: DeviceGroups;
    /** Group reference of a device whose enrolment names no (known) group. */
    defaultGroup: string;
    /** Queues the inventory commands of newly enrolled devices. */
    enrolling: InventoryBatcher;
    logger: LoggerService;
    now: () => Date;
  }) {
    this.#store = options.store;
    this.#groups = options.groups;
    this.#defaultGroup = options.defaultGroup;
    this.#enrolling = options.enrolling;
    this.#logger = options.logger;
    this.#now = options.now;
  }

  /** Adds a part that acts on device events (see {@link DeviceEventListener}). */
  addListener(listener: DeviceEventListener): void {
    this.#listeners.push(listener);
  }

  async handle(events: MdmEvent[]): Promise<void> {
    // In order: two events of one device in one delivery must apply in turn.
    for (const event of events) {
      if (event.kind === 'check-in') await this.#handleCheckIn(event);
      else await this.#handleResult(event);
    }
  }

  async #handleCheckIn(event: MdmCheckInEvent): Promise<void> {
    if (event.type === 'idle' || !isDeviceChannel(event)) {
      // Only "reachable": one statement, the common case by far.
      await this.#touch(event.udid, event.occurredAt);
      return;
    }
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const state = await this.#store.getDeviceStateByUdid(event.udid);
      if (!state) {
        // A check-out of a device never seen leaves nothing to record.
        if (event.type === 'check-out') return;
        const device = await this.#newDevice(event);
        if (await this.#store.insertDevice(device)) {
          if (device.enrolled) await this.#enrolling.request(device);
          return;
        }
        continue; // Another event of this device inserted it first.
      }
      const { patch, enrolledNow } = checkInPatch(state, event);
      // Placed in the default group because the catalog did not have the enrolment's
      // group yet (it loads after a start): moved once it has. An administrator's
      // choice of another group stays.
      if (event.urlParams?.group && state.group === this.#defaultGroup) {
        const group = await this.#groupForEnrolment(event.urlParams.group);
        if (group !== state.group) patch.group = group;
      }
      if (Object.keys(patch).length === 0) return;
      if (await this.#store.updateDeviceState(state, patch, this.#now())) {
        if (enrolledNow) await this.#enrolling.request({ ...state, ...patch });
        if (event.type === 'check-out' && patch.enrolled === false) {
          for (const l of this.#listeners) {
            await l.onCheckOut?.({ ...state, ...patch });
          }
        }
        return;
      }
    }
    throw new Error(
      `Device ${event.udid} changed concurrently ${MAX_WRITE_ATTEMPTS} times; event ${event.type} not applied`,
    );
  }

  async #newDevice(event: MdmCheckInEvent): Promise<DeviceState> {
    const now = this.#now();
    const enrolled = event.type === 'token-update';
    const facts = factsPatch(undefined, event.facts, event.occurredAt);
    return {
      id: randomUUID(),
      udid: event.udid,
      enrollmentId: event.enrollmentId,
      serialNumber: facts.serialNumber ?? null,
      platform: facts.platform ?? null,
      model: facts.model ?? null,
      productName: facts.productName ?? null,
      osVersion: facts.osVersion ?? null,
      wifiMac: facts.wifiMac ?? null,
      enrolled,
      enrollmentChangedAt: event.occurredAt,
      enrollmentEventRank: enrolled ? 2 : 1,
      factsAt: facts.factsAt ?? null,
      lastCheckInAt: event.occurredAt,
      group: await this.#groupForEnrolment(event.urlParams?.group),
      inventoryAt: null,
      displayName: event.facts?.deviceName ?? null,
      deviceNumber: null,
      userName: null,
      employeeNumber: null,
      phone1: null,
      phone2: null,
      email: null,
      notes1: null,
      notes2: null,
      notes3: null,
      rowVersion: 0,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** The group the enrolment URL names if the catalog has it, else the default. */
  async #groupForEnrolment(name: string | undefined): Promise<string> {
    if (!name) return this.#defaultGroup;
    try {
      const ref = toGroupRef(name);
      if (await this.#groups.exists(ref)) return ref;
      this.#logger.info(
        `Enrolment names group "${name}", which the catalog does not have; using ${
          this.#defaultGroup
        }`,
      );
    } catch (error) {
      this.#logger.warn(
        `Could not place a new device in group "${name}" (${
          (error as Error).message
        }); using ${this.#defaultGroup}`,
      );
    }
    return this.#defaultGroup;
  }

  async #handleResult(event: MdmCommandResultEvent): Promise<void> {
    await this.#touch(event.udid, event.occurredAt);
    // Only inventory commands are recorded here; an InstallApplication answer (the one
    // that has an install state) belongs to a distribution's item, not to this table.
    const answered = event.installState
      ? Promise.resolve(undefined)
      : this.#store.answerCommand({
          commandId: event.commandId,
          enrollmentId: event.enrollmentId,
          status: event.status,
          at: event.occurredAt,
          error: event.errors
            ?.map(e => `${e.code}${e.description ? ` ${e.description}` : ''}`)
            .join('; '),
        });
    if (event.status !== 'acknowledged') {
      await answered;
      for (const l of this.#listeners) await l.onCommandResult?.(event);
      return;
    }
    // A list that came with the answer is stored while the command is recorded (one
    // round trip of waiting instead of two); an empty list may come without the key,
    // and then the recorded purpose says what the answer is.
    const listed = event.installedApps && toAppRecords(event.installedApps);
    const [command, replacedWithList] = await Promise.all([
      answered,
      listed &&
        this.#store.replaceInventory(event.udid, event.occurredAt, listed),
    ]);
    if (event.deviceFacts) await this.#applyFacts(event);
    let records = listed;
    let replaced = replacedWithList;
    if (!listed && command?.purpose === 'installed-apps') {
      records = [];
      replaced = await this.#store.replaceInventory(
        event.udid,
        event.occurredAt,
        records,
      );
    }
    if (records && replaced) {
      for (const l of this.#listeners) {
        await l.onInventory?.(replaced.device, records, replaced.previous);
      }
    }
    for (const l of this.#listeners) await l.onCommandResult?.(event);
  }

  /**
   * Records that the device was reachable at `at`. A check-in brings several events
   * (Idle, then an answer per command) within milliseconds: a device written less than
   * {@link TOUCH_RESOLUTION_MS} before `at` by this instance is not written again, so a
   * check-in costs one statement instead of one per event.
   */
  async #touch(udid: string, at: Date): Promise<void> {
    const written = this.#touched.get(udid);
    if (
      written !== undefined &&
      at.getTime() >= written &&
      at.getTime() - written < TOUCH_RESOLUTION_MS
    ) {
      return;
    }
    await this.#store.touchCheckIn(udid, at);
    if (this.#touched.size >= TOUCHED_KEPT) this.#touched.clear();
    this.#touched.set(udid, at.getTime());
  }

  async #applyFacts(event: MdmCommandResultEvent): Promise<void> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const state = await this.#store.getDeviceStateByUdid(event.udid);
      if (!state) return;
      const patch = factsPatch(state, event.deviceFacts, event.occurredAt);
      if (Object.keys(patch).length === 0) return;
      if (await this.#store.updateDeviceState(state, patch, this.#now()))
        return;
    }
  }
}
