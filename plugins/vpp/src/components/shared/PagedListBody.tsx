import { ResponseErrorPanel } from '@backstage/core-components';
import LinearProgress from '@mui/material/LinearProgress';
import { ReactNode } from 'react';
import { ListPagination } from './ListPagination';
import { ListPage, Paging } from './paging';

/**
 * The body of a server-paged list in its states: the error when the first read failed, a
 * bar while it loads, `empty` when it has no items, otherwise the list (`children`) with
 * the pager under it. Once a page was read, a failed re-read keeps showing it.
 */
export function PagedListBody<P extends ListPage<unknown>>(props: {
  /** The state of `useServerPage`. */
  list: { loading: boolean; error?: Error; value?: P };
  paging: Paging;
  /** The title of the error panel. */
  errorTitle: string;
  /**
   * Shown instead of the list when it has no items; when undefined, `children` render the
   * empty page themselves (with the pager).
   */
  empty?: ReactNode;
  /** Shows a bar above the list (while it is read again). */
  reloading?: boolean;
  children: (page: P) => ReactNode;
}) {
  const { list, paging, errorTitle, empty, reloading, children } = props;
  if (list.error && !list.value) {
    return <ResponseErrorPanel error={list.error} title={errorTitle} />;
  }
  if (!list.value) {
    return <LinearProgress />;
  }
  if (list.value.totalCount === 0 && empty !== undefined) {
    return <>{empty}</>;
  }
  return (
    <>
      {reloading && <LinearProgress />}
      {children(list.value)}
      <ListPagination count={list.value.totalCount} paging={paging} />
    </>
  );
}
