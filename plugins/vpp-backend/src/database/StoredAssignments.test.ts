import {
  ASSIGNEE_LIST_SEPARATOR as LIST,
  ASSIGNEE_SEPARATOR as SEP,
  StoredAssignments,
} from './StoredAssignments';

const device = (
  adamId: string,
  serialNumber: string,
  pricingParam = 'STDQ',
) => ({
  adamId,
  pricingParam,
  serialNumber,
  clientUserId: '',
});
const user = (adamId: string, clientUserId: string) => ({
  adamId,
  pricingParam: 'STDQ',
  serialNumber: '',
  clientUserId,
});

describe('StoredAssignments', () => {
  function stored() {
    const s = new StoredAssignments();
    s.addGroup(
      '1',
      'STDQ',
      [`C02A${SEP}`, `C02B${SEP}`, `${SEP}user-1`].join(LIST),
    );
    s.addGroup('1', 'PLUS', `C02A${SEP}`);
    s.addGroup('2', 'STDQ', `C02A${SEP}`);
    return s;
  }

  it('counts every assignment once', () => {
    const s = stored();
    expect(s.size).toBe(5);
    s.addGroup('2', 'STDQ', `C02A${SEP}`);
    expect(s.size).toBe(5);
  });

  it('takes out what it holds, by asset, pricing and assignee', () => {
    const s = stored();
    expect(s.take(device('1', 'C02A'))).toBe(true);
    expect(s.take(device('1', 'C02A'))).toBe(false);
    expect(s.take(device('1', 'C02A', 'PLUS'))).toBe(true);
    expect(s.take(user('1', 'user-1'))).toBe(true);
    // Same text, other field: a serial number is not a user id.
    expect(s.take(device('1', 'user-1'))).toBe(false);
    expect(s.take(device('3', 'C02A'))).toBe(false);
    expect(s.size).toBe(2);
  });

  it('gives back the assignments not taken out', () => {
    const s = stored();
    s.take(device('1', 'C02B'));
    s.take(user('1', 'user-1'));
    expect(s.remaining()).toEqual([
      device('1', 'C02A'),
      device('1', 'C02A', 'PLUS'),
      device('2', 'C02A'),
    ]);
  });
});
