import { TokenRecord } from '../database/TokenStore';

/** A stored token record for tests: Example Corp's Tokyo location, owned by tokyo-it. */
export function makeTokenRecord(
  overrides: Partial<TokenRecord> = {},
): TokenRecord {
  const now = new Date('2026-11-21T00:00:00Z');
  return {
    id: 'c0a80101-0000-4000-8000-000000000001',
    displayName: 'Tokyo HQ',
    owner: 'group:default/tokyo-it',
    orgName: 'Example Corp',
    locationName: 'Example Corp Tokyo',
    locationUid: '2049025000431439',
    countryCode: 'JP',
    expiresAt: new Date('2027-06-01T10:00:00Z'),
    appleState: 'ok',
    notes: '',
    createdBy: 'user:default/guest',
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}
