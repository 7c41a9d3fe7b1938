import { parse as parsePlistValues } from 'fast-plist';
import { SaxesParser } from 'saxes';
import {
  MdmCommandResultEvent,
  MdmDeviceError,
  MdmDeviceFacts,
  MdmInstalledApp,
  MdmWebhookError,
} from '@internal/plugin-vpp-node';
import { platformFromModel } from './platform';

/**
 * Decoding of what devices send (check-in messages and command reports) from the
 * property lists NanoMDM forwards in `raw_payload`. Answers are recognised by their shape
 * (Apple's reports carry no request type), so no command map is needed here.
 */

export type PlistDict = Record<string, unknown>;

export function isDict(value: unknown): value is PlistDict {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value)
  );
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Decodes a base64 `raw_payload` into the device's plist dictionary. Throws
 * {@link MdmWebhookError} with the reason when it is not base64 of an XML property list
 * holding a dictionary.
 */
export function decodeRawPayload(
  rawPayload: unknown,
  where: string,
): PlistDict {
  const text = rawPayloadText(rawPayload, where);
  let parsed: unknown;
  try {
    parsed = parsePropertyList(text);
  } catch (error) {
    throw new MdmWebhookError(
      `${where}.raw_payload is not a valid property list: ${
        (error as Error).message
      }`,
    );
  }
  if (!isDict(parsed)) {
    throw new MdmWebhookError(
      `${where}.raw_payload does not hold a dictionary`,
    );
  }
  return parsed;
}

/**
 * An XML property list's value. Two libraries, each for what it does fast: saxes checks
 * the XML is well formed (strictly: end tags, names, entities), fast-plist reads the
 * values (it checks the plist structure, not the XML). `plist`, which builds a DOM
 * first, took 37 µs for an install's answer and 277 µs for a list of three apps (the
 * largest part of the webhook's work for a distribution); these take 12 and 75,
 * measured together. `<data>` values come as base64 text (no answer this product reads
 * has any).
 */
export function parsePropertyList(text: string): unknown {
  const xml = new SaxesParser();
  xml.on('error', error => {
    throw error;
  });
  xml.write(text).close();
  return parsePlistValues(text);
}

/**
 * The XML of a base64 `raw_payload`, checked as far as can be without parsing it (for
 * events whose payload says nothing the event's own fields do not: an Idle check-in).
 */
export function rawPayloadText(rawPayload: unknown, where: string): string {
  if (typeof rawPayload !== 'string' || rawPayload.trim() === '') {
    throw new MdmWebhookError(`${where}.raw_payload is missing`);
  }
  const compact = rawPayload.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new MdmWebhookError(`${where}.raw_payload is not base64`);
  }
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.subarray(0, 8).toString('latin1') === 'bplist00') {
    throw new MdmWebhookError(
      `${where}.raw_payload is a binary property list; devices send XML`,
    );
  }
  const text = bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim();
  if (!text.startsWith('<') || !/<plist[\s>]/.test(text)) {
    throw new MdmWebhookError(
      `${where}.raw_payload is not an XML property list`,
    );
  }
  return text;
}

/** The facts of an `Authenticate` check-in or a `DeviceInformation` answer. */
export function deviceFacts(source: PlistDict): MdmDeviceFacts | undefined {
  const facts: MdmDeviceFacts = {
    serialNumber: nonEmptyString(source.SerialNumber),
    model: nonEmptyString(source.Model),
    modelName: nonEmptyString(source.ModelName),
    productName: nonEmptyString(source.ProductName),
    osVersion: nonEmptyString(source.OSVersion),
    buildVersion: nonEmptyString(source.BuildVersion),
    deviceName: nonEmptyString(source.DeviceName),
    wifiMac: nonEmptyString(source.WiFiMAC),
  };
  facts.platform = platformFromModel(facts);
  const defined = Object.fromEntries(
    Object.entries(facts).filter(([, value]) => value !== undefined),
  ) as MdmDeviceFacts;
  return Object.keys(defined).length > 0 ? defined : undefined;
}

