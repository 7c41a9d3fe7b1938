import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { MdmDevicePlatform } from '@internal/plugin-vpp-node';
import { compareOsVersions } from '../platform';
import { parsePlistXml, PlistNode } from './plistXml';

/**
 * Checks MDM command plists against Apple's schemas (apple/device-management YAML, copied
 * to `__fixtures__/apple-device-management`). How the YAML encodes things:
 *
 * - `payload.requesttype` names the command; `payloadkeys` are the keys of `Command`
 *   besides `RequestType`.
 * - each key: `key`, `type` (`<string>`, `<integer>`, `<real>`, `<boolean>`, `<date>`,
 *   `<data>`, `<dictionary>`, `<array>`, `<any>`), `presence` (`required` | `optional`),
 *   `rangelist` (allowed values), `subkeys` (a dictionary's keys; an array's single item
 *   spec; for a `<string>` with subkeys — DeviceInformation's `Queries` — the allowed
 *   values), a key named `ANY…` for free-form dictionaries.
 * - `supportedOS.<OS>.introduced`: the first version with the key, `n/a` when the OS
 *   has none; an OS a key does not list inherits from the enclosing key (or the payload).
 */

export interface AppleSchemaKey {
  key: string;
  type: string;
  presence?: 'required' | 'optional';
  rangelist?: unknown[];
  subkeys?: AppleSchemaKey[];
  supportedOS?: Record<
    string,
    { introduced?: string; removed?: string } | undefined
  >;
}

export interface AppleCommandSchema {
  file: string;
  requestType: string;
  supportedOS: Record<string, { introduced?: string } | undefined>;
  payloadKeys: AppleSchemaKey[];
}

export const APPLE_SCHEMA_DIR = path.resolve(
  __dirname,
  '../__fixtures__/apple-device-management/mdm/commands',
);

let cache: Map<string, AppleCommandSchema> | undefined;

/** Every command schema in the fixtures, by `RequestType`. */
export function loadAppleCommandSchemas(): Map<string, AppleCommandSchema> {
  if (!cache) {
    cache = new Map();
    for (const file of fs.readdirSync(APPLE_SCHEMA_DIR).sort()) {
      if (!file.endsWith('.yaml')) continue;
      const doc = parseYaml(
        fs.readFileSync(path.join(APPLE_SCHEMA_DIR, file), 'utf8'),
      );
      const requestType = doc?.payload?.requesttype;
      if (typeof requestType !== 'string') continue;
      cache.set(requestType, {
        file,
        requestType,
        supportedOS: doc.payload.supportedOS ?? {},
        payloadKeys: doc.payloadkeys ?? [],
      });
    }
  }
  return cache;
}

/** The device a command is checked for: keys it does not support are problems too. */
export interface SchemaDevice {
  platform: MdmDevicePlatform;
  osVersion?: string;
}

const SCHEMA_OS: Record<MdmDevicePlatform, string> = {
  ios: 'iOS',
  ipados: 'iOS',
  macos: 'macOS',
  tvos: 'tvOS',
};

const NODE_TYPE: Record<string, PlistNode['type'] | 'any'> = {
  '<string>': 'string',
  '<integer>': 'integer',
  '<real>': 'real',
  '<boolean>': 'boolean',
  '<date>': 'date',
  '<data>': 'data',
  '<dictionary>': 'dict',
  '<array>': 'array',
  '<any>': 'any',
};

class Checker {
  readonly problems: string[] = [];
  constructor(private readonly device?: SchemaDevice) {}

  /** The version a key appears in for the device's OS ('n/a' = never). */
  introducedFor(
    spec: { supportedOS?: AppleSchemaKey['supportedOS'] },
    inherited?: string,
  ) {
    if (!this.device) return inherited;
    return (
      spec.supportedOS?.[SCHEMA_OS[this.device.platform]]?.introduced ??
      inherited
    );
  }

  checkAvailable(where: string, introduced: string | undefined) {
    if (!this.device || introduced === undefined) return;
    const os = `${SCHEMA_OS[this.device.platform]} ${
      this.device.osVersion ?? '(unknown version)'
    }`;
    if (introduced === 'n/a') {
      this.problems.push(`${where}: not available on ${os}`);
    } else if (
      this.device.osVersion !== undefined &&
      compareOsVersions(this.device.osVersion, String(introduced)) < 0
    ) {
      this.problems.push(`${where}: needs ${introduced}, device has ${os}`);
    }
  }

  dict(
    entries: Array<[string, PlistNode]>,
    keys: AppleSchemaKey[],
    where: string,
    introduced?: string,
  ) {
    const anyKey = keys.find(k => k.key.startsWith('ANY'));
    const seen = new Set<string>();
    for (const [key, node] of entries) {
      const at = `${where}.${key}`;
      if (seen.has(key)) this.problems.push(`${at}: key appears twice`);
      seen.add(key);
      const spec = keys.find(k => k.key === key) ?? anyKey;
      if (!spec) {
        this.problems.push(`${at}: unknown key`);
        continue;
      }
      const keyIntroduced = this.introducedFor(spec, introduced);
      if (spec !== anyKey) this.checkAvailable(at, keyIntroduced);
      this.value(node, spec, at, keyIntroduced);
    }
    for (const spec of keys) {
      if (
        spec.presence === 'required' &&
        spec !== anyKey &&
        !seen.has(spec.key)
      ) {
        this.problems.push(`${where}.${spec.key}: required key missing`);
      }
    }
  }

