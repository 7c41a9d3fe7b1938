import { describeCounts } from './installReport';

describe('describeCounts', () => {
  it('describes counts in the order items go', () => {
    expect(describeCounts({ failed: 1, installed: 2, pending: 3 })).toBe(
      '3 pending, 2 installed, 1 failed',
    );
    expect(describeCounts({})).toBe('no items');
  });
});
