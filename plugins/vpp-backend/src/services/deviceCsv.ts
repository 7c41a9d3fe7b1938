import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import {
  VPP_DEVICE_ATTRIBUTE_FIELDS,
  VppDevice,
  VppDeviceImportError,
  VppDevicePatch,
} from '@internal/plugin-vpp-common';
import { Readable } from 'node:stream';
import { checkAttribute, isAttributeField } from './deviceAttributes';

/** A row of an attributes import, checked on its own (the device is looked up later). */
export interface DeviceCsvRow {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  key: { udid: string } | { serialNumber: string };
  /** Attributes to set (null clears); `group` as written in the file. */
  patch: VppDevicePatch;
}

const KEY_COLUMNS = ['udid', 'serialNumber'] as const;
const COLUMNS = [...KEY_COLUMNS, ...VPP_DEVICE_ATTRIBUTE_FIELDS, 'group'];

/** Header spellings compare without case, spaces, dashes and underscores. */
const squash = (name: string) => name.toLowerCase().replace(/[\s_\-.]/g, '');

const ALIASES: Record<string, string> = {
  ...Object.fromEntries(COLUMNS.map(c => [squash(c), c])),
  serial: 'serialNumber',
  mail: 'email',
  emailaddress: 'email',
  name: 'displayName',
  devicename: 'displayName',
  phone: 'phone1',
  notes: 'notes1',
};

/**
 * Parses an attributes import (CSV with a header row naming the columns — the API's
 * field names, `serialNumber` or `udid` as the key). Checks every row on its own and
 * returns the good rows and every bad row with its line and reason; a bad header makes
 * line 1 bad. An empty cell clears the attribute; an empty `group` keeps the group.
 */
export function parseDeviceCsv(text: string): {
  rows: DeviceCsvRow[];
  errors: VppDeviceImportError[];
} {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const lines = (error as { lines?: number }).lines ?? 1;
    return {
      rows: [],
      errors: [
        {
          line: lines,
          reason: `The file is not valid CSV: ${(error as Error).message}`,
        },
      ],
    };
  }
  if (records.length === 0) {
    return {
      rows: [],
      errors: [
        { line: 1, reason: 'The file is empty; it needs a header row.' },
      ],
    };
  }
  const [header, ...body] = records;
  const columns: string[] = [];
  const headerProblems: string[] = [];
  for (const name of header.record) {
    const column = ALIASES[squash(name)];
    if (!column) {
      headerProblems.push(`unknown column "${name}"`);
    } else if (columns.includes(column)) {
      headerProblems.push(`column "${name}" appears twice`);
    }
    columns.push(column ?? '');
  }
  if (!columns.some(c => (KEY_COLUMNS as readonly string[]).includes(c))) {
    headerProblems.push('no key column (serialNumber or udid)');
  }
  if (headerProblems.length) {
    return {
      rows: [],
      errors: [
        {
          line: header.info.lines,
          reason: `Bad header: ${headerProblems.join(
            '; ',
          )}. Columns are ${COLUMNS.join(', ')}.`,
        },
      ],
    };
  }

  const rows: DeviceCsvRow[] = [];
  const errors: VppDeviceImportError[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== columns.length) {
      errors.push({
        line,
        reason: `The row has ${record.length} cells; the header has ${columns.length}.`,
      });
      continue;
    }
    const problems: string[] = [];
    const patch: VppDevicePatch = {};
    let udid = '';
    let serialNumber = '';
    record.forEach((cell, i) => {
      const column = columns[i];
      if (column === 'udid') udid = cell;
      else if (column === 'serialNumber') serialNumber = cell;
      else if (column === 'group') {
        if (cell) patch.group = cell;
      } else if (isAttributeField(column)) {
        const checked = checkAttribute(column, cell);
        if ('error' in checked) problems.push(checked.error);
        else patch[column] = checked.value;
      }
    });
    if (!udid && !serialNumber) {
      problems.unshift('The row has neither a serialNumber nor a udid.');
    }
    if (problems.length) {
      errors.push({ line, reason: problems.join(' ') });
      continue;
    }
    rows.push({ line, key: udid ? { udid } : { serialNumber }, patch });
  }
  return { rows, errors };
}

/** The columns of the export, in order: what the device list shows. */
const EXPORT_COLUMNS: Array<keyof VppDevice> = [
  'id',
  'udid',
  'serialNumber',
  'platform',
  'model',
  'productName',
  'osVersion',
  'wifiMac',
  'enrolled',
  'lastCheckInAt',
  'group',
  'inventoryAt',
  ...VPP_DEVICE_ATTRIBUTE_FIELDS,
];

/**
 * The devices as CSV with a header row; the attribute columns can be edited and the file
 * imported again.
 */
export function devicesToCsv(devices: AsyncIterable<VppDevice>): Readable {
  const stringifier = stringify({
    header: true,
    columns: EXPORT_COLUMNS.map(key => ({ key })),
    cast: {
      boolean: value => (value ? 'true' : 'false'),
    },
  });
  Readable.from(devices).pipe(stringifier);
  return stringifier;
}