function installedApps(list: unknown): MdmInstalledApp[] {
  if (!Array.isArray(list)) {
    throw new MdmWebhookError('InstalledApplicationList is not an array');
  }
  const apps: MdmInstalledApp[] = [];
  list.forEach((item, index) => {
    if (!isDict(item)) {
      throw new MdmWebhookError(
        `InstalledApplicationList[${index}] is not a dictionary`,
      );
    }
    // macOS may leave out Identifier (apps outside bundles): nothing to match them by.
    const bundleId = nonEmptyString(item.Identifier);
    if (!bundleId) {
      return;
    }
    const app: MdmInstalledApp = { bundleId };
    const name = nonEmptyString(item.Name);
    const version =
      nonEmptyString(item.ShortVersion) ?? nonEmptyString(item.Version);
    if (name) app.name = name;
    if (version) app.version = version;
    if (
      (typeof item.AdamID === 'number' && Number.isInteger(item.AdamID)) ||
      (typeof item.AdamID === 'string' && /^\d+$/.test(item.AdamID))
    ) {
      app.adamId = String(item.AdamID);
    }
    if (typeof item.IsManaged === 'boolean') app.managed = item.IsManaged;
    if (typeof item.Installing === 'boolean') app.installing = item.Installing;
    apps.push(app);
  });
  return apps;
}

function managedApps(
  list: unknown,
): Array<{ bundleId: string; status: string }> {
  if (!isDict(list)) {
    throw new MdmWebhookError('ManagedApplicationList is not a dictionary');
  }
  return Object.entries(list).map(([bundleId, item]) => {
    if (!isDict(item) || typeof item.Status !== 'string') {
      throw new MdmWebhookError(
        `ManagedApplicationList entry ${bundleId} has no Status`,
      );
    }
    return { bundleId, status: item.Status };
  });
}

function errorChain(chain: unknown): MdmDeviceError[] {
  if (!Array.isArray(chain)) {
    throw new MdmWebhookError('ErrorChain is not an array');
  }
  return chain.map((entry, index) => {
    if (!isDict(entry) || typeof entry.ErrorCode !== 'number') {
      throw new MdmWebhookError(
        `ErrorChain[${index}] has no numeric ErrorCode`,
      );
    }
    const error: MdmDeviceError = { code: entry.ErrorCode };
    const domain = nonEmptyString(entry.ErrorDomain);
    const description =
      nonEmptyString(entry.LocalizedDescription) ??
      nonEmptyString(entry.USEnglishDescription);
    if (domain) error.domain = domain;
    if (description) error.description = description;
    return error;
  });
}

/**
 * The answer parts of a command report, by shape: `InstalledApplicationList` (array),
 * `ManagedApplicationList` (dictionary), `QueryResponses` (DeviceInformation),
 * `Identifier`/`State` (InstallApplication), `ErrorChain` (an error).
 */
export function commandAnswer(
  report: PlistDict,
): Pick<
  MdmCommandResultEvent,
  'errors' | 'installedApps' | 'managedApps' | 'deviceFacts' | 'installState'
> {
  const answer: ReturnType<typeof commandAnswer> = {};
  if (report.ErrorChain !== undefined) {
    answer.errors = errorChain(report.ErrorChain);
  }
  if (report.InstalledApplicationList !== undefined) {
    answer.installedApps = installedApps(report.InstalledApplicationList);
  }
  if (report.ManagedApplicationList !== undefined) {
    answer.managedApps = managedApps(report.ManagedApplicationList);
  }
  if (report.QueryResponses !== undefined) {
    if (!isDict(report.QueryResponses)) {
      throw new MdmWebhookError('QueryResponses is not a dictionary');
    }
    answer.deviceFacts = deviceFacts(report.QueryResponses) ?? {};
  }
  const state = nonEmptyString(report.State);
  const identifier = nonEmptyString(report.Identifier);
  if (state || identifier) {
    answer.installState = {};
    if (identifier) answer.installState.bundleId = identifier;
    if (state) answer.installState.state = state;
  }
  return answer;
}
