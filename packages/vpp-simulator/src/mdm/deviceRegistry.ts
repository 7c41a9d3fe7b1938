import { SimulatedDevice } from './deviceBehaviour';
import { defaultDevices, generateDevices } from './fixtures';
import { buildOf, HARDWARE, HardwareModel } from './models';
import { randomHex } from './random';
import {
  DeviceFixture,
  DevicePlatform,
  EnrollmentState,
  MdmOptionsInput,
} from './types';

/** A device enrolled through the control API. */
export interface NewDeviceInput {
  platform: DevicePlatform;
  osVersion: string;
  serialNumber: string;
  group?: string;
  udid?: string;
  /** Model number, e.g. `MTMJ3J/A`. */
  model?: string;
  /** Machine identifier, e.g. `iPhone15,4`. */
  productName?: string;
  deviceName?: string;
  wifiMac?: string;
}

export interface DeviceFilter {
  udid?: string;
  serialNumber?: string;
  group?: string;
  platform?: DevicePlatform;
  enrollment?: EnrollmentState;
  online?: boolean;
  /** Substring of UDID, serial, device name or group (case-insensitive). */
  q?: string;
}

export const PLATFORMS: DevicePlatform[] = ['ios', 'ipados', 'macos', 'tvos'];

const DEFAULT_HARDWARE: Record<DevicePlatform, HardwareModel> = {
  ios: HARDWARE.iPhone15,
  ipados: HARDWARE.iPad10,
  macos: HARDWARE.macBookAirM2,
  tvos: {
    platform: 'tvos',
    productName: 'AppleTV14,1',
    model: 'MN873J/A',
    modelName: 'Apple TV',
    marketingName: 'Apple TV 4K (3rd generation)',
    capacityGb: 128,
    udidPrefix: '00008110',
  },
};

function toDevice(fixture: DeviceFixture): SimulatedDevice {
  const { installedApps, ...facts } = fixture;
  return {
    ...facts,
    apps: installedApps ?? [],
    // Fixture devices were enrolled before the simulator started: queues work at once;
    // `enrollAll` makes them enrol again so a backend learns them.
    enrollment: 'enrolled',
    hasEnrollmentRow: true,
    tokenUpdateTally: 1,
    online: true,
    pendingWake: false,
  };
}

/** The devices the simulated NanoMDM knows, by UDID (= enrollment id). */
export class DeviceRegistry {
  private readonly byUdid = new Map<string, SimulatedDevice>();
  private readonly bySerial = new Map<string, SimulatedDevice>();
  private readonly source: () => DeviceFixture[];

  constructor(devices: MdmOptionsInput['devices']) {
    if (devices === undefined) {
      this.source = () => defaultDevices;
    } else if (Array.isArray(devices)) {
      this.source = () => devices;
    } else {
      const { generate, seed } = devices;
      this.source = () => generateDevices({ count: generate, seed });
    }
    this.reset();
  }

  reset(): void {
    this.byUdid.clear();
    this.bySerial.clear();
    for (const fixture of this.source()) {
      this.insert(toDevice(fixture));
    }
  }

  private insert(device: SimulatedDevice): void {
    if (this.byUdid.has(device.udid)) {
      throw new Error(`Duplicate device UDID ${device.udid}`);
    }
    if (this.bySerial.has(device.serialNumber)) {
      throw new Error(`Duplicate device serial number ${device.serialNumber}`);
    }
    this.byUdid.set(device.udid, device);
    this.bySerial.set(device.serialNumber, device);
  }

  get size(): number {
    return this.byUdid.size;
  }

  get(udid: string): SimulatedDevice | undefined {
    return this.byUdid.get(udid);
  }

  bySerialNumber(serialNumber: string): SimulatedDevice | undefined {
    return this.bySerial.get(serialNumber);
  }

  require(udid: string): SimulatedDevice {
    const device = this.byUdid.get(udid);
    if (!device) {
      throw new Error(`Unknown device ${udid}`);
    }
    return device;
  }

  all(): IterableIterator<SimulatedDevice> {
    return this.byUdid.values();
  }

