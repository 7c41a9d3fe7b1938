import { createHash } from 'node:crypto';
import { buildOf, HARDWARE, HardwareModel } from './models';
import { randomHex, seededRandom } from './random';
import { DeviceApp, DeviceFixture } from './types';

/**
 * The built-in devices: iPhones, iPads and Macs of Example Corp across the groups of
 * `examples/org.yaml` (url_params.group = the Group entity's name). Serial numbers match
 * the Apple side's default fixture, so some devices already hold licenses:
 *
 *   DMPTK0001–0003  Tokyo licences for Example Notes (6450000101); 0001–0004 Field Survey
 *   C02TK0001       Tokyo licence for Menu Bar Tools (6450000103)
 *   DMPTK0004       iPhone 8 on iOS 13.7 — below every catalog app's minimum OS
 *   DMPTK0008       iPad on iPadOS 16.2 — below Example Chat (16.4) and Scanner (17.0)
 *   C02TK0003       iMac on macOS 13.6.9 — below Example Code Studio (14.5)
 *   DMPOS0001–0009  Osaka licences for Example Notes
 *   F9FUS…, C02US…  no group (they land in the backend's default group)
 */

const USER_APPS_IOS: DeviceApp[] = [
  app('com.apple.Pages', 'Pages', '14.2', '7035.0.128', 612_000_000),
  app(
    'com.google.chrome.ios',
    'Google Chrome',
    '131.0.6778.73',
    '6778.73',
    281_000_000,
  ),
];
const USER_APPS_IOS_JP: DeviceApp[] = [
  ...USER_APPS_IOS,
  app('jp.naver.line', 'LINE', '14.19.0', '14.19.0.1', 402_000_000),
];
const USER_APPS_MAC: DeviceApp[] = [
  app('com.apple.iWork.Pages', 'Pages', '14.2', '7035.0.128', 596_000_000),
  app(
    'com.microsoft.Word',
    'Microsoft Word',
    '16.91',
    '16.91.24111020',
    2_412_000_000,
  ),
  app(
    'com.tinyspeck.slackmacgap',
    'Slack',
    '4.41.105',
    '441000105',
    498_000_000,
  ),
];
/** An older managed Example Notes (the store has 4.2.1): an update is due. */
const NOTES_4_1 = app(
  'com.example.notes',
  'Example Notes',
  '4.1.0',
  '410',
  84_000_000,
  {
    managed: true,
    adamId: '6450000101',
    managementFlags: 1,
  },
);

function app(
  bundleId: string,
  name: string,
  shortVersion: string,
  version: string,
  bundleSize: number,
  extra: Partial<DeviceApp> = {},
): DeviceApp {
  return { bundleId, name, shortVersion, version, bundleSize, ...extra };
}

/** Stable pseudo-random hex from a string, so fixture UDIDs and MACs never change. */
function hashHex(text: string, length: number): string {
  return createHash('sha256')
    .update(text)
    .digest('hex')
    .slice(0, length)
    .toUpperCase();
}

function macFrom(hex12: string): string {
  return hex12.toLowerCase().match(/../g)!.join(':');
}

function udidFor(hardware: HardwareModel, hex: string): string {
  if (hardware.platform === 'macos') {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
      12,
      16,
    )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }
  if (!hardware.udidPrefix) {
    // Devices before 2018 have a 40-hex-digit UDID.
    return hex.slice(0, 40).toLowerCase();
  }
  return `${hardware.udidPrefix}-${hex.slice(0, 16)}`;
}

function device(
  serialNumber: string,
  hardwareName: keyof typeof HARDWARE,
  osVersion: string,
  group: string | undefined,
  owner: string,
  installedApps: DeviceApp[],
): DeviceFixture {
  const hardware = HARDWARE[hardwareName];
  const hex = hashHex(`udid:${serialNumber}`, 40);
  return {
    udid: udidFor(hardware, hex),
    serialNumber,
    platform: hardware.platform,
    productName: hardware.productName,
    model: hardware.model,
    modelName: hardware.modelName,
    osVersion,
    buildVersion: buildOf(osVersion),
    deviceName: `${owner}'s ${hardware.modelName}`,
    wifiMac: macFrom(hashHex(`mac:${serialNumber}`, 12)),
    group,
    installedApps,
    capacityGb: hardware.capacityGb,
  };
}

