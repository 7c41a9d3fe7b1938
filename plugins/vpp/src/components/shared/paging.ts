import { DependencyList, useCallback, useState } from 'react';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';

/** The page sizes a person can choose on the portal's lists. */
export const PAGE_SIZES = [25, 50, 100];

/** Which page of a server-paged list is shown, and how long its pages are. */
export interface Paging {
  page: number;
  rowsPerPage: number;
  setPage(page: number): void;
  setRowsPerPage(rowsPerPage: number): void;
  /** Back to the first page: for a filter that changed. */
  firstPage(): void;
}

/** The window of a list to read: `offset` and `limit` of the vpp API's list calls. */
export interface PageWindow {
  offset: number;
  limit: number;
}

/** One page of a list as the vpp API returns it. */
export interface ListPage<T> {
  items: T[];
  totalCount: number;
}

/** The page state of a list paged on the server, starting on its first page. */
export function usePaging(initialRowsPerPage = 25): Paging {
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(initialRowsPerPage);
  const firstPage = useCallback(() => setPage(0), []);
  return { page, rowsPerPage, setPage, setRowsPerPage, firstPage };
}

/**
 * The page of a list that `paging` shows, read from the server: `fetchPage` gets the
 * window to read and runs again when `deps` (the filters) or the page change. Like
 * `useAsyncRetry`, the previous page stays in `value` while the next one loads, and even a
 * synchronous failure of `fetchPage` becomes `error`.
 */
export function useServerPage<P>(
  paging: Paging,
  fetchPage: (window: PageWindow) => Promise<P>,
  deps: DependencyList,
): AsyncStateRetry<P> {
  const { page, rowsPerPage } = paging;
  return useAsyncRetry(
    async () => fetchPage({ offset: page * rowsPerPage, limit: rowsPerPage }),
    [...deps, page, rowsPerPage],
  );
}