  /** Validates and adds a device (not yet enrolled); every problem is a clear error. */
  add(input: NewDeviceInput): SimulatedDevice {
    const body = (input ?? {}) as unknown as Record<string, unknown>;
    const text = (name: string, required: boolean): string | undefined => {
      const value = body[name];
      if (value === undefined || value === null) {
        if (required) {
          throw new Error(`${name} is required`);
        }
        return undefined;
      }
      if (typeof value !== 'string' || value.trim() === '') {
        throw new Error(`${name} must be a non-empty string`);
      }
      return value.trim();
    };
    const platform = text('platform', true) as DevicePlatform;
    if (!PLATFORMS.includes(platform)) {
      throw new Error(`platform must be one of ${PLATFORMS.join(', ')}`);
    }
    const osVersion = text('osVersion', true)!;
    if (!/^\d+(\.\d+){0,2}$/.test(osVersion)) {
      throw new Error('osVersion must be a dotted version like 17.4.1');
    }
    const serialNumber = text('serialNumber', true)!;
    if (!/^[A-Z0-9]{8,14}$/i.test(serialNumber)) {
      throw new Error('serialNumber must be 8 to 14 letters or digits');
    }
    if (this.bySerial.has(serialNumber.toUpperCase())) {
      throw new Error(`A device with serial number ${serialNumber} exists`);
    }
    const udid = text('udid', false) ?? generatedUdid(platform);
    if (this.byUdid.has(udid)) {
      throw new Error(`A device with UDID ${udid} exists`);
    }
    const group = text('group', false);
    const wifiMac = text('wifiMac', false)?.toLowerCase();
    if (
      wifiMac !== undefined &&
      !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(wifiMac)
    ) {
      throw new Error('wifiMac must look like aa:bb:cc:dd:ee:ff');
    }
    const hardware = DEFAULT_HARDWARE[platform];
    const device: SimulatedDevice = {
      udid,
      serialNumber: serialNumber.toUpperCase(),
      platform,
      productName: text('productName', false) ?? hardware.productName,
      model: text('model', false) ?? hardware.model,
      modelName: hardware.modelName,
      osVersion,
      buildVersion: buildOf(osVersion),
      deviceName:
        text('deviceName', false) ?? `${hardware.modelName} ${serialNumber}`,
      wifiMac:
        wifiMac ??
        randomHex(Math.random, 12).toLowerCase().match(/../g)!.join(':'),
      group,
      capacityGb: hardware.capacityGb,
      apps: [],
      enrollment: 'unenrolled',
      hasEnrollmentRow: false,
      tokenUpdateTally: 0,
      online: true,
      pendingWake: false,
    };
    this.insert(device);
    return device;
  }

  /** Filtered, in UDID insertion order, paged. */
  list(
    filter: DeviceFilter,
    offset: number,
    limit: number,
  ): { items: SimulatedDevice[]; totalCount: number } {
    const q = filter.q?.toLowerCase();
    const items: SimulatedDevice[] = [];
    let totalCount = 0;
    let candidates: Iterable<SimulatedDevice> = this.byUdid.values();
    if (filter.udid !== undefined) {
      candidates = [this.byUdid.get(filter.udid)].filter(isDevice);
    } else if (filter.serialNumber !== undefined) {
      candidates = [this.bySerial.get(filter.serialNumber)].filter(isDevice);
    }
    for (const device of candidates) {
      if (
        (filter.group !== undefined && device.group !== filter.group) ||
        (filter.platform !== undefined &&
          device.platform !== filter.platform) ||
        (filter.enrollment !== undefined &&
          device.enrollment !== filter.enrollment) ||
        (filter.online !== undefined && device.online !== filter.online) ||
        (q !== undefined &&
          !device.udid.toLowerCase().includes(q) &&
          !device.serialNumber.toLowerCase().includes(q) &&
          !device.deviceName.toLowerCase().includes(q) &&
          !(device.group ?? '').toLowerCase().includes(q))
      ) {
        continue;
      }
      if (totalCount >= offset && items.length < limit) {
        items.push(device);
      }
      totalCount++;
    }
    return { items, totalCount };
  }

  toJSON(): SimulatedDevice[] {
    return [...this.byUdid.values()];
  }

  restore(devices: SimulatedDevice[]): void {
    this.byUdid.clear();
    this.bySerial.clear();
    for (const device of devices) {
      this.insert({ ...device, apps: [...device.apps] });
    }
  }
}

function isDevice(
  device: SimulatedDevice | undefined,
): device is SimulatedDevice {
  return device !== undefined;
}

function generatedUdid(platform: DevicePlatform): string {
  const hex = randomHex(Math.random, 32);
  if (platform === 'macos') {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
      12,
      16,
    )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }
  return `${DEFAULT_HARDWARE[platform].udidPrefix}-${hex.slice(0, 16)}`;
}
