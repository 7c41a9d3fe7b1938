import { defaultFixture } from './fixtures';
import { availableCount, LocationState } from './location';

function tokyo() {
  return new LocationState(
    defaultFixture.locations.find(l => l.id === 'loc-tokyo')!,
    new Map(defaultFixture.catalog.map(item => [item.adamId, item])),
  );
}

const FIELD_SURVEY = { adamId: '6450000102', pricingParam: 'STDQ' as const };
const NOTES = { adamId: '6450000101', pricingParam: 'STDQ' as const };

describe('LocationState', () => {
  it('associates as many pairs as licences allow and fails the rest with 9709', () => {
    const location = tokyo();
    const asset = location.findAsset(FIELD_SURVEY)!;
    expect(availableCount(asset)).toBe(1);
    const outcome = location.associate(
      [FIELD_SURVEY],
      ['NEW1', 'NEW2', 'NEW3'],
      [],
    );
    expect(outcome.numCompleted).toBe(1);
    expect(outcome.failures).toEqual([
      expect.objectContaining({
        errorNumber: 9709,
        errorInfo: { assets: [FIELD_SURVEY], serialNumbers: ['NEW2', 'NEW3'] },
      }),
    ]);
    expect(availableCount(asset)).toBe(0);
    expect(asset.assignedCount).toBe(5);
  });

  it('treats re-associating an existing pair as a free no-op', () => {
    const location = tokyo();
    const asset = location.findAsset(NOTES)!;
    const before = asset.assignedCount;
    const versionBefore = location.versions.assignments.versionId;
    const outcome = location.associate([NOTES], ['DMPTK0001'], []);
    expect(outcome.numCompleted).toBe(1);
    expect(outcome.failures).toEqual([]);
    expect(asset.assignedCount).toBe(before);
    expect(location.versions.assignments.versionId).toBe(versionBefore);
  });

  it('fails users without an active registration with 9609 (Apple: 14 of 16)', () => {
    const location = tokyo();
    const outcome = location.associate(
      [NOTES, { adamId: '6450000201', pricingParam: 'STDQ' }],
      [],
      ['user-tanaka', 'user-suzuki', 'user-sato', 'user-unknown'],
    );
    expect(outcome.numCompleted).toBe(4);
    expect(outcome.failures).toEqual([
      expect.objectContaining({
        errorNumber: 9609,
        errorInfo: { clientUserIds: ['user-sato', 'user-unknown'] },
      }),
    ]);
  });

  it('disassociates (licences return) and revokes only revocable assets', () => {
    const location = tokyo();
    const notes = location.findAsset(NOTES)!;
    const before = notes.assignedCount;
    location.disassociate([NOTES], ['DMPTK0001', 'NEVER-ASSIGNED'], []);
    expect(notes.assignedCount).toBe(before - 1);

    const kiosk = location.findAsset({
      adamId: '6450000110',
      pricingParam: 'STDQ',
    })!;
    expect(kiosk.holders.has('s:DMPTK0010')).toBe(true);
    const revoked = location.revoke(['DMPTK0010', 'DMPTK0002'], []);
    expect(revoked.numCompleted).toBe(2);
    expect(kiosk.holders.has('s:DMPTK0010')).toBe(true);
    const remaining = location.queryAssignments({ serialNumber: 'DMPTK0002' });
    expect(remaining.count).toBe(0);
  });

  it('manages users: create (9716 for duplicates), update, retire returns licences', () => {
    const location = tokyo();
    const created = location.createUsers([
      { clientUserId: 'user-new', email: 'new@example.co.jp' },
      { clientUserId: 'user-tanaka' },
      { clientUserId: 'user-managed', managedAppleId: 'm@appleid.example' },
    ]);
    expect(created.numCompleted).toBe(2);
    expect(created.failures[0]).toMatchObject({
      errorNumber: 9716,
      errorInfo: { clientUserIds: ['user-tanaka'] },
    });
    expect(location.activeUsers.get('user-new')).toMatchObject({
      status: 'Registered',
      inviteCode: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(location.activeUsers.get('user-managed')?.status).toBe('Associated');

    const notes = location.findAsset(NOTES)!;
    const before = notes.assignedCount;
    const retired = location.retireUsers([
      { clientUserId: 'user-tanaka' },
      { clientUserId: 'user-ghost' },
    ]);
    expect(retired.numCompleted).toBe(1);
    expect(retired.failures[0].errorNumber).toBe(9609);
    expect(notes.assignedCount).toBe(before - 1);
    expect(location.queryUsers({ clientUserId: 'user-tanaka' })[0].status).toBe(
      'Retired',
    );
  });
});
