import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { vppTranslationRef } from '../../translation';
import { formatDateTime } from '../shared/format';

/** What every kind of named setting has. */
interface NamedSetting {
  id: string;
  name: string;
  description: string;
  updatedBy: string;
  updatedAt: string;
}

function Audit(props: { by: string; at: string }) {
  return (
    <>
      <EntityRefLink entityRef={props.by} defaultKind="user" />
      <Typography variant="caption" display="block" color="text.secondary">
        {formatDateTime(props.at)}
      </Typography>
    </>
  );
}

/**
 * One kind of named settings as a table: name and description first, the kind's own
 * columns, who changed it last and when, then Edit and Delete.
 */
export function SettingsTable<S extends NamedSetting>(props: {
  testId: string;
  rowTestId: string;
  settings: S[];
  /** The headings of the kind's own columns. */
  columns: string[];
  /** The kind's own cells of one setting, as many as `columns`. */
  cells: (setting: S) => ReactNode;
  onEdit: (setting: S) => void;
  onDelete: (setting: S) => void;
}) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <Table size="small" data-testid={props.testId}>
      <TableHead>
        <TableRow>
          <TableCell>{t('settings.fields.name')}</TableCell>
          {props.columns.map(column => (
            <TableCell key={column}>{column}</TableCell>
          ))}
          <TableCell>{t('settings.fields.updated')}</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {props.settings.map(setting => (
          <TableRow key={setting.id} data-testid={props.rowTestId}>
            <TableCell>
              <Typography variant="body2" sx={{ fontWeight: 600 }}>
                {setting.name}
              </Typography>
              <Typography variant="caption" color="text.secondary">
                {setting.description}
              </Typography>
            </TableCell>
            {props.cells(setting)}
            <TableCell>
              <Audit by={setting.updatedBy} at={setting.updatedAt} />
            </TableCell>
            <TableCell>
              <Stack direction="row" spacing={1} justifyContent="flex-end">
                <Button
                  size="small"
                  variant="outlined"
                  onClick={() => props.onEdit(setting)}
                >
                  {t('settings.edit')}
                </Button>
                <Button
                  size="small"
                  color="error"
                  variant="outlined"
                  onClick={() => props.onDelete(setting)}
                >
                  {t('settings.delete.button')}
                </Button>
              </Stack>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
