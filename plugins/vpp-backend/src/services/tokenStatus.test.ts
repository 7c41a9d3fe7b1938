import { TokenRecord } from '../database/TokenStore';
import { computeTokenStatus, toApiToken } from './tokenStatus';

const now = new Date('2026-11-21T00:00:00Z');
const base: TokenRecord = {
  id: 't1',
  displayName: 'Tokyo',
  owner: 'group:default/tokyo-it',
  orgName: 'Example Corp',
  locationName: 'Example Corp Tokyo',
  locationUid: 'u1',
  countryCode: 'JP',
  expiresAt: new Date('2027-06-01T00:00:00Z'),
  appleState: 'ok',
  notes: '',
  createdBy: 'user:default/guest',
  createdAt: now,
  updatedAt: now,
};
const at = (overrides: Partial<TokenRecord>) =>
  computeTokenStatus({ ...base, ...overrides }, now, 30);

describe('computeTokenStatus', () => {
  it('is ok well before expiry', () => {
    expect(at({})).toMatchObject({ status: 'ok', daysLeft: 192 });
  });

  it('is expiring inside the warning window, with renewal steps', () => {
    const s = at({ expiresAt: new Date('2026-12-10T00:00:00Z') });
    expect(s).toMatchObject({ status: 'expiring', daysLeft: 19 });
    expect(s.statusReason).toContain('Payments and Billing');
    expect(at({ expiresAt: new Date('2026-12-21T00:00:00Z') }).status).toBe(
      'ok',
    );
  });

  it('is expired once the date has passed or Apple said so', () => {
    expect(at({ expiresAt: new Date('2026-11-20T00:00:00Z') })).toMatchObject({
      status: 'expired',
      daysLeft: -1,
    });
    expect(at({ appleState: 'expired' }).status).toBe('expired');
  });

  it("gives Apple's verdicts precedence over dates", () => {
    expect(
      at({ appleState: 'revoked', expiresAt: new Date('2026-01-01') }).status,
    ).toBe('revoked');
    expect(at({ appleState: 'invalid' }).status).toBe('invalid');
    const claimed = at({
      appleState: 'claimed-elsewhere',
      claimedBy: 'Other MDM',
    });
    expect(claimed.status).toBe('claimed-elsewhere');
    expect(claimed.statusReason).toContain('Other MDM');
  });
});

describe('toApiToken', () => {
  it('has exactly the documented fields', () => {
    expect(Object.keys(toApiToken(base, now, 30)).sort()).toEqual(
      [
        'id',
        'displayName',
        'owner',
        'orgName',
        'locationName',
        'locationUid',
        'countryCode',
        'expiresAt',
        'daysLeft',
        'status',
        'statusReason',
        'notes',
        'createdBy',
        'createdAt',
        'updatedAt',
      ].sort(),
    );
  });
});
