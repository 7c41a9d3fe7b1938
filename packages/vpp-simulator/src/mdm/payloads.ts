import { createHash } from 'node:crypto';
import plist from 'plist';
import { SimulatedDevice } from './deviceBehaviour';

/** The push topic of the simulator's (imaginary) MDM push certificate. */
export const PUSH_TOPIC =
  'com.apple.mgmt.External.5f6a3c1e-0b7d-4c8e-9a21-3e0d2f1b7c44';

/**
 * A plist the way devices send them: XML, tab-indented, top-level keys sorted (Apple's
 * serializer sorts dictionary keys).
 */
export function devicePlist(dict: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(dict).sort()) {
    if (dict[key] !== undefined) {
      sorted[key] = dict[key];
    }
  }
  return plist.build(sorted as plist.PlistObject, { indent: '\t' });
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
