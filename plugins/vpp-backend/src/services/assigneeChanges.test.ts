import { AssetAssignees } from '../database/ContentStore';
import {
  AssignmentsByAsset,
  mergeAssignees,
  replaceAssignees,
} from './assigneeChanges';

const assignees = (
  adamId: string,
  serialNumbers: string[],
  clientUserIds: string[] = [],
  pricingParam = 'STDQ',
): AssetAssignees => ({ adamId, pricingParam, serialNumbers, clientUserIds });

describe('AssignmentsByAsset', () => {
  it('gathers assignments by asset, sorted and without repeats', () => {
    const listed = new AssignmentsByAsset();
    for (const a of [
      { adamId: '1', pricingParam: 'STDQ', serialNumber: 'S2' },
      { adamId: '1', pricingParam: 'STDQ', serialNumber: 'S1' },
      { adamId: '2', pricingParam: 'STDQ', clientUserId: 'user-b' },
      // Apple's data changed while it was paged: a repeat, and the first asset again.
      { adamId: '1', pricingParam: 'STDQ', serialNumber: 'S2' },
      { adamId: '1', serialNumber: 'S0' },
      { adamId: '1', pricingParam: 'PLUS', serialNumber: 'S9' },
      { adamId: '2', pricingParam: 'STDQ', clientUserId: 'user-a' },
      // Names no one: nothing to record.
      { adamId: '3', pricingParam: 'STDQ' },
    ]) {
      listed.add(a);
    }
    expect(listed.count).toBe(7);
    expect(listed.toList()).toEqual([
      assignees('1', ['S0', 'S1', 'S2']),
      assignees('1', ['S9'], [], 'PLUS'),
      assignees('2', [], ['user-a', 'user-b']),
    ]);
  });
});

describe('replaceAssignees (full pass)', () => {
  it('saves only assets whose assignees changed, and removes assets Apple no longer lists', () => {
    const stored = [
      assignees('1', ['S1', 'S2']),
      assignees('2', ['S1'], ['user-a']),
      assignees('3', ['S5']),
    ];
    const listed = [
      assignees('1', ['S1', 'S2']),
      assignees('2', ['S3'], ['user-a', 'user-b']),
      assignees('4', ['S4']),
    ];
    expect(replaceAssignees(stored, listed)).toEqual({
      save: [listed[1], listed[2]],
      remove: [{ adamId: '3', pricingParam: 'STDQ' }],
      // S3, user-b and S4 are new; S1 of asset 2 and S5 of asset 3 went.
      added: 3,
      removed: 2,
    });
  });

  it('changes nothing when Apple lists what is stored', () => {
    const stored = [assignees('1', ['S1']), assignees('1', ['S1'], [], 'PLUS')];
    expect(replaceAssignees(stored, structuredClone(stored))).toEqual({
      save: [],
      remove: [],
      added: 0,
      removed: 0,
    });
  });

  it('stores everything into an empty store', () => {
    const listed = [assignees('1', ['S1', 'S2']), assignees('2', [], ['u'])];
    expect(replaceAssignees([], listed)).toEqual({
      save: listed,
      remove: [],
      added: 3,
      removed: 0,
    });
  });
});

describe('mergeAssignees (incremental pass)', () => {
  it('adds what Apple lists to what is stored and leaves other assets alone', () => {
    const stored = [assignees('1', ['S1', 'S3']), assignees('2', ['S1'])];
    const listed = [
      assignees('1', ['S2', 'S3', 'S4']),
      assignees('3', [], ['user-a']),
    ];
    expect(mergeAssignees(stored, listed)).toEqual({
      save: [
        assignees('1', ['S1', 'S2', 'S3', 'S4']),
        assignees('3', [], ['user-a']),
      ],
      remove: [],
      added: 3,
      removed: 0,
    });
  });

  it('writes nothing when every listed assignment is stored', () => {
    const stored = [assignees('1', ['S1', 'S2'])];
    expect(mergeAssignees(stored, [assignees('1', ['S2'])]).save).toEqual([]);
  });
});
