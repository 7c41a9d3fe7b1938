import {
  VPP_DEVICE_ATTRIBUTE_FIELDS,
  VppDeviceAttributes,
} from '@internal/plugin-vpp-common';

/** One of the administrator's attributes. */
export type DeviceAttributeField = (typeof VPP_DEVICE_ATTRIBUTE_FIELDS)[number];

const MAX_LENGTH: Record<DeviceAttributeField, number> = {
  displayName: 200,
  deviceNumber: 100,
  userName: 200,
  employeeNumber: 100,
  phone1: 50,
  phone2: 50,
  email: 254,
  notes1: 2000,
  notes2: 2000,
  notes3: 2000,
};

// What a mail system accepts in practice: one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function isAttributeField(name: string): name is DeviceAttributeField {
  return (VPP_DEVICE_ATTRIBUTE_FIELDS as readonly string[]).includes(name);
}

/**
 * Checks one attribute value as `PATCH /devices/:id` and the CSV import both do.
 * Returns the value to store (trimmed; empty clears it) or the reason it is bad.
 */
export function checkAttribute(
  field: DeviceAttributeField,
  value: unknown,
): { value: string | null } | { error: string } {
  if (value === null) return { value: null };
  if (typeof value !== 'string') {
    return { error: `${field} must be text or null.` };
  }
  const trimmed = value.trim();
  if (trimmed === '') return { value: null };
  if (trimmed.length > MAX_LENGTH[field]) {
    return {
      error: `${field} can be at most ${MAX_LENGTH[field]} characters (it has ${trimmed.length}).`,
    };
  }
  if (field === 'email' && !EMAIL.test(trimmed)) {
    return {
      error: `email "${trimmed}" is not an e-mail address (expected name@example.com).`,
    };
  }
  if (!field.startsWith('notes') && /[\r\n]/.test(trimmed)) {
    return { error: `${field} must be a single line.` };
  }
  return { value: trimmed };
}

/** The attributes of `patch` that differ from the device's. */
export function changedAttributes(
  current: Required<VppDeviceAttributes>,
  patch: VppDeviceAttributes,
): VppDeviceAttributes {
  const changed: VppDeviceAttributes = {};
  for (const field of VPP_DEVICE_ATTRIBUTE_FIELDS) {
    const value = patch[field];
    if (value !== undefined && value !== current[field]) changed[field] = value;
  }
  return changed;
}
