import { InfoCard } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppHistoryEntry } from '@internal/plugin-vpp-common';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import TablePagination from '@mui/material/TablePagination';
import Typography from '@mui/material/Typography';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { HistoryTable } from '../shared/HistoryTable';
import { usePaging, useServerPage } from '../shared/paging';
import { SectionError } from '../shared/SectionError';

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
  const paging = usePaging(PAGE_SIZE);
  // Even a synchronous failure becomes the section's error, never the page's.
  const history = useServerPage(
    paging,
    window => vppApi.listHistory({ tokenId, ...window }),
    [vppApi, tokenId],
  );

  const actionText = (action: string) =>
    action in ACTION_KEYS
      ? t(`history.actions.${ACTION_KEYS[action as keyof typeof ACTION_KEYS]}`)
      : action;

  let body;
  if (history.error) {
    body = (
      <SectionError title={t('history.loadError')} error={history.error} />
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
        <HistoryTable
          testId="vpp-token-history"
          entries={history.value?.items ?? []}
          actionText={actionText}
          renderDetails={entry => <Details entry={entry} />}
        />
        {(history.value?.totalCount ?? 0) > PAGE_SIZE && (
          <TablePagination
            component="div"
            count={history.value?.totalCount ?? 0}
            page={paging.page}
            onPageChange={(_event, next) => paging.setPage(next)}
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