export const defaultDevices: DeviceFixture[] = [
  // Tokyo IT
  device('DMPTK0001', 'iPhone15', '18.2', 'tokyo-it', 'Haruto', [
    ...USER_APPS_IOS_JP,
    NOTES_4_1,
  ]),
  device(
    'DMPTK0002',
    'iPhone14',
    '17.7.2',
    'tokyo-it',
    'Yui',
    USER_APPS_IOS_JP,
  ),
  device('DMPTK0003', 'iPadAir5', '18.1', 'tokyo-it', 'Sota', USER_APPS_IOS),
  device(
    'DMPTK0004',
    'iPhone8',
    '13.7',
    'tokyo-it',
    'Legacy',
    USER_APPS_IOS_JP,
  ),
  device(
    'C02TK0001',
    'macBookProM3',
    '15.2',
    'tokyo-it',
    'Haruto',
    USER_APPS_MAC,
  ),
  device(
    'C02TK0002',
    'macBookAirM2',
    '14.7.1',
    'tokyo-it',
    'Yui',
    USER_APPS_MAC,
  ),
  device('C02TK0003', 'iMacM1', '13.6.9', 'tokyo-it', 'Build', USER_APPS_MAC),
  // Tokyo sales
  device(
    'DMPTK0005',
    'iPhone15',
    '18.1',
    'tokyo-sales',
    'Aoi',
    USER_APPS_IOS_JP,
  ),
  device(
    'DMPTK0006',
    'iPhone15',
    '18.2',
    'tokyo-sales',
    'Ren',
    USER_APPS_IOS_JP,
  ),
  device(
    'DMPTK0007',
    'iPhone12',
    '17.5.1',
    'tokyo-sales',
    'Mei',
    USER_APPS_IOS_JP,
  ),
  device(
    'DMPTK0008',
    'iPad10',
    '16.2',
    'tokyo-sales',
    'Showroom',
    USER_APPS_IOS,
  ),
  device(
    'DMPTK0009',
    'iPad9',
    '17.7.2',
    'tokyo-sales',
    'Hinata',
    USER_APPS_IOS,
  ),
  device('DMPTK0010', 'iPad10', '18.2', 'tokyo-sales', 'Kiosk', []),
  device(
    'DMPTK0011',
    'iPhone16',
    '18.2',
    'tokyo-sales',
    'Minato',
    USER_APPS_IOS_JP,
  ),
  device(
    'DMPTK0012',
    'iPhone14',
    '18.1',
    'tokyo-sales',
    'Riko',
    USER_APPS_IOS_JP,
  ),
  device(
    'C02TK0004',
    'macBookAirM2',
    '15.1',
    'tokyo-sales',
    'Aoi',
    USER_APPS_MAC,
  ),
  // Tokyo office
  device(
    'DMPTK0013',
    'iPhone14',
    '17.7.2',
    'tokyo-office',
    'Reception',
    USER_APPS_IOS_JP,
  ),
  device('DMPTK0014', 'iPad10', '18.1', 'tokyo-office', 'Meeting Room', []),
  device(
    'C02TK0005',
    'iMacM1',
    '14.7.1',
    'tokyo-office',
    'Front Desk',
    USER_APPS_MAC,
  ),
  // Osaka IT
  device('DMPOS0001', 'iPhone15', '18.2', 'osaka-it', 'Daiki', [
    ...USER_APPS_IOS_JP,
    NOTES_4_1,
  ]),
  device(
    'DMPOS0002',
    'iPhone14',
    '17.7.2',
    'osaka-it',
    'Kaede',
    USER_APPS_IOS_JP,
  ),
  device('DMPOS0003', 'iPad10', '18.1', 'osaka-it', 'Kaito', USER_APPS_IOS),
  device(
    'C02OS0001',
    'macBookAirM2',
    '15.2',
    'osaka-it',
    'Daiki',
    USER_APPS_MAC,
  ),
  // Osaka office
  device(
    'DMPOS0004',
    'iPhone12',
    '16.7.10',
    'osaka-office',
    'Sakura',
    USER_APPS_IOS_JP,
  ),
  device(
    'DMPOS0005',
    'iPhone15',
    '18.1',
    'osaka-office',
    'Yuto',
    USER_APPS_IOS_JP,
  ),
  device(
    'DMPOS0006',
    'iPad9',
    '17.5.1',
    'osaka-office',
    'Warehouse',
    USER_APPS_IOS,
  ),
  device(
    'DMPOS0007',
    'iPhone16',
    '18.2',
    'osaka-office',
    'Mio',
    USER_APPS_IOS_JP,
  ),
  device(
    'DMPOS0008',
    'iPadAir5',
    '18.2',
    'osaka-office',
    'Itsuki',
    USER_APPS_IOS,
  ),
  device(
    'DMPOS0009',
    'iPhone14',
    '18.1',
    'osaka-office',
    'Hana',
    USER_APPS_IOS_JP,
  ),
  device(
    'DMPOS0010',
    'iPhone12',
    '15.8.3',
    'osaka-office',
    'Field',
    USER_APPS_IOS_JP,
  ),
  // Head office
  device(
    'C02EX0001',
    'macBookProM3',
    '15.2',
    'example-corp',
    'Director',
    USER_APPS_MAC,
  ),
  device(
    'DMPEX0001',
    'iPhone16',
    '18.2',
    'example-corp',
    'Director',
    USER_APPS_IOS_JP,
  ),
  // Austin: no group parameter
  device('F9FUS0001', 'iPhone15', '18.2', undefined, 'Jordan', USER_APPS_IOS),
  device('F9FUS0002', 'iPhone14', '17.7.2', undefined, 'Taylor', USER_APPS_IOS),
  device('F9FUS0003', 'iPad10', '18.1', undefined, 'Morgan', USER_APPS_IOS),
  device(
    'C02US0001',
    'macBookProM3',
    '15.1',
    undefined,
    'Jordan',
    USER_APPS_MAC,
  ),
  device(
    'C02US0002',
    'macBookAirM2',
    '14.7.1',
    undefined,
    'Casey',
    USER_APPS_MAC,
  ),
];

