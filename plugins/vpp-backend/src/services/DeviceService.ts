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
  MdmConnector,
  MdmEvent,
  MdmEventSink,
} from '@internal/plugin-vpp-node';
import { Readable } from 'node:stream';
import {
  DeviceRecord,
  DeviceSearch,
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
import { DeviceEventHandler, DeviceEventListener } from './deviceEvents';
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

export type { DeviceEventListener } from './deviceEvents';

/**
 * Devices (R-DEV): the inventory built from what the MDM reports, the administrator's
 * attributes, groups, search and CSV import. It is the {@link MdmEventSink} of the
 * active connector; the events are applied by {@link DeviceEventHandler}.
 */
export class DeviceService implements MdmEventSink {
  readonly #store: DeviceStore;
  readonly #groups: DeviceGroups;
  readonly #access: DeviceAccessChecker;
  readonly #connector?: MdmConnector;
  readonly #now: () => Date;
  readonly #commands: InventoryCommandSender;
  readonly #events: DeviceEventHandler;

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
    this.#now = options.now ?? (() => new Date());
    this.#commands = {
      store: this.#store,
      connector: this.#connector,
      logger: options.logger,
      now: this.#now,
    };
    this.#events = new DeviceEventHandler({
      store: this.#store,
      groups: options.groups,
      defaultGroup: toGroupRef(options.defaultGroup),
      enrolling: new InventoryBatcher(this.#commands),
      logger: options.logger,
      now: this.#now,
    });
  }

  get connector(): MdmConnector | undefined {
    return this.#connector;
  }

  /** Adds a part that acts on device events (see {@link DeviceEventListener}). */
  addListener(listener: DeviceEventListener): void {
    this.#events.addListener(listener);
  }

  // ---- Events from the MDM -------------------------------------------------------------

  handle(events: MdmEvent[]): Promise<void> {
    return this.#events.handle(events);
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
