import { InputError } from '@backstage/errors';
import { VppPlistDictionary, VppPlistValue } from '@internal/plugin-vpp-common';
import { DateTime } from 'luxon';
import { build, parse, PlistObject } from 'plist';

/**
 * Managed app configuration dictionaries: what a property list can hold, in JSON.
 *
 * JSON lacks dates, so `{ "$date": "<ISO-8601>" }` (a dictionary with that one key)
 * stands for a plist `<date>`; it is stored in that form, normalised to UTC, and turned
 * into a real date only when a command is built ({@link toPlistObject}). Whole numbers
 * become `<integer>`, others `<real>`. A property list has no null and no undefined;
 * binary `<data>` is refused too, as the issue lists only strings, numbers, booleans,
 * dates, arrays and dictionaries.
 */

/** Deeper nesting is refused: real configurations are a few levels deep. */
const MAX_DEPTH = 32;
/** Problems named in one 400, so a big paste does not produce a page of text. */
const MAX_PROBLEMS = 10;
/** Characters XML 1.0 cannot carry (only tab, line feed and carriage return below 0x20). */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** `values.server["api.url"][2]`: how a problem names where it is. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)
    ? `${parent}.${key}`
    : `${parent}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Parses an ISO-8601 date or instant (UTC when it names no zone) to ISO UTC. */
function normaliseDate(text: string): string | undefined {
  const parsed = DateTime.fromISO(text.trim(), { zone: 'utc' });
  return parsed.isValid ? parsed.toUTC().toISO() ?? undefined : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Buffer.isBuffer(value)) return 'binary data';
  if (value instanceof Date) return 'a date';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

/**
 * Checks and normalises a JSON dictionary of configuration values. Every problem is
 * named by its key path (up to ten in one InputError).
 */
export function parsePlistValues(
  input: unknown,
  root = 'values',
): VppPlistDictionary {
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };

  const check = (
    value: unknown,
    path: string,
    depth: number,
  ): VppPlistValue | undefined => {
    if (depth > MAX_DEPTH) {
      problem(`${path} is nested more than ${MAX_DEPTH} levels deep.`);
      return undefined;
    }
    if (typeof value === 'string') {
      if (XML_FORBIDDEN.test(value)) {
        problem(
          `${path} contains a control character a property list cannot hold.`,
        );
      }
      return value;
    }
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        problem(`${path} is not a finite number.`);
      } else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        problem(
          `${path} is too large for a property list integer (at most ${Number.MAX_SAFE_INTEGER}); write it as a string.`,
        );
      }
      return value;
    }
    if (Array.isArray(value)) {
      return value.map(
        (item, i) => check(item, childPath(path, i), depth + 1)!,
      );
    }
    if (isPlainObject(value)) {
      const keys = Object.keys(value);
      if (keys.includes('$date')) {
        const text = value.$date;
        if (keys.length !== 1 || typeof text !== 'string') {
          problem(
            `${path} is not a date: write a date as { "$date": "2027-04-01T09:00:00Z" }, with no other keys.`,
          );
          return undefined;
        }
        const iso = normaliseDate(text);
        if (!iso) {
          problem(
            `${path} has "${text}", which is not an ISO-8601 date such as 2027-04-01T09:00:00Z.`,
          );
          return undefined;
        }
        return { $date: iso };
      }
      const out: VppPlistDictionary = {};
      for (const key of keys) {
        const child = childPath(path, key);
        if (XML_FORBIDDEN.test(key)) {
          problem(
            `${child}: the key contains a control character a property list cannot hold.`,
          );
        }
        out[key] = check(value[key], child, depth + 1)!;
      }
      return out;
    }
    problem(
      value === null
        ? `${path} is null; a property list has no null — leave the key out, or use an empty string.`
        : `${path} is ${describe(
            value,
          )}; a property list holds strings, numbers, booleans, dates, lists and dictionaries.`,
    );
    return undefined;
  };

  if (!isPlainObject(input)) {
    throw new InputError(
      `${root} must be a dictionary of keys and values, not ${describe(
        input,
      )}.`,
    );
  }
  const result = check(input, root, 0) as VppPlistDictionary;
  if (problems.length > 0) {
    throw new InputError(problems.join(' '));
  }
  return result;
}

/**
 * Reads a pasted property list (XML) whose root is a dictionary; a bare `<dict>…</dict>`
 * is accepted as well. Dates become `{ $date }`; every value is then checked as in
 * {@link parsePlistValues}, with paths starting at `plist`.
 */
export function parsePlistXml(xml: string): VppPlistDictionary {
  const text = xml.trim();
  if (text === '') {
    throw new InputError('plist is empty; paste the XML of a property list.');
  }
  const document = /<plist[\s>]/.test(text)
    ? text
    : `<plist version="1.0">${text}</plist>`;
  let parsed: unknown;
  try {
    parsed = parse(document);
  } catch (error) {
    throw new InputError(
      `plist is not a readable property list: ${
        error instanceof Error ? error.message : String(error)
      }. Paste the XML, starting with <?xml …> or <dict>.`,
    );
  }
  if (!isPlainObject(parsed)) {
    throw new InputError(
      `plist must have a dictionary (<dict>) at its root, not ${describe(
        parsed,
      )}.`,
    );
  }
  const problems: string[] = [];
  const convert = (value: unknown, path: string): unknown => {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) {
        problems.push(`${path} is a <date> that is not a valid date.`);
        return undefined;
      }
      return { $date: value.toISOString() };
    }
    if (Buffer.isBuffer(value)) {
      problems.push(
        `${path} is binary <data>, which managed app configurations here cannot hold; use a string (for example Base64 text).`,
      );
      return undefined;
    }
    if (Array.isArray(value)) {
      return value.map((item, i) => convert(item, childPath(path, i)));
    }
    if (isPlainObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          convert(v, childPath(path, k)),
        ]),
      );
    }
    return value;
  };
  const converted = convert(parsed, 'plist');
  if (problems.length > 0) {
    throw new InputError(problems.slice(0, MAX_PROBLEMS).join(' '));
  }
  return parsePlistValues(converted, 'plist');
}

/** The values with real dates, ready for a command's `Configuration` dictionary. */
export function toPlistObject(
  values: VppPlistDictionary,
): Record<string, unknown> {
  const convert = (value: VppPlistValue): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (value !== null && typeof value === 'object') {
      if (typeof (value as { $date?: unknown }).$date === 'string') {
        return new Date((value as { $date: string }).$date);
      }
      return Object.fromEntries(
        Object.entries(value as VppPlistDictionary).map(([k, v]) => [
          k,
          convert(v),
        ]),
      );
    }
    return value;
  };
  return convert(values) as Record<string, unknown>;
}

/** The values as property list XML (what an administrator would paste back). */
export function toPlistXml(values: VppPlistDictionary): string {
  return build(toPlistObject(values) as PlistObject);
}