export interface GenerateDevicesOptions {
  count: number;
  /** Same seed, same devices. Default 1. */
  seed?: number;
  /** Groups cycled through; default the example organisation's groups. */
  groups?: string[];
  /** Share of devices without a group parameter. Default 0.05. */
  noGroupRate?: number;
}

const GENERATED_GROUPS = [
  'tokyo-it',
  'tokyo-sales',
  'tokyo-office',
  'osaka-it',
  'osaka-office',
  'example-corp',
];
const GENERATED_HARDWARE: Array<[keyof typeof HARDWARE, string[]]> = [
  ['iPhone15', ['17.7.2', '18.1', '18.2']],
  ['iPhone14', ['16.7.10', '17.5.1', '18.2']],
  ['iPhone12', ['15.8.3', '16.7.10', '17.7.2']],
  ['iPhone16', ['18.1', '18.2']],
  ['iPhone8', ['13.7']],
  ['iPad10', ['16.2', '17.7.2', '18.2']],
  ['iPad9', ['17.5.1', '18.1']],
  ['iPadAir5', ['18.1', '18.2']],
  ['macBookAirM2', ['13.6.9', '14.7.1', '15.2']],
  ['macBookProM3', ['14.7.1', '15.1', '15.2']],
  ['iMacM1', ['13.6.9', '14.7.1']],
];
/** Cumulative weights matching GENERATED_HARDWARE: mostly iPhones, then iPads, then Macs. */
const HARDWARE_WEIGHTS = [
  0.2, 0.38, 0.48, 0.55, 0.56, 0.7, 0.78, 0.82, 0.9, 0.96, 1,
];

/**
 * A deterministic fleet of `count` devices (100,000 in well under a second). Serial numbers
 * are `GN` + the index in base 36, so they never collide with the fixture's. App lists are
 * shared between devices (the simulator copies on write).
 */
export function generateDevices(
  options: GenerateDevicesOptions,
): DeviceFixture[] {
  const {
    count,
    seed = 1,
    groups = GENERATED_GROUPS,
    noGroupRate = 0.05,
  } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new Error('count must be a non-negative integer');
  }
  const random = seededRandom(seed);
  const devices: DeviceFixture[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const pick = random();
    let hardwareIndex = HARDWARE_WEIGHTS.findIndex(weight => pick < weight);
    if (hardwareIndex < 0) {
      hardwareIndex = HARDWARE_WEIGHTS.length - 1;
    }
    const [hardwareName, versions] = GENERATED_HARDWARE[hardwareIndex];
    const hardware = HARDWARE[hardwareName];
    const osVersion = versions[Math.floor(random() * versions.length)];
    const serialNumber = `GN${index
      .toString(36)
      .toUpperCase()
      .padStart(8, '0')}`;
    const group =
      random() < noGroupRate
        ? undefined
        : groups[Math.floor(random() * groups.length)];
    const hex = randomHex(random, 40);
    const mac = randomHex(random, 12);
    devices[index] = {
      udid: udidFor(hardware, hex),
      serialNumber,
      platform: hardware.platform,
      productName: hardware.productName,
      model: hardware.model,
      modelName: hardware.modelName,
      osVersion,
      buildVersion: buildOf(osVersion),
      deviceName: `${hardware.modelName} ${serialNumber}`,
      wifiMac: macFrom(mac),
      group,
      installedApps:
        hardware.platform === 'macos' ? USER_APPS_MAC : USER_APPS_IOS,
      capacityGb: hardware.capacityGb,
    };
  }
  return devices;
}
