import { DevicePlatform } from './types';

/** Hardware the fixtures and the generator pick from (identifiers as Apple reports them). */
export interface HardwareModel {
  platform: DevicePlatform;
  productName: string;
  model: string;
  modelName: string;
  /** Marketing name, used for device names. */
  marketingName: string;
  capacityGb: number;
  /** UDID style: iOS devices since 2018 `00008xxx-…`, Macs a UUID. */
  udidPrefix?: string;
}

export const HARDWARE: Record<string, HardwareModel> = {
  iPhone8: {
    platform: 'ios',
    productName: 'iPhone10,1',
    model: 'MQ6K2J/A',
    modelName: 'iPhone',
    marketingName: 'iPhone 8',
    capacityGb: 64,
  },
  iPhone12: {
    platform: 'ios',
    productName: 'iPhone13,2',
    model: 'MGHU3J/A',
    modelName: 'iPhone',
    marketingName: 'iPhone 12',
    capacityGb: 128,
    udidPrefix: '00008101',
  },
  iPhone14: {
    platform: 'ios',
    productName: 'iPhone14,7',
    model: 'MPUQ3J/A',
    modelName: 'iPhone',
    marketingName: 'iPhone 14',
    capacityGb: 128,
    udidPrefix: '00008110',
  },
  iPhone15: {
    platform: 'ios',
    productName: 'iPhone15,4',
    model: 'MTMJ3J/A',
    modelName: 'iPhone',
    marketingName: 'iPhone 15',
    capacityGb: 128,
    udidPrefix: '00008120',
  },
  iPhone16: {
    platform: 'ios',
    productName: 'iPhone17,3',
    model: 'MYDN3J/A',
    modelName: 'iPhone',
    marketingName: 'iPhone 16',
    capacityGb: 256,
    udidPrefix: '00008140',
  },
  iPad9: {
    platform: 'ipados',
    productName: 'iPad12,1',
    model: 'MK2K3J/A',
    modelName: 'iPad',
    marketingName: 'iPad (9th generation)',
    capacityGb: 64,
    udidPrefix: '00008020',
  },
  iPadAir5: {
    platform: 'ipados',
    productName: 'iPad13,16',
    model: 'MM9C3J/A',
    modelName: 'iPad Air',
    marketingName: 'iPad Air (5th generation)',
    capacityGb: 64,
    udidPrefix: '00008103',
  },
  iPad10: {
    platform: 'ipados',
    productName: 'iPad13,18',
    model: 'MPQ03J/A',
    modelName: 'iPad',
    marketingName: 'iPad (10th generation)',
    capacityGb: 64,
    udidPrefix: '00008101',
  },
  macBookAirM2: {
    platform: 'macos',
    productName: 'Mac14,2',
    model: 'MLY33J/A',
    modelName: 'MacBook Air',
    marketingName: 'MacBook Air (M2, 2022)',
    capacityGb: 256,
  },
  macBookProM3: {
    platform: 'macos',
    productName: 'Mac15,6',
    model: 'MRX33J/A',
    modelName: 'MacBook Pro',
    marketingName: 'MacBook Pro (14-inch, M3 Pro, 2023)',
    capacityGb: 512,
  },
  iMacM1: {
    platform: 'macos',
    productName: 'iMac21,1',
    model: 'MGPC3J/A',
    modelName: 'iMac',
    marketingName: 'iMac (24-inch, M1, 2021)',
    capacityGb: 256,
  },
};

/** OS builds by version, as Apple numbers them. */
export const OS_BUILDS: Record<string, string> = {
  '13.7': '17H35',
  '15.8.3': '19H386',
  '16.2': '20C65',
  '16.7.10': '20H350',
  '17.5.1': '21F90',
  '17.7.2': '21H221',
  '18.1': '22B83',
  '18.2': '22C152',
  '13.6.9': '22G830',
  '14.7.1': '23H222',
  '15.1': '24B83',
  '15.2': '24C101',
};

export function buildOf(osVersion: string): string {
  return OS_BUILDS[osVersion] ?? '22A3354';
}
