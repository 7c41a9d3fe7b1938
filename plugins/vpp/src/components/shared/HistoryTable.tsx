import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { VppHistoryEntry } from '@internal/plugin-vpp-common';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { ReactNode } from 'react';
import { vppTranslationRef } from '../../translation';
import { formatDateTime } from './format';

/** Who made a change: a user links to their catalog page; the system shows its name. */
function Actor(props: { actor: string }) {
  return props.actor.startsWith('user:') ? (
    <EntityRefLink entityRef={props.actor} defaultKind="user" />
  ) : (
    <>{props.actor}</>
  );
}

/**
 * Changes recorded by the portal (`GET /history`): when, who, what, the outcome and the
 * details, one row per change (`data-action` holds the action's id).
 */
export function HistoryTable(props: {
  entries: VppHistoryEntry[];
  testId: string;
  /** The action as the reader should see it; its id when not given. */
  actionText?: (action: string) => string;
  renderDetails: (entry: VppHistoryEntry) => ReactNode;
}) {
  const { entries, testId, actionText, renderDetails } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <Table size="small" data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>{t('history.columns.when')}</TableCell>
          <TableCell>{t('history.columns.who')}</TableCell>
          <TableCell>{t('history.columns.what')}</TableCell>
          <TableCell>{t('history.columns.outcome')}</TableCell>
          <TableCell>{t('history.columns.details')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map(entry => (
          <TableRow key={entry.id} data-action={entry.action}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {formatDateTime(entry.occurredAt)}
            </TableCell>
            <TableCell>
              <Actor actor={entry.actor} />
            </TableCell>
            <TableCell>
              {actionText ? actionText(entry.action) : entry.action}
            </TableCell>
            <TableCell>
              <Chip
                size="small"
                variant="outlined"
                color={entry.outcome === 'failed' ? 'error' : 'success'}
                label={t(`history.outcome.${entry.outcome}`)}
              />
            </TableCell>
            <TableCell>{renderDetails(entry)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
