import { LoggerService } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  VppAppInstallStatus,
  VppDevice,
  VppDeviceDetail,
  VppDeviceImportError,
  VppDeviceImportResult,
  VppDeviceInventoryResult,
  VppDeviceListQuery,
  VppDevicePatch,
  VppDeviceQuery,
} from '@internal/plugin-vpp-common';
import {
  MdmCheckInEvent,
  MdmCommandResultEvent,
  MdmConnector,
  MdmEvent,
  MdmEventSink,
} from '@internal/plugin-vpp-node';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeviceAppRecord,
  DeviceRecord,
  DeviceSearch,
  DeviceState,
  DeviceStore,
} from '../database/DeviceStore';
import { DeviceResource } from '../devicePermissions';
import { changedAttributes } from './deviceAttributes';
import { devicesToCsv } from './deviceCsv';
import { planDeviceImport } from './deviceImport';
import {
  InventoryBatcher,
  InventoryCommandSender,
  queueInventory,
} from './deviceCommands';
import {
  checkInPatch,
  factsPatch,
  isDeviceChannel,
  toAppRecords,
} from './deviceEventState';
import { DeviceGroups, toGroupRef } from './deviceGroups';
import { DeviceAccess, DeviceAccessChecker } from './deviceAccess';

/** A CSV import refused because of bad rows; nothing was written. */
export class DeviceImportError extends InputError {
  constructor(readonly rows: VppDeviceImportError[]) {
    super(
      `${rows.length} row${
        rows.length === 1 ? ' is' : 's are'
      } bad; nothing was imported.`,
    );
  }
}

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
 * Devices (R-DEV): the inventory built from what the MDM reports, the administrator's
 * attributes, groups, search and CSV import. It is the {@link MdmEventSink} of the
 * active connector: every event is idempotent and an older event never overwrites
 * newer state.
 */
export class DeviceService implements MdmEventSink {
  readonly #store: DeviceStore;
  readonly #groups: DeviceGroups;
  readonly #access: DeviceAccessChecker;
  readonly #connector?: MdmConnector;
  readonly #defaultGroup: string;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #commands: InventoryCommandSender;
  readonly #enrolling: InventoryBatcher;
  readonly #listeners: DeviceEventListener[] = [];
  /** The check-in time last written per UDID (see {@link DeviceService.#touch}). */
  readonly #touched = new Map<string, number>();

