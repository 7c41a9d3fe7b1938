// The columns of `vpp_devices` and how they map to DeviceState and DeviceRecord.
import { VppDevicePlatform } from '@internal/plugin-vpp-common';
import { DeviceRecord, DeviceState } from './DeviceStore';
import { searchColumns } from './deviceSearch';
import { toDate } from './dates';

export type DateValue = Date | string | number;

export type DeviceRow = {
  id: string;
  udid: string;
  enrollment_id: string;
  serial_number: string | null;
  platform: string | null;
  model: string | null;
  product_name: string | null;
  os_version: string | null;
  wifi_mac: string | null;
  enrolled: boolean | number;
  enrollment_changed_at: DateValue | null;
  enrollment_event_rank: number;
  facts_at: DateValue | null;
  last_check_in_at: DateValue | null;
  group_ref: string;
  inventory_at: DateValue | null;
  display_name: string | null;
  device_number: string | null;
  user_name: string | null;
  employee_number: string | null;
  phone1: string | null;
  phone2: string | null;
  email: string | null;
  notes1: string | null;
  notes2: string | null;
  notes3: string | null;
  row_version: number;
  created_at: DateValue;
  updated_at: DateValue;
};

/** Every column but the normalized copies, which are only written. */
export const COLUMNS: (keyof DeviceRow)[] = [
  'id',
  'udid',
  'enrollment_id',
  'serial_number',
  'platform',
  'model',
  'product_name',
  'os_version',
  'wifi_mac',
  'enrolled',
  'enrollment_changed_at',
  'enrollment_event_rank',
  'facts_at',
  'last_check_in_at',
  'group_ref',
  'inventory_at',
  'display_name',
  'device_number',
  'user_name',
  'employee_number',
  'phone1',
  'phone2',
  'email',
  'notes1',
  'notes2',
  'notes3',
  'row_version',
  'created_at',
  'updated_at',
];
export const SELECT = COLUMNS.map(c => `d.${c}`);

const optionalDate = (value: DateValue | null) =>
  value === null ? null : toDate(value);

export function toState(row: DeviceRow): DeviceState {
  return {
    id: row.id,
    udid: row.udid,
    enrollmentId: row.enrollment_id,
    serialNumber: row.serial_number,
    platform: row.platform as VppDevicePlatform | null,
    model: row.model,
    productName: row.product_name,
    osVersion: row.os_version,
    wifiMac: row.wifi_mac,
    enrolled: Boolean(row.enrolled),
    enrollmentChangedAt: optionalDate(row.enrollment_changed_at),
    enrollmentEventRank: row.enrollment_event_rank,
    factsAt: optionalDate(row.facts_at),
    lastCheckInAt: optionalDate(row.last_check_in_at),
    group: row.group_ref,
    inventoryAt: optionalDate(row.inventory_at),
    displayName: row.display_name,
    deviceNumber: row.device_number,
    userName: row.user_name,
    employeeNumber: row.employee_number,
    phone1: row.phone1,
    phone2: row.phone2,
    email: row.email,
    notes1: row.notes1,
    notes2: row.notes2,
    notes3: row.notes3,
    rowVersion: row.row_version,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function toRecord(row: DeviceRow): DeviceRecord {
  const {
    enrollmentChangedAt: _e,
    enrollmentEventRank: _r,
    factsAt: _f,
    rowVersion: _v,
    ...record
  } = toState(row);
  return record;
}

/** The columns of a device's state, normalized copies included. */
export function toRow(
  device: DeviceState,
): DeviceRow & Record<string, unknown> {
  return {
    id: device.id,
    udid: device.udid,
    enrollment_id: device.enrollmentId,
    serial_number: device.serialNumber,
    platform: device.platform,
    model: device.model,
    product_name: device.productName,
    os_version: device.osVersion,
    wifi_mac: device.wifiMac,
    enrolled: device.enrolled,
    enrollment_changed_at: device.enrollmentChangedAt,
    enrollment_event_rank: device.enrollmentEventRank,
    facts_at: device.factsAt,
    last_check_in_at: device.lastCheckInAt,
    group_ref: device.group,
    inventory_at: device.inventoryAt,
    display_name: device.displayName,
    device_number: device.deviceNumber,
    user_name: device.userName,
    employee_number: device.employeeNumber,
    phone1: device.phone1,
    phone2: device.phone2,
    email: device.email,
    notes1: device.notes1,
    notes2: device.notes2,
    notes3: device.notes3,
    row_version: device.rowVersion,
    created_at: device.createdAt,
    updated_at: device.updatedAt,
    ...searchColumns(device),
  };
}
