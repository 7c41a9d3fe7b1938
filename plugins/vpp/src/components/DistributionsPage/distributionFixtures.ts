import {
  VppAsset,
  VppDistribution,
  VppDistributionItem,
} from '@internal/plugin-vpp-common';

/** A distribution as the API returns it (test data of the distribution pages). */
export function makeDistribution(
  overrides: Partial<VppDistribution> = {},
): VppDistribution {
  return {
    id: 'dist-1',
    tokenId: 'tok-1',
    adamIds: ['6450000101'],
    platform: 'ios',
    licenseMode: 'auto',
    targets: { deviceIds: ['dev-1', 'dev-2'] },
    state: 'running',
    counts: { installed: 1, failed: 1, queued: 1 },
    plan: {
      devicesMatched: 3,
      leftOut: [{ reason: 'unenrolled', count: 1 }],
      apps: [
        {
          adamId: '6450000101',
          name: 'Example Notes',
          needed: 2,
          alreadyLicensed: 1,
          available: 48,
        },
      ],
      items: 3,
    },
    createdBy: 'user:default/tanaka',
    createdAt: '2026-12-01T09:00:00Z',
    startedAt: '2026-12-01T09:00:05Z',
    ...overrides,
  };
}

export function makeItem(
  overrides: Partial<VppDistributionItem> = {},
): VppDistributionItem {
  return {
    deviceId: 'dev-1',
    serialNumber: 'F2LX1234ABCD',
    adamId: '6450000101',
    state: 'installed',
    version: '4.1.0',
    errorNumber: null,
    explanation: null,
    updatedAt: '2026-12-01T09:01:00Z',
    ...overrides,
  };
}

export function makeAppAsset(overrides: Partial<VppAsset> = {}): VppAsset {
  return {
    adamId: '6450000101',
    pricingParam: 'STDQ',
    productType: 'App',
    name: 'Example Notes',
    iconUrl: 'https://example.com/notes.png',
    bundleId: 'com.example.notes',
    version: '4.1.0',
    platforms: ['iOS'],
    totalCount: 50,
    assignedCount: 2,
    availableCount: 48,
    retiredCount: 0,
    deviceAssignable: true,
    revocable: true,
    lowLicense: false,
    ...overrides,
  };
}
