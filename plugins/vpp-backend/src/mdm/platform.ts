import type { MdmDevicePlatform } from '@internal/plugin-vpp-node';

/**
 * Compares dotted OS versions numerically (`17.4.1` > `17.4` > `9.3`); missing parts
 * count as 0 and non-numeric parts as 0, so `14` equals `14.0`.
 */
export function compareOsVersions(a: string, b: string): number {
  const left = a.split('.').map(part => parseInt(part, 10) || 0);
  const right = b.split('.').map(part => parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) {
      return diff < 0 ? -1 : 1;
    }
  }
  return 0;
}

const PLATFORM_PATTERNS: Array<[RegExp, MdmDevicePlatform]> = [
  [/^(iPhone|iPod)/i, 'ios'],
  [/^iPad/i, 'ipados'],
  [/^(i?Mac|VirtualMac|Xserve)/i, 'macos'],
  [/^Apple\s?TV/i, 'tvos'],
];

/**
 * The platform of a device from what it reports: `ProductName` (`iPhone15,4`,
 * `iPad13,1`, `Mac14,2`, `MacBookPro18,3`, `AppleTV14,1`), else `Model` (a Mac reports
 * `iMac14,2`), else `ModelName` (`iPhone`, `iPad`, `MacBook Pro`, `Apple TV`). Undefined
 * for anything else (Apple Watch, Vision Pro).
 */
export function platformFromModel(facts: {
  productName?: string;
  model?: string;
  modelName?: string;
}): MdmDevicePlatform | undefined {
  for (const value of [facts.productName, facts.model, facts.modelName]) {
    if (!value) {
      continue;
    }
    for (const [pattern, platform] of PLATFORM_PATTERNS) {
      if (pattern.test(value.trim())) {
        return platform;
      }
    }
  }
  return undefined;
}
