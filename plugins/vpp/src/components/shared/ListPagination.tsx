import { useTranslationRef } from '@backstage/frontend-plugin-api';
import TablePagination from '@mui/material/TablePagination';
import { vppTranslationRef } from '../../translation';
import { PAGE_SIZES, Paging } from './paging';

/**
 * The pager under a server-paged list: page, page size (back to the first page when it
 * changes) and "1–25 of 120" in the viewer's language.
 */
export function ListPagination(props: { count: number; paging: Paging }) {
  const { count, paging } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <TablePagination
      component="div"
      count={count}
      page={paging.page}
      onPageChange={(_, next) => paging.setPage(next)}
      rowsPerPage={paging.rowsPerPage}
      rowsPerPageOptions={PAGE_SIZES}
      onRowsPerPageChange={event => {
        paging.setRowsPerPage(Number(event.target.value));
        paging.firstPage();
      }}
      labelRowsPerPage={t('content.rowsPerPage')}
      labelDisplayedRows={({ from, to, count: total }) =>
        t('content.range', {
          from: from.toLocaleString(),
          to: to.toLocaleString(),
          total: total.toLocaleString(),
        })
      }
    />
  );
}
