import {
  VppDeviceImportChange,
  VppDeviceImportError,
  VppDevicePatch,
} from '@internal/plugin-vpp-common';
import { DeviceRecord, DeviceStore } from '../database/DeviceStore';
import { DeviceAccess, DeviceAccessChecker } from './deviceAccess';
import { changedAttributes } from './deviceAttributes';
import { normalizeSearchText } from '../database/deviceSearch';
import { parseDeviceCsv } from './deviceCsv';
import { DeviceGroups, toGroupRef } from './deviceGroups';

/**
 * Checks every row of an attributes import against the devices, the catalog and the
 * caller's access, and works out what each row changes. Bad rows: a row naming no
 * known device (or a serial number two devices share), a device on two lines, a group
 * not in the catalog, a device or group the caller may not change — plus what the CSV
 * parser found (unknown columns, invalid e-mail addresses…).
 */
export async function planDeviceImport(options: {
  csv: string;
  store: DeviceStore;
  groups: DeviceGroups;
  checker: DeviceAccessChecker;
  access: DeviceAccess;
}): Promise<{
  rows: number;
  errors: VppDeviceImportError[];
  changes: VppDeviceImportChange[];
}> {
  const { csv, store, groups, checker, access } = options;
  const parsed = parseDeviceCsv(csv);
  const errors = [...parsed.errors];
  const devices = await store.findDevicesByKeys({
    serialNumbers: parsed.rows.flatMap(r =>
      'serialNumber' in r.key ? [r.key.serialNumber] : [],
    ),
    udids: parsed.rows.flatMap(r => ('udid' in r.key ? [r.key.udid] : [])),
  });
  // A device may come back for both its serial number and its UDID: once each.
  const unique = [...new Map(devices.map(d => [d.id, d])).values()];
  const byUdid = new Map(unique.map(d => [normalizeSearchText(d.udid), d]));
  const bySerial = new Map<string, DeviceRecord[]>();
  for (const d of unique) {
    if (!d.serialNumber) continue;
    const key = normalizeSearchText(d.serialNumber);
    bySerial.set(key, [...(bySerial.get(key) ?? []), d]);
  }
  const seen = new Map<string, number>();
  const changes: VppDeviceImportChange[] = [];
  for (const row of parsed.rows) {
    const bad = (reason: string) => errors.push({ line: row.line, reason });
    let device: DeviceRecord | undefined;
    if ('udid' in row.key) {
      device = byUdid.get(normalizeSearchText(row.key.udid));
      if (!device) {
        bad(`No device has UDID ${row.key.udid}.`);
        continue;
      }
    } else {
      const matches =
        bySerial.get(normalizeSearchText(row.key.serialNumber)) ?? [];
      if (matches.length !== 1) {
        bad(
          matches.length
            ? `Serial number ${row.key.serialNumber} matches ${matches.length} devices; use the udid column.`
            : `No device has serial number ${row.key.serialNumber}.`,
        );
        continue;
      }
      device = matches[0];
    }
    const earlier = seen.get(device.id);
    if (earlier) {
      bad(`The device is also on line ${earlier}.`);
      continue;
    }
    seen.set(device.id, row.line);
    if (!(await checker.allows(access, device.group))) {
      bad(`You are not allowed to update this device (group ${device.group}).`);
      continue;
    }
    const { group, ...attributes } = row.patch;
    const change: VppDevicePatch = changedAttributes(device, attributes);
    if (group !== undefined) {
      let ref: string;
      try {
        ref = toGroupRef(group);
      } catch (error) {
        bad((error as Error).message);
        continue;
      }
      if (!(await groups.exists(ref))) {
        bad(`Group ${ref} is not in the catalog.`);
        continue;
      }
      if (!(await checker.allows(access, ref))) {
        bad(`You are not allowed to move devices into ${ref}.`);
        continue;
      }
      if (ref !== device.group) change.group = ref;
    }
    if (Object.keys(change).length) {
      changes.push({
        line: row.line,
        deviceId: device.id,
        udid: device.udid,
        serialNumber: device.serialNumber,
        changes: change,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows: parsed.rows.length, errors, changes };
}
