import { VppDevicePlatform } from '@internal/plugin-vpp-common';

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

/** `group:default/tokyo-it` → `tokyo-it` (the default namespace is left out). */
export function shortGroup(ref: string): string {
  const match = /^group:(?:default\/)?(.+)$/i.exec(ref);
  return match ? match[1] : ref;
}
