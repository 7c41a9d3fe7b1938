import { DeviceState } from '../database/DeviceStore';

/** An enrolled iPhone numbered `n` (its own id, UDID, serial and Wi-Fi MAC). */
export function makeDeviceState(
  n: number,
  overrides: Partial<DeviceState> = {},
): DeviceState {
  const hex = n.toString(16).padStart(4, '0');
  const udid = overrides.udid ?? `00008110-0000${hex}0000001E`;
  return {
    id: `d0000000-0000-4000-8000-00000000${hex}`,
    udid,
    enrollmentId: udid,
    serialNumber: `F2LDEV${hex.toUpperCase()}`,
    platform: 'ios',
    model: 'iPhone 15',
    productName: 'iPhone15,4',
    osVersion: '17.4.1',
    wifiMac: `a4:83:e7:00:${hex.slice(0, 2)}:${hex.slice(2)}`,
    enrolled: true,
    enrollmentChangedAt: new Date('2026-11-01T00:00:00Z'),
    enrollmentEventRank: 2,
    factsAt: new Date('2026-11-01T00:00:00Z'),
    lastCheckInAt: new Date('2026-11-01T00:00:00Z'),
    group: 'group:default/tokyo-it',
    inventoryAt: null,
    displayName: null,
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
    createdAt: new Date('2026-11-01T00:00:00Z'),
    updatedAt: new Date('2026-11-01T00:00:00Z'),
    ...overrides,
  };
}
