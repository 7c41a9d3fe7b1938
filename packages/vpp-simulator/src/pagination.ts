import { VppError } from './errors';

export interface Page {
  currentPageIndex: number;
  nextPageIndex?: number;
  totalPages: number;
  start: number;
  end: number;
}

/** Parses an optional `pageIndex` query value (0-based); malformed → 9650. */
export function parsePageIndex(raw: unknown): number {
  if (raw === undefined || raw === '') {
    return 0;
  }
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) {
    throw new VppError(9650);
  }
  return Number(raw);
}

/**
 * Page bounds for `total` records. `pageIndex` must be ≥ 0 and < totalPages (9650), except
 * that page 0 of an empty result is always valid. `nextPageIndex` only while pages remain.
 */
export function paginate(
  total: number,
  pageIndex: number,
  pageSize: number,
  emptyResultTotalPages: 0 | 1,
): Page {
  const totalPages =
    total === 0 ? emptyResultTotalPages : Math.ceil(total / pageSize);
  const valid =
    pageIndex >= 0 &&
    (pageIndex < totalPages || (total === 0 && pageIndex === 0));
  if (!valid) {
    throw new VppError(9650);
  }
  const start = Math.min(pageIndex * pageSize, total);
  const end = Math.min(start + pageSize, total);
  const page: Page = { currentPageIndex: pageIndex, totalPages, start, end };
  if (pageIndex + 1 < totalPages) {
    page.nextPageIndex = pageIndex + 1;
  }
  return page;
}
