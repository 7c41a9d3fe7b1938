import {
  Content,
  EmptyState,
  Link,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  VPP_DISTRIBUTION_STATES,
  VppAsset,
  VppDistribution,
  VppDistributionState,
} from '@internal/plugin-vpp-common';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import useInterval from 'react-use/esm/useInterval';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { useTokenLink } from '../shared/useTokenLink';
import {
  AppLabel,
  distributionStateKey,
  DistributionStateChip,
  isFinal,
  useStartText,
  useAppsOfTokens,
} from './distributionParts';
import { useDistributionLinks } from './useDistributionLinks';

const PAGE_SIZES = [25, 50, 100];
/** How often the list is read again while one of its distributions runs. */
const LIST_POLL_MS = 10_000;

/** The apps of one distribution, named from its token's content. */
export function DistributionApps(props: {
  distribution: VppDistribution;
  assets?: Map<string, VppAsset>;
}) {
  const { distribution } = props;
  const assets = props.assets ?? new Map<string, VppAsset>();
  const planNames = new Map(
    distribution.plan.apps.map(app => [app.adamId, app.name]),
  );
  return (
    <Stack spacing={0.5}>
      {distribution.adamIds.map(adamId => (
        <AppLabel
          key={adamId}
          adamId={adamId}
          asset={assets.get(adamId)}
          name={planNames.get(adamId)}
        />
      ))}
    </Stack>
  );
}

/**
 * `/vpp/distributions` (R-DIST-6): every distribution the viewer may see, with its state,
 * token, apps, devices, creator and start; filters by token (also from `?tokenId=`),
 * state and creator; server-side paging.
 */