  constructor(options: {
    store: DeviceStore;
    groups: DeviceGroups;
    connector?: MdmConnector;
    /** Group of a device whose enrolment names no (known) group. */
    defaultGroup: string;
    logger: LoggerService;
    now?: () => Date;
  }) {
    this.#store = options.store;
    this.#groups = options.groups;
    this.#access = new DeviceAccessChecker(options.groups);
    this.#connector = options.connector;
    this.#defaultGroup = toGroupRef(options.defaultGroup);
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#commands = {
      store: this.#store,
      connector: this.#connector,
      logger: this.#logger,
      now: this.#now,
    };
    this.#enrolling = new InventoryBatcher(this.#commands);
  }

  get connector(): MdmConnector | undefined {
    return this.#connector;
  }

  /** Adds a part that acts on device events (see {@link DeviceEventListener}). */
  addListener(listener: DeviceEventListener): void {
    this.#listeners.push(listener);
  }

  // ---- Events from the MDM -------------------------------------------------------------

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
    const command = event.installState
      ? undefined
      : await this.#store.answerCommand({
          commandId: event.commandId,
          enrollmentId: event.enrollmentId,
          status: event.status,
          at: event.occurredAt,
          error: event.errors
            ?.map(e => `${e.code}${e.description ? ` ${e.description}` : ''}`)
            .join('; '),
        });
    if (event.status !== 'acknowledged') {
      for (const l of this.#listeners) await l.onCommandResult?.(event);
      return;
    }
    if (event.deviceFacts) await this.#applyFacts(event);
    // An empty list may come without the key; the recorded purpose says what it answers.
    const apps =
      event.installedApps ??
      (command?.purpose === 'installed-apps' ? [] : undefined);
    if (apps) {
      const state = await this.#store.getDeviceStateByUdid(event.udid);
      if (state) {
        const records = toAppRecords(apps);
        const previous = this.#listeners.length
          ? await this.#store.getInstalledApps(state.id)
          : [];
        if (
          await this.#store.replaceInventory(
            state.id,
            event.occurredAt,
            records,
          )
        ) {
          for (const l of this.#listeners) {
            await l.onInventory?.(state, records, previous);
          }
        }
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

  // ---- Commands to devices -------------------------------------------------------------

  /** Asks devices for their facts and installed apps now (`POST /devices/inventory`). */
  async requestInventory(
    deviceIds: string[],
    access: DeviceAccess,
  ): Promise<VppDeviceInventoryResult> {
    const devices = await this.#store.getDevices(deviceIds);
    await this.#access.assertAllowed(devices, access);
    const found = new Set(devices.map(d => d.id));
    const skipped = deviceIds
      .filter(id => !found.has(id))
      .map(id => ({ id, reason: 'No such device.' }));
    const enrolled = devices.filter(d => {
      if (!d.enrolled) {
        skipped.push({ id: d.id, reason: 'The device is not enrolled.' });
      }
      return d.enrolled;
    });
    if (enrolled.length && !this.#connector) {
      throw new ServiceUnavailableError(
        'No MDM connector is configured (vpp.mdm.connector), so devices cannot be reached.',
      );
    }
    const failed = await queueInventory(this.#commands, enrolled);
    const byEnrollment = new Map(enrolled.map(d => [d.enrollmentId, d.id]));
    for (const [enrollmentId, reason] of failed) {
      skipped.push({ id: byEnrollment.get(enrollmentId)!, reason });
    }
    return { requested: enrolled.length - failed.size, skipped };
  }

  // ---- Reading -------------------------------------------------------------------------

  /**
   * The devices a distribution targets: the listed ids (each must exist and be
   * allowed), or every device the `GET /devices` filters select.
   */
  async findTargets(
    targets: { deviceIds?: string[] } & VppDeviceQuery,
    access: DeviceAccess,
  ): Promise<DeviceRecord[]> {
    if (targets.deviceIds) {
      const devices = await this.#store.getDevices(targets.deviceIds);
      const found = new Set(devices.map(d => d.id));
      const missing = targets.deviceIds.filter(id => !found.has(id));
      if (missing.length) {
        throw new InputError(
          `No such device: ${missing.slice(0, 100).join(', ')}${
            missing.length > 100 ? ` (and ${missing.length - 100} more)` : ''
          }.`,
        );
      }
      await this.#access.assertAllowed(devices, access);
      return devices;
    }
    const devices: DeviceRecord[] = [];
    for await (const device of this.#store.streamDevices(
      await this.#toSearch(targets, access),
      { sort: 'serialNumber', order: 'asc' },
    )) {
      devices.push(device);
    }
    return devices;
  }

  async listDevices(
    query: VppDeviceListQuery,
    access: DeviceAccess,
  ): Promise<{ items: VppDevice[]; totalCount: number }> {
    const { items, totalCount } = await this.#store.searchDevices(
      await this.#toSearch(query, access),
      {
        sort: query.sort ?? 'displayName',
        order: query.order ?? 'asc',
        offset: query.offset ?? 0,
        limit: query.limit ?? 50,
      },
    );
    return { items: items.map(toApiDevice), totalCount };
  }

  /** Every device of a search as CSV (`GET /devices/export.csv`). */
  async exportCsv(
    query: VppDeviceListQuery,
    access: DeviceAccess,
  ): Promise<Readable> {
    const records = this.#store.streamDevices(
      await this.#toSearch(query, access),
      { sort: query.sort ?? 'displayName', order: query.order ?? 'asc' },
    );
    return devicesToCsv(
      (async function* devices() {
        for await (const record of records) yield toApiDevice(record);
      })(),
    );
  }

  async getDevice(id: string, access: DeviceAccess): Promise<VppDeviceDetail> {
    const device = await this.#store.getDevice(id);
    if (!device) throw new NotFoundError(`No device ${id}`);
    await this.#access.assertAllowed([device], access);
    const apps = await this.#store.getInstalledApps(id);
    return {
      ...toApiDevice(device),
      installedApps: apps.map(app => ({
        bundleId: app.bundleId,
        ...(app.adamId ? { adamId: app.adamId } : {}),
        name: app.name ?? app.bundleId,
        version: app.version,
        managed: app.managed,
        installing: app.installing,
      })),
    };
  }

  async getInstallStatus(
    adamId: string,
    query: Pick<VppDeviceQuery, 'platform' | 'group' | 'includeSubgroups'>,
    access: DeviceAccess,
  ): Promise<VppAppInstallStatus> {
    const bundleId = await this.#store.findBundleId(adamId);
    const search = await this.#toSearch(query, access);
    if (!bundleId) {
      // No metadata yet: no device can be told to have it; all are unknown or without.
      throw new NotFoundError(
        `The bundle id of app ${adamId} is not known yet (no App Store metadata from a content sync, and no device reported it).`,
      );
    }
    return {
      adamId,
      bundleId,
      ...(await this.#store.countInstallStatus(search, bundleId)),
    };
  }

  /** Resources for the permission framework (`IS_DEVICE_IN_GROUP`'s `apply`). */
  async getPermissionResources(ids: string[]): Promise<DeviceResource[]> {
    const devices = await this.#store.getDevices(ids);
    return Promise.all(
      devices.map(async d => ({
        id: d.id,
        group: d.group,
        groupWithAncestors: await this.#groups.withAncestors(d.group),
      })),
    );
  }

  async #toSearch(
    query: VppDeviceQuery,
    access: DeviceAccess,
  ): Promise<DeviceSearch> {
    const search: DeviceSearch = {
      q: query.q,
      platform: query.platform,
      enrolled: query.enrolled,
      filter: access ? await this.#access.expand(access) : undefined,
    };
    if (query.field && query.value !== undefined) {
      search.field = { name: query.field, value: query.value };
    }
    if (query.group) {
      const group = toGroupRef(query.group);
      search.groups = query.includeSubgroups
        ? await this.#groups.subtree(group)
        : [group];
    }
    const app = query.adamId ?? query.bundleId;
    if (app || query.installState || query.version || query.inventoryBefore) {
      const bundleId =
        query.bundleId ??
        (query.adamId
          ? await this.#store.findBundleId(query.adamId)
          : undefined);
      if (!app) {
        throw new InputError(
          'installState, version and inventoryBefore need an app: adamId or bundleId.',
        );
      }
      if (!bundleId) {
        throw new InputError(
          `The bundle id of app ${query.adamId} is not known yet (no App Store metadata from a content sync); filter by bundleId instead.`,
        );
      }
      search.app = {
        bundleId,
        installState: query.installState ?? 'any',
        version: query.version,
        inventoryBefore: query.inventoryBefore
          ? new Date(query.inventoryBefore)
          : undefined,
      };
    }
    return search;
  }

  // ---- Administrators' changes ----------------------------------------------------------

  async updateDevice(
    id: string,
    patch: VppDevicePatch,
    access: DeviceAccess,
  ): Promise<VppDeviceDetail> {
    const device = await this.#store.getDevice(id);
    if (!device) throw new NotFoundError(`No device ${id}`);
    await this.#access.assertAllowed([device], access);
    const { group, ...attributes } = patch;
    const changes = changedAttributes(device, attributes);
    if (group !== undefined) {
      const ref = toGroupRef(group);
      if (!(await this.#groups.exists(ref))) {
        throw new InputError(`group ${ref} is not in the catalog.`);
      }
      if (!(await this.#access.allows(access, ref))) {
        throw new NotAllowedError(
          `You are not allowed to move devices into ${ref}.`,
        );
      }
      if (ref !== device.group) Object.assign(changes, { group: ref });
    }
    if (Object.keys(changes).length) {
      await this.#store.updateAttributes([{ id, patch: changes }], this.#now());
    }
    return this.getDevice(id, access);
  }

  /**
   * Imports administrator attributes from CSV: every row is checked first, and one bad
   * row refuses the whole file ({@link DeviceImportError}); otherwise all changes are
   * written in one transaction (none in a dry run).
   */
  async importCsv(
    csv: string,
    options: { dryRun: boolean },
    access: DeviceAccess,
  ): Promise<VppDeviceImportResult> {
    const { rows, errors, changes } = await planDeviceImport({
      csv,
      store: this.#store,
      groups: this.#groups,
      checker: this.#access,
      access,
    });
    if (errors.length) {
      throw new DeviceImportError(errors);
    }
    if (!options.dryRun && changes.length) {
      await this.#store.updateAttributes(
        changes.map(c => ({ id: c.deviceId, patch: c.changes })),
        this.#now(),
      );
    }
    return {
      dryRun: options.dryRun,
      updated: changes.length,
      rows,
      changes,
    };
  }
}

/** The API's shape of a device. */
export function toApiDevice(device: DeviceRecord): VppDevice {
  return {
    id: device.id,
    udid: device.udid,
    serialNumber: device.serialNumber,
    // Stored devices without a platform are never read (the store filters them).
    platform: device.platform!,
    model: device.model,
    productName: device.productName,
    osVersion: device.osVersion,
    wifiMac: device.wifiMac,
    enrolled: device.enrolled,
    lastCheckInAt: device.lastCheckInAt?.toISOString() ?? null,
    group: device.group,
    inventoryAt: device.inventoryAt?.toISOString() ?? null,
    displayName: device.displayName,
    deviceNumber: device.deviceNumber,
    userName: device.userName,
    employeeNumber: device.employeeNumber,
    phone1: device.phone1,
    phone2: device.phone2,
    email: device.email,
    notes1: device.notes1,
    notes2: device.notes2,
    notes3: device.notes3,
  };
}
