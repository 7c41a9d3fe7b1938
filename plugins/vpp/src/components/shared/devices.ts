import { VppDevice, VppDevicePlatform } from '@internal/plugin-vpp-common';

/** Apple's spelling of each device platform. */
export const DEVICE_PLATFORM_LABELS: Record<VppDevicePlatform, string> = {
  ios: 'iOS',
  ipados: 'iPadOS',
  macos: 'macOS',
  tvos: 'tvOS',
};

export const DEVICE_PLATFORMS = Object.keys(
  DEVICE_PLATFORM_LABELS,
) as VppDevicePlatform[];

/** The platforms as the options of a platform filter. */
export const DEVICE_PLATFORM_OPTIONS = DEVICE_PLATFORMS.map(platform => ({
  value: platform,
  label: DEVICE_PLATFORM_LABELS[platform],
}));

/** A device's name in lists: its own name, else its model, serial number or UDID. */
export function deviceLabel(device: VppDevice): string {
  return (
    device.displayName ||
    device.productName ||
    device.serialNumber ||
    device.udid
  );
}

/** `group:default/tokyo-it` → `tokyo-it` (the default namespace is left out). */
export function shortGroup(ref: string): string {
  const match = /^group:(?:default\/)?(.+)$/i.exec(ref);
  return match ? match[1] : ref;
}
