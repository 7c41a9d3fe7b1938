import { VppPlistDictionary, VppPlistValue } from '@internal/plugin-vpp-common';

/** How one value of the key/value editor is typed. */
export type ValueType =
  | 'string'
  | 'integer'
  | 'real'
  | 'boolean'
  | 'date'
  | 'json';

/** One row of the key/value editor; nested dictionaries and arrays are JSON text. */
export interface ValueRow {
  key: string;
  type: ValueType;
  text: string;
}

function isDate(value: VppPlistValue): value is { $date: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { $date?: unknown }).$date === 'string'
  );
}

export function rowsFromValues(values: VppPlistDictionary): ValueRow[] {
  return Object.entries(values).map(([key, value]) => {
    if (typeof value === 'string') return { key, type: 'string', text: value };
    if (typeof value === 'number') {
      return {
        key,
        type: Number.isInteger(value) ? 'integer' : 'real',
        text: String(value),
      };
    }
    if (typeof value === 'boolean') {
      return { key, type: 'boolean', text: String(value) };
    }
    if (isDate(value)) return { key, type: 'date', text: value.$date };
    return { key, type: 'json', text: JSON.stringify(value, null, 2) };
  });
}

/** A row's problem, in the key's words; see {@link valuesFromRows}. */
export interface RowProblem {
  index: number;
  problem: 'emptyKey' | 'duplicateKey' | 'number' | 'date' | 'json';
}

/**
 * The dictionary of the editor's rows, or the rows that cannot become one (the backend
 * checks the rest, e.g. values a plist cannot hold, and names the key).
 */
export function valuesFromRows(
  rows: ValueRow[],
): { values: VppPlistDictionary } | { problems: RowProblem[] } {
  const values: VppPlistDictionary = {};
  const problems: RowProblem[] = [];
  rows.forEach((row, index) => {
    const key = row.key.trim();
    if (!key) {
      problems.push({ index, problem: 'emptyKey' });
      return;
    }
    if (key in values) {
      problems.push({ index, problem: 'duplicateKey' });
      return;
    }
    switch (row.type) {
      case 'string':
        values[key] = row.text;
        break;
      case 'integer':
      case 'real': {
        const n = Number(row.text);
        if (
          row.text.trim() === '' ||
          !Number.isFinite(n) ||
          (row.type === 'integer' && !Number.isInteger(n))
        ) {
          problems.push({ index, problem: 'number' });
        } else {
          values[key] = n;
        }
        break;
      }
      case 'boolean':
        values[key] = row.text === 'true';
        break;
      case 'date':
        if (Number.isNaN(Date.parse(row.text))) {
          problems.push({ index, problem: 'date' });
        } else {
          values[key] = { $date: row.text };
        }
        break;
      default:
        try {
          values[key] = JSON.parse(row.text) as VppPlistValue;
        } catch {
          problems.push({ index, problem: 'json' });
        }
    }
  });
  return problems.length ? { problems } : { values };
}

/**
 * Pasted text: XML of a property list goes to the backend as `plist` (it parses it),
 * JSON becomes `values`.
 */
export function parsePasted(
  text: string,
):
  | { plist: string }
  | { values: VppPlistDictionary }
  | { error: 'json' | 'notDict' } {
  const trimmed = text.trim();
  if (trimmed.startsWith('<')) return { plist: trimmed };
  try {
    const parsed = JSON.parse(trimmed);
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Array.isArray(parsed)
    ) {
      return { error: 'notDict' };
    }
    return { values: parsed as VppPlistDictionary };
  } catch {
    return { error: 'json' };
  }
}