  value(
    node: PlistNode,
    spec: AppleSchemaKey,
    where: string,
    introduced?: string,
  ) {
    const expected = NODE_TYPE[spec.type];
    if (!expected) {
      this.problems.push(`${where}: schema type ${spec.type} not understood`);
      return;
    }
    if (expected === 'any') return;
    if (node.type !== expected) {
      this.problems.push(`${where}: expected ${spec.type}, got <${node.type}>`);
      return;
    }
    if (node.type === 'integer' && !/^-?\d+$/.test(node.text.trim())) {
      this.problems.push(
        `${where}: ${JSON.stringify(node.text)} is not an integer`,
      );
    }
    if (node.type === 'real' && !Number.isFinite(Number(node.text))) {
      this.problems.push(
        `${where}: ${JSON.stringify(node.text)} is not a number`,
      );
    }
    if (spec.rangelist && (node.type === 'string' || node.type === 'integer')) {
      const actual = node.type === 'integer' ? Number(node.text) : node.text;
      if (
        !spec.rangelist.some(
          allowed => allowed === actual || String(allowed) === String(actual),
        )
      ) {
        this.problems.push(
          `${where}: ${JSON.stringify(actual)} is not one of ${JSON.stringify(
            spec.rangelist,
          )}`,
        );
      }
    }
    if (node.type === 'string' && spec.subkeys?.length) {
      const allowed = spec.subkeys.find(k => k.key === node.text);
      if (!allowed) {
        this.problems.push(
          `${where}: ${JSON.stringify(node.text)} is not an allowed value`,
        );
      } else {
        this.checkAvailable(
          `${where}=${node.text}`,
          this.introducedFor(allowed, introduced),
        );
      }
    }
    if (node.type === 'dict' && spec.subkeys) {
      this.dict(node.entries, spec.subkeys, where, introduced);
    }
    if (node.type === 'array' && spec.subkeys?.length) {
      node.items.forEach((item, i) =>
        this.value(item, spec.subkeys![0], `${where}[${i}]`, introduced),
      );
    }
  }
}

/**
 * Problems of an MDM command plist (empty when valid): unknown keys, wrong types, values
 * outside `rangelist`, missing required keys; with `device`, keys that device's OS lacks.
 */
export function checkCommandPlist(
  xml: string,
  device?: SchemaDevice,
): string[] {
  let root: PlistNode;
  try {
    root = parsePlistXml(xml);
  } catch (error) {
    return [`not a property list: ${(error as Error).message}`];
  }
  if (root.type !== 'dict') return ['the root is not a dictionary'];
  const problems: string[] = [];
  const top = new Map(root.entries);
  for (const [key] of root.entries) {
    if (key !== 'CommandUUID' && key !== 'Command')
      problems.push(`${key}: unknown top-level key`);
  }
  const uuid = top.get('CommandUUID');
  if (!uuid || uuid.type !== 'string' || uuid.text.trim() === '') {
    problems.push('CommandUUID: required non-empty string missing');
  }
  const command = top.get('Command');
  if (!command || command.type !== 'dict') {
    return [...problems, 'Command: required dictionary missing'];
  }
  const requestType = command.entries.find(
    ([key]) => key === 'RequestType',
  )?.[1];
  if (!requestType || requestType.type !== 'string') {
    return [...problems, 'Command.RequestType: required string missing'];
  }
  const schema = loadAppleCommandSchemas().get(requestType.text);
  if (!schema) {
    return [
      ...problems,
      `Command.RequestType: no schema for ${requestType.text}`,
    ];
  }
  const checker = new Checker(device);
  const introduced = checker.introducedFor(schema);
  checker.checkAvailable(`Command(${schema.requestType})`, introduced);
  checker.dict(
    command.entries.filter(([key]) => key !== 'RequestType'),
    schema.payloadKeys,
    'Command',
    introduced,
  );
  return [...problems, ...checker.problems];
}

const CHECKIN_DIR = path.resolve(
  __dirname,
  '../__fixtures__/apple-device-management/mdm/checkin',
);

/**
 * Problems of a check-in message plist (Authenticate, TokenUpdate, CheckOut) against
 * Apple's check-in schema named by its `MessageType`; used to keep test input realistic.
 */
export function checkCheckInPlist(xml: string): string[] {
  const root = parsePlistXml(xml);
  if (root.type !== 'dict') return ['the root is not a dictionary'];
  const messageType = root.entries.find(([key]) => key === 'MessageType')?.[1];
  if (!messageType || messageType.type !== 'string') {
    return ['MessageType: required string missing'];
  }
  const file = path.join(CHECKIN_DIR, `${messageType.text.toLowerCase()}.yaml`);
  if (!fs.existsSync(file))
    return [`MessageType: no schema for ${messageType.text}`];
  const doc = parseYaml(fs.readFileSync(file, 'utf8'));
  const checker = new Checker();
  checker.dict(root.entries, doc.payloadkeys ?? [], messageType.text);
  // Apple marks keys "required" that only some channels send (a macOS user channel, User
  // Enrollment); a device channel's message lacks them.
  const channelOnly =
    /\.(NotOnConsole|EnrollmentID|EnrollmentUserID|UserID|UserLongName|UserShortName): required key missing$/;
  return checker.problems.filter(problem => !channelOnly.test(problem));
}
