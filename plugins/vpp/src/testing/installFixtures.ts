import { ResponseError } from '@backstage/errors';
import {
  VppDevice,
  VppDeviceDetail,
  VppLicense,
} from '@internal/plugin-vpp-common';

/** A managed device as `GET /devices` lists it. */
export function makeDevice(overrides: Partial<VppDevice> = {}): VppDevice {
  return {
    id: 'dev-1',
    udid: '00008110-000A1B2C3D4E5F60',
    serialNumber: 'F2LX1234ABCD',
    platform: 'ios',
    model: 'iPhone15,2',
    productName: 'iPhone 14 Pro',
    osVersion: '17.5.1',
    wifiMac: 'a4:83:e7:00:00:01',
    enrolled: true,
    lastCheckInAt: '2026-12-01T09:00:00Z',
    group: 'group:default/tokyo-it',
    inventoryAt: '2026-12-01T08:00:00Z',
    displayName: 'Sales iPhone 01',
    deviceNumber: 'T-0001',
    userName: 'Hanako Yamada',
    employeeNumber: 'E1001',
    phone1: null,
    phone2: null,
    email: 'hanako@example.com',
    notes1: null,
    notes2: null,
    notes3: null,
    ...overrides,
  };
}

export function makeDeviceDetail(
  overrides: Partial<VppDeviceDetail> = {},
): VppDeviceDetail {
  return {
    ...makeDevice(),
    installedApps: [
      {
        bundleId: 'com.example.notes',
        adamId: '6450000101',
        name: 'Example Notes',
        version: '3.2.1',
        managed: true,
        installing: false,
      },
    ],
    ...overrides,
  };
}

export function makeLicense(overrides: Partial<VppLicense> = {}): VppLicense {
  return {
    tokenId: 'tok-1',
    adamId: '6450000101',
    pricingParam: 'STDQ',
    serialNumber: 'F2LX1234ABCD',
    mode: 'manual',
    state: 'assigned',
    assignedBy: 'user:default/admin',
    assignedAt: '2026-12-01T10:00:00Z',
    ...overrides,
  };
}

/** A `ResponseError` with any JSON body (e.g. the import's 400 with its `rows`). */
export async function responseErrorWithBody(
  status: number,
  body: object,
): Promise<ResponseError> {
  const text = JSON.stringify(body);
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: status === 409 ? 'Conflict' : 'Bad Request',
    url: 'http://localhost:7007/api/vpp/devices/import',
    headers: {
      get: (key: string) =>
        key.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    text: async () => text,
  } as unknown as Response);
}