export function DistributionsPage() {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const links = useDistributionLinks();
  const tokenLink = useTokenLink();
  const startText = useStartText();
  const [searchParams, setSearchParams] = useSearchParams();
  const tokenId = searchParams.get('tokenId') ?? '';
  const [state, setState] = useState<VppDistributionState | ''>('');
  const [creatorInput, setCreatorInput] = useState('');
  const [createdBy, setCreatedBy] = useState('');
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(25);

  useDebounce(
    () => {
      setCreatedBy(creatorInput.trim());
      setPage(0);
    },
    300,
    [creatorInput],
  );

  const tokens = useAsync(() => vppApi.listTokens(), [vppApi]);
  const tokenNames = new Map(
    (tokens.value?.items ?? []).map(tk => [tk.id, tk.displayName]),
  );
  const list = useAsyncRetry(
    () =>
      vppApi.listDistributions({
        tokenId: tokenId || undefined,
        state: state || undefined,
        createdBy: createdBy || undefined,
        offset: page * rowsPerPage,
        limit: rowsPerPage,
      }),
    [vppApi, tokenId, state, createdBy, page, rowsPerPage],
  );
  const items = list.value?.items ?? [];
  const appsOfTokens = useAppsOfTokens(items.map(d => d.tokenId));
  const anyLive = items.some(d => !isFinal(d.state));
  useInterval(
    () => {
      if (!list.loading) list.retry();
    },
    anyLive ? LIST_POLL_MS : null,
  );

  const setTokenId = (next: string) => {
    const params = new URLSearchParams(searchParams);
    if (next) params.set('tokenId', next);
    else params.delete('tokenId');
    setSearchParams(params, { replace: true });
    setPage(0);
  };

  const filtered = Boolean(tokenId || state || createdBy);
  let body;
  if (list.error && !list.value) {
    body = (
      <ResponseErrorPanel
        error={list.error}
        title={t('distributions.loadError')}
      />
    );
  } else if (!list.value) {
    body = <LinearProgress />;
  } else if (list.value.totalCount === 0) {
    body = filtered ? (
      <Typography sx={{ p: 2 }} data-testid="vpp-distributions-no-match">
        {t('distributions.empty.noMatch')}
      </Typography>
    ) : (
      <EmptyState
        missing="data"
        title={t('distributions.empty.title')}
        description={t('distributions.empty.description')}
      />
    );
  } else {
    body = (
      <>
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" data-testid="vpp-distribution-table">
            <TableHead>
              <TableRow>
                {(
                  [
                    'state',
                    'token',
                    'apps',
                    'devices',
                    'creator',
                    'when',
                  ] as const
                ).map(key => (
                  <TableCell
                    key={key}
                    sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}
                  >
                    {t(`distributions.columns.${key}`)}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(d => (
                <TableRow
                  key={d.id}
                  data-testid="vpp-distribution-row"
                  data-distribution-id={d.id}
                  data-state={d.state}
                >
                  <TableCell>
                    <Link to={links.distribution(d.id)}>
                      <DistributionStateChip state={d.state} />
                    </Link>
                  </TableCell>
                  <TableCell>
                    <Link to={tokenLink(d.tokenId)}>
                      {tokenNames.get(d.tokenId) ?? d.tokenId}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <Link
                      to={links.distribution(d.id)}
                      data-testid="vpp-distribution-link"
                    >
                      <DistributionApps
                        distribution={d}
                        assets={appsOfTokens.get(d.tokenId)}
                      />
                    </Link>
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {t('distributions.devices', {
                      count: d.plan.devicesMatched,
                    })}
                  </TableCell>
                  <TableCell>
                    {d.createdBy.includes(':') ? (
                      <EntityRefLink
                        entityRef={d.createdBy}
                        defaultKind="user"
                      />
                    ) : (
                      d.createdBy
                    )}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {startText(d)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
        <TablePagination
          component="div"
          count={list.value.totalCount}
          page={page}
          onPageChange={(_, next) => setPage(next)}
          rowsPerPage={rowsPerPage}
          rowsPerPageOptions={PAGE_SIZES}
          onRowsPerPageChange={event => {
            setRowsPerPage(Number(event.target.value));
            setPage(0);
          }}
          labelRowsPerPage={t('content.rowsPerPage')}
          labelDisplayedRows={({ from, to, count }) =>
            t('content.range', {
              from: from.toLocaleString(),
              to: to.toLocaleString(),
              total: count.toLocaleString(),
            })
          }
        />
      </>
    );
  }

  return (
    <Content>
      <Stack spacing={2}>
        <Box>
          <Typography variant="h5">{t('distributions.title')}</Typography>
          <Typography variant="body2" color="text.secondary">
            {t('distributions.description')}
          </Typography>
        </Box>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Stack spacing={2}>
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
              <TextField
                select
                size="small"
                id="vpp-distributions-token"
                label={t('distributions.filters.token')}
                value={tokenId}
                onChange={event => setTokenId(event.target.value)}
                SelectProps={{ native: true }}
                InputLabelProps={{ shrink: true }}
                sx={{ minWidth: 200 }}
              >
                <option value="">{t('distributions.filters.allTokens')}</option>
                {tokenId && !tokenNames.has(tokenId) && (
                  <option value={tokenId}>{tokenId}</option>
                )}
                {(tokens.value?.items ?? []).map(token => (
                  <option key={token.id} value={token.id}>
                    {token.displayName}
                  </option>
                ))}
              </TextField>
              <TextField
                select
                size="small"
                id="vpp-distributions-state"
                label={t('distributions.filters.state')}
                value={state}
                onChange={event => {
                  setState(event.target.value as VppDistributionState | '');
                  setPage(0);
                }}
                SelectProps={{ native: true }}
                InputLabelProps={{ shrink: true }}
                sx={{ minWidth: 200 }}
              >
                <option value="">{t('distributions.filters.allStates')}</option>
                {VPP_DISTRIBUTION_STATES.map(s => (
                  <option key={s} value={s}>
                    {t(`distributions.state.${distributionStateKey(s)}`)}
                  </option>
                ))}
              </TextField>
              <TextField
                size="small"
                id="vpp-distributions-creator"
                label={t('distributions.filters.creator')}
                placeholder={t('distributions.filters.creatorHelper')}
                value={creatorInput}
                onChange={event => setCreatorInput(event.target.value)}
                sx={{ minWidth: 280 }}
              />
            </Stack>
            {list.loading && list.value && <LinearProgress />}
            {body}
          </Stack>
        </Paper>
      </Stack>
    </Content>
  );
}
