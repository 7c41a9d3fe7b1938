import Box from '@mui/material/Box';
import { SxProps, Theme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell, { TableCellProps } from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import { ReactNode } from 'react';

/** One column of a `DataTable`. */
export interface DataColumn<T, S extends string = string> {
  key: string;
  /** The header's text (nothing for a column of buttons). */
  title?: ReactNode;
  render: (row: T) => ReactNode;
  /** The server's sort field of this column: its header then sorts the list by it. */
  sortField?: S;
  align?: TableCellProps['align'];
  /** The style of the column's body cells. */
  sx?: SxProps<Theme>;
  /** The `data-testid` of the column's body cells. */
  testId?: string;
}

/** The order of a list sorted on the server, and how to change it. */
export interface DataTableSort<S extends string> {
  field: S;
  order: 'asc' | 'desc';
  onChange: (field: S, order: 'asc' | 'desc') => void;
}

/** The `data-…` attributes of a row, for tests and for people reading the page's HTML. */
export type DataRowAttributes = Record<`data-${string}`, string | undefined>;

const HEAD_SX = { fontWeight: 600, whiteSpace: 'nowrap' } as const;
const NO_WRAP_BODY_SX = { '& td': { whiteSpace: 'nowrap' } } as const;

/**
 * A small table of rows with bold, one-line headers that scrolls sideways when narrow;
 * with `sort`, the headers of sortable columns sort the list (a second click reverses).
 */
export function DataTable<T, S extends string = string>(props: {
  columns: DataColumn<T, S>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowAttributes?: (row: T) => DataRowAttributes;
  testId: string;
  /** Highlights the row under the pointer. */
  hover?: boolean;
  /** Keeps every body cell on one line. */
  noWrap?: boolean;
  sort?: DataTableSort<S>;
}) {
  const { columns, rows, rowKey, rowAttributes, testId, hover, noWrap, sort } =
    props;
  const header = (column: DataColumn<T, S>) => {
    if (!sort || !column.sortField) {
      return column.title;
    }
    const field = column.sortField;
    const active = sort.field === field;
    return (
      <TableSortLabel
        active={active}
        direction={active ? sort.order : 'asc'}
        onClick={() =>
          sort.onChange(field, active && sort.order === 'asc' ? 'desc' : 'asc')
        }
      >
        {column.title}
      </TableSortLabel>
    );
  };
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table
        size="small"
        data-testid={testId}
        sx={noWrap ? NO_WRAP_BODY_SX : undefined}
      >
        <TableHead>
          <TableRow>
            {columns.map(column => (
              <TableCell
                key={column.key}
                align={column.align}
                sx={HEAD_SX}
                sortDirection={
                  sort && column.sortField && sort.field === column.sortField
                    ? sort.order
                    : false
                }
              >
                {header(column)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow key={rowKey(row)} hover={hover} {...rowAttributes?.(row)}>
              {columns.map(column => (
                <TableCell
                  key={column.key}
                  align={column.align}
                  sx={column.sx}
                  data-testid={column.testId}
                >
                  {column.render(row) ?? ''}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
