import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  ListAssetsQuery,
  VppAsset,
  VppSyncStatus,
} from '@internal/plugin-vpp-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../../api';
import { makeAsset, makeSyncStatus } from '../../../testing/fixtures';
import { TokenContent } from '../TokenContent';

export const notes = makeAsset();
export const survey = makeAsset({
  adamId: '6450000102',
  name: 'Example Field Survey',
  bundleId: 'com.example.survey',
  platforms: ['iOS'],
  totalCount: 5,
  assignedCount: 4,
  availableCount: 1,
  lowLicense: true,
});
export const legacy = makeAsset({
  adamId: '6450000109',
  name: undefined,
  iconUrl: undefined,
  bundleId: undefined,
  version: undefined,
  minimumOsVersion: undefined,
  platforms: ['iOS'],
  totalCount: 5,
  assignedCount: 0,
  availableCount: 5,
  deviceAssignable: false,
});
export const chat = makeAsset({
  adamId: '6450000104',
  name: 'Example Chat',
  totalCount: 2_147_483_647,
  assignedCount: 7,
  availableCount: 2_147_483_640,
});
export const handbook = makeAsset({
  adamId: '6450000201',
  productType: 'Book',
  name: 'Example Employee Handbook',
  bundleId: undefined,
  version: undefined,
  minimumOsVersion: undefined,
  platforms: [],
  totalCount: 20,
  assignedCount: 3,
  availableCount: 17,
  retiredCount: 2,
  deviceAssignable: false,
  revocable: true,
});

/**
 * A fake backend at the API boundary: assets filtered and paged like the real one, and
 * one current sync status that the test (or a fake start/confirm) changes.
 */
export function mockApi(options: {
  assets?: VppAsset[];
  status?: VppSyncStatus;
  totalCount?: number;
}) {
  let status = options.status ?? makeSyncStatus();
  let assets = options.assets ?? [];
  return {
    /** What the next status polls answer. */
    setStatus(next: VppSyncStatus) {
      status = next;
    },
    setAssets(next: VppAsset[]) {
      assets = next;
    },
    getSyncStatus: jest.fn(async () => status),
    listAssets: jest.fn(async (_id: string, query: ListAssetsQuery = {}) => {
      const all = assets.filter(
        a =>
          (!query.productType || a.productType === query.productType) &&
          (!query.platform || a.platforms.includes(query.platform)) &&
          (!query.q ||
            `${a.name} ${a.bundleId} ${a.adamId}`
              .toLowerCase()
              .includes(query.q.toLowerCase())),
      );
      const offset = query.offset ?? 0;
      return {
        items: all.slice(offset, offset + (query.limit ?? 100)),
        totalCount: options.totalCount ?? all.length,
      };
    }),
    startSync: jest.fn(),
    confirmContent: jest.fn(),
  };
}

export async function renderContent(
  api: ReturnType<typeof mockApi>,
  options: { canSync?: boolean } = {},
) {
  const user = userEvent.setup();
  await renderInTestApp(
    <TokenContent
      tokenId="tok-1"
      canSync={options.canSync ?? true}
      pollIntervals={{ running: 30, idle: 60 }}
    />,
    { apis: [[vppApiRef, api]] },
  );
  return { user };
}

export function row(adamId: string): HTMLElement {
  const found = screen
    .getAllByTestId('vpp-asset-row')
    .find(r => r.getAttribute('data-adam-id') === adamId);
  if (!found) {
    throw new Error(`No row for ${adamId}`);
  }
  return found;
}
