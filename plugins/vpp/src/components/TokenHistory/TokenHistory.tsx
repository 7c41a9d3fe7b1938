import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { InfoCard } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppHistoryEntry } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { errorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';

const PAGE_SIZE = 20;

/** Actions the portal names; later ones (devices, distributions…) show their id. */
const ACTION_KEYS = {
  'token-register': 'tokenRegister',
  'token-renew': 'tokenRenew',
  'token-update': 'tokenUpdate',
  'token-share': 'tokenShare',
  'token-delete': 'tokenDelete',
  'token-sync': 'tokenSync',
  'token-reminders-update': 'tokenRemindersUpdate',
} as const;

function Actor(props: { actor: string }) {
  return props.actor.startsWith('user:') ? (
    <EntityRefLink entityRef={props.actor} defaultKind="user" />
  ) : (
    <>{props.actor}</>
  );
}

function Details(props: { entry: VppHistoryEntry }) {
  const { entry } = props;
  const facts = Object.entries(entry.details);
  return (
    <>
      {facts.map(([key, value]) => (
        <Typography key={key} variant="body2" component="div">
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {key}:
          </Box>{' '}
          {String(value)}
        </Typography>
      ))}
      {entry.error && (
        <Typography variant="body2" color="error" component="div">
          {entry.error}
        </Typography>
      )}
    </>
  );
}

/**
 * The token page's history section (R-BS-5): every change to the token, newest first,
 * with who made it and the outcome; paged on the server.
 */
export function TokenHistory(props: { tokenId: string }) {
  const { tokenId } = props;
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const [page, setPage] = useState(0);
  // async: even a synchronous failure becomes the section's error, never the page's.
  const history = useAsync(
    async () =>
      vppApi.listHistory({
        tokenId,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
    [vppApi, tokenId, page],
  );

  const actionText = (action: string) =>
    action in ACTION_KEYS
      ? t(`history.actions.${ACTION_KEYS[action as keyof typeof ACTION_KEYS]}`)
      : action;

  let body;
  if (history.error) {
    // A plain alert: the section must not take the rest of the token page down with it.
    body = (
      <Alert severity="error">
        <AlertTitle>{t('history.loadError')}</AlertTitle>
        {errorMessage(history.error)}
      </Alert>
    );
  } else if (history.value && history.value.totalCount === 0) {
    body = (
      <Typography variant="body2" color="text.secondary">
        {t('history.empty')}
      </Typography>
    );
  } else {
    body = (
      <>
        <Table size="small" data-testid="vpp-token-history">
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
            {(history.value?.items ?? []).map(entry => (
              <TableRow key={entry.id} data-action={entry.action}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(entry.occurredAt)}
                </TableCell>
                <TableCell>
                  <Actor actor={entry.actor} />
                </TableCell>
                <TableCell>{actionText(entry.action)}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    variant="outlined"
                    color={entry.outcome === 'failed' ? 'error' : 'success'}
                    label={t(`history.outcome.${entry.outcome}`)}
                  />
                </TableCell>
                <TableCell>
                  <Details entry={entry} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {(history.value?.totalCount ?? 0) > PAGE_SIZE && (
          <TablePagination
            component="div"
            count={history.value?.totalCount ?? 0}
            page={page}
            onPageChange={(_event, next) => setPage(next)}
            rowsPerPage={PAGE_SIZE}
            rowsPerPageOptions={[PAGE_SIZE]}
          />
        )}
      </>
    );
  }

  return (
    <InfoCard title={t('history.title')} subheader={t('history.description')}>
      {history.loading && <LinearProgress sx={{ mb: 1 }} />}
      {body}
    </InfoCard>
  );
}
