import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import {
  VppAsset,
  VppReminderState,
  VppSyncStatus,
  VppToken,
} from '@internal/plugin-vpp-common';
import { rootRouteRef } from '../routes';

/** A token as the backend returns it; override what the test is about. */
export function makeToken(overrides: Partial<VppToken> = {}): VppToken {
  return {
    id: 'tok-1',
    displayName: 'Tokyo HQ',
    owner: 'group:default/tokyo-it',
    orgName: 'Example Corp',
    locationName: 'Tokyo Head Office',
    locationUid: 'loc-uid-1',
    countryCode: 'JP',
    expiresAt: '2027-03-01T09:00:00Z',
    daysLeft: 120,
    status: 'ok',
    statusReason: 'Apple accepts the token.',
    notes: 'Downloaded by abm-admin@example.com on 2026-03-01',
    createdBy: 'user:default/guest',
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
    ...overrides,
  };
}

/** An app as `GET /tokens/:id/assets` returns it; override what the test is about. */
export function makeAsset(overrides: Partial<VppAsset> = {}): VppAsset {
  return {
    adamId: '6450000101',
    pricingParam: 'STDQ',
    productType: 'App',
    name: 'Example Notes',
    iconUrl: 'http://localhost:7010/artwork/6450000101.png?size=512',
    bundleId: 'com.example.notes',
    version: '3.2.1',
    minimumOsVersion: '16.0',
    platforms: ['iOS', 'macOS'],
    totalCount: 50,
    assignedCount: 12,
    availableCount: 38,
    retiredCount: 0,
    deviceAssignable: true,
    revocable: true,
    lowLicense: false,
    ...overrides,
  };
}

/** A token's sync status after a successful sync an hour ago. */
export function makeSyncStatus(
  overrides: Partial<VppSyncStatus> = {},
): VppSyncStatus {
  const hourAgo = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  return {
    tokenId: 'tok-1',
    sourceTokenId: 'tok-1',
    lastSyncAt: hourAgo,
    lastFullSyncAt: hourAgo,
    running: false,
    outOfDate: false,
    assetCount: 3,
    assignmentCount: 40,
    lowLicenseThreshold: 5,
    ...overrides,
  };
}

/** A token's reminder settings with nothing sent yet. */
export function makeReminderState(
  overrides: Partial<VppReminderState> = {},
): VppReminderState {
  return {
    tokenId: 'tok-1',
    enabled: true,
    emails: ['it-admins@example.com'],
    thresholdsDays: [30, 0],
    deliveries: [],
    ...overrides,
  };
}

/** A Backstage `ResponseError` exactly as the client throws it for a failed call. */
export async function responseError(
  status: number,
  message: string,
  name = status === 409 ? 'ConflictError' : 'InputError',
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'POST', url: '/api/vpp/tokens' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: status === 409 ? 'Conflict' : 'Bad Request',
    url: 'http://localhost:7007/api/vpp/tokens',
    headers: {
      get: (key: string) =>
        key.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    text: async () => body,
  } as unknown as Response);
}

/** Catalog groups for the owner pickers. */
export const groupEntities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'tokyo-it', namespace: 'default', title: 'Tokyo IT' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'osaka-it', namespace: 'default', title: 'Osaka IT' },
    spec: { type: 'team', children: [] },
  },
];

const defaultTokenPayload = {
  token: 'c2VjcmV0',
  expDate: '2027-03-01T09:00:00+0000',
  orgName: 'Example Corp',
};

/** A `.vpptoken` file as Apple Business Manager gives it: Base64 of a JSON object. */
export function tokenFile(
  name = 'sToken for Tokyo Head Office.vpptoken',
  payload: object = defaultTokenPayload,
): File {
  return new File([tokenFileText(payload)], name, {
    type: 'application/octet-stream',
  });
}

/** The text content of {@link tokenFile}. */
export function tokenFileText(payload: object = defaultTokenPayload): string {
  return btoa(JSON.stringify(payload));
}

/** Routes the components link to: the plugin's page and catalog entity pages. */
export const testRoutes = {
  '/vpp': rootRouteRef,
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};
