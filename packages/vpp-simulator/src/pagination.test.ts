import { VppError } from './errors';
import { paginate, parsePageIndex } from './pagination';

function errorNumberOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as VppError).errorNumber;
  }
  return undefined;
}

describe('pagination', () => {
  it('is 0-based with nextPageIndex only while pages remain', () => {
    expect(paginate(2500, 0, 1000, 0)).toEqual({
      currentPageIndex: 0,
      nextPageIndex: 1,
      totalPages: 3,
      start: 0,
      end: 1000,
    });
    expect(paginate(2500, 2, 1000, 0)).toEqual({
      currentPageIndex: 2,
      totalPages: 3,
      start: 2000,
      end: 2500,
    });
    expect(paginate(1000, 0, 1000, 0).nextPageIndex).toBeUndefined();
  });

  it('rejects out-of-range and malformed page indexes with 9650', () => {
    expect(errorNumberOf(() => paginate(2500, 3, 1000, 0))).toBe(9650);
    expect(errorNumberOf(() => paginate(2500, -1, 1000, 0))).toBe(9650);
    expect(errorNumberOf(() => parsePageIndex('abc'))).toBe(9650);
    expect(errorNumberOf(() => parsePageIndex(['1', '2']))).toBe(9650);
    expect(parsePageIndex(undefined)).toBe(0);
    expect(parsePageIndex('7')).toBe(7);
  });

  it('accepts page 0 of an empty result; totalPages follows the switch', () => {
    expect(paginate(0, 0, 100, 0)).toEqual({
      currentPageIndex: 0,
      totalPages: 0,
      start: 0,
      end: 0,
    });
    expect(paginate(0, 0, 100, 1).totalPages).toBe(1);
    expect(errorNumberOf(() => paginate(0, 1, 100, 0))).toBe(9650);
  });
});
