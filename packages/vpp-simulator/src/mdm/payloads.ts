import { createHash } from 'node:crypto';
import { SimulatedDevice } from './deviceBehaviour';

/** The push topic of the simulator's (imaginary) MDM push certificate. */
export const PUSH_TOPIC =
  'com.apple.mgmt.External.5f6a3c1e-0b7d-4c8e-9a21-3e0d2f1b7c44';

const HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n';

const XML_SPECIAL = /[&<>]/;
const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

function escapeXml(text: string): string {
  if (!XML_SPECIAL.test(text)) {
    return text;
  }
  return text.replace(/[&<>]/g, char => XML_ENTITIES[char]);
}

/** One value, tab-indented as Apple's serializer writes it; dictionary keys sorted. */
function writeValue(value: unknown, indent: string, out: string[]): void {
  if (typeof value === 'string') {
    out.push(`${indent}<string>${escapeXml(value)}</string>\n`);
  } else if (typeof value === 'boolean') {
    out.push(`${indent}<${value}/>\n`);
  } else if (typeof value === 'number') {
    const tag = Number.isInteger(value) ? 'integer' : 'real';
    out.push(`${indent}<${tag}>${value}</${tag}>\n`);
  } else if (Buffer.isBuffer(value)) {
    out.push(`${indent}<data>${value.toString('base64')}</data>\n`);
  } else if (value instanceof Date) {
    out.push(
      `${indent}<date>${value
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')}</date>\n`,
    );
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${indent}<array/>\n`);
      return;
    }
    out.push(`${indent}<array>\n`);
    for (const item of value) {
      writeValue(item, `${indent}\t`, out);
    }
    out.push(`${indent}</array>\n`);
  } else if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value)
      .filter(key => (value as Record<string, unknown>)[key] !== undefined)
      .sort();
    if (keys.length === 0) {
      out.push(`${indent}<dict/>\n`);
      return;
    }
    out.push(`${indent}<dict>\n`);
    for (const key of keys) {
      out.push(`${indent}\t<key>${escapeXml(key)}</key>\n`);
      writeValue((value as Record<string, unknown>)[key], `${indent}\t`, out);
    }
    out.push(`${indent}</dict>\n`);
  } else {
    throw new Error(`Cannot write ${typeof value} to a plist`);
  }
}

/**
 * A plist the way devices send them: XML, tab-indented, dictionary keys sorted (Apple's
 * serializer sorts them). Written by hand rather than with the plist library's builder,
 * which is ~20× slower — too slow for 100,000 devices checking in.
 */
export function devicePlist(dict: Record<string, unknown>): string {
  const out = [HEADER];
  writeValue(dict, '', out);
  out.push('</plist>\n');
  return out.join('');
}

function derived(device: SimulatedDevice, purpose: string): Buffer {
  return createHash('sha256').update(`${purpose}:${device.udid}`).digest();
}

export function authenticatePayload(device: SimulatedDevice): string {
  return devicePlist({
    BuildVersion: device.buildVersion,
    DeviceName: device.deviceName,
    MessageType: 'Authenticate',
    Model: device.model,
    ModelName: device.modelName,
    OSVersion: device.osVersion,
    ProductName: device.productName,
    SerialNumber: device.serialNumber,
    Topic: PUSH_TOPIC,
    UDID: device.udid,
  });
}

export function tokenUpdatePayload(device: SimulatedDevice): string {
  const magic = derived(device, 'push-magic').toString('hex').toUpperCase();
  return devicePlist({
    AwaitingConfiguration: false,
    MessageType: 'TokenUpdate',
    PushMagic: `${magic.slice(0, 8)}-${magic.slice(8, 12)}-${magic.slice(
      12,
      16,
    )}-${magic.slice(16, 20)}-${magic.slice(20, 32)}`,
    Token: derived(device, 'push-token'),
    Topic: PUSH_TOPIC,
    UDID: device.udid,
  });
}

export function checkOutPayload(device: SimulatedDevice): string {
  return devicePlist({
    MessageType: 'CheckOut',
    Topic: PUSH_TOPIC,
    UDID: device.udid,
  });
}
