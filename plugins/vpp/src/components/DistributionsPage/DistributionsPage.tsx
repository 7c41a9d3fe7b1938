import { Content, EmptyState, Link } from '@backstage/core-components';
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
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useInterval from 'react-use/esm/useInterval';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { DataColumn, DataTable } from '../shared/DataTable';
import { FilterSelect } from '../shared/ListFilters';
import { PagedListBody } from '../shared/PagedListBody';
import { usePaging, useServerPage } from '../shared/paging';
import { useDebouncedFilter } from '../shared/useDebouncedFilter';
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
  const paging = usePaging(25);
  const [state, setState] = useState<VppDistributionState | ''>('');
  const creator = useDebouncedFilter(paging.firstPage);
  const createdBy = creator.value;

  const tokens = useAsync(() => vppApi.listTokens(), [vppApi]);
  const tokenNames = new Map(
    (tokens.value?.items ?? []).map(tk => [tk.id, tk.displayName]),
  );
  const list = useServerPage(
    paging,
    window =>
      vppApi.listDistributions({
        tokenId: tokenId || undefined,
        state: state || undefined,
        createdBy: createdBy || undefined,
        ...window,
      }),
    [vppApi, tokenId, state, createdBy],
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
    paging.firstPage();
  };

  const columns: DataColumn<VppDistribution>[] = [
    {
      key: 'state',
      title: t('distributions.columns.state'),
      render: d => (
        <Link to={links.distribution(d.id)}>
          <DistributionStateChip state={d.state} />
        </Link>
      ),
    },
    {
      key: 'token',
      title: t('distributions.columns.token'),
      render: d => (
        <Link to={tokenLink(d.tokenId)}>
          {tokenNames.get(d.tokenId) ?? d.tokenId}
        </Link>
      ),
    },
    {
      key: 'apps',
      title: t('distributions.columns.apps'),
      render: d => (
        <Link to={links.distribution(d.id)} data-testid="vpp-distribution-link">
          <DistributionApps
            distribution={d}
            assets={appsOfTokens.get(d.tokenId)}
          />
        </Link>
      ),
    },
    {
      key: 'devices',
      title: t('distributions.columns.devices'),
      sx: { whiteSpace: 'nowrap' },
      render: d => t('distributions.devices', { count: d.plan.devicesMatched }),
    },
    {
      key: 'creator',
      title: t('distributions.columns.creator'),
      render: d =>
        d.createdBy.includes(':') ? (
          <EntityRefLink entityRef={d.createdBy} defaultKind="user" />
        ) : (
          d.createdBy
        ),
    },
    {
      key: 'when',
      title: t('distributions.columns.when'),
      sx: { whiteSpace: 'nowrap' },
      render: startText,
    },
  ];

  const filtered = Boolean(tokenId || state || createdBy);
  const body = (
    <PagedListBody
      list={list}
      paging={paging}
      errorTitle={t('distributions.loadError')}
      empty={
        filtered ? (
          <Typography sx={{ p: 2 }} data-testid="vpp-distributions-no-match">
            {t('distributions.empty.noMatch')}
          </Typography>
        ) : (
          <EmptyState
            missing="data"
            title={t('distributions.empty.title')}
            description={t('distributions.empty.description')}
          />
        )
      }
    >
      {page => (
        <DataTable
          testId="vpp-distribution-table"
          columns={columns}
          rows={page.items}
          rowKey={d => d.id}
          rowAttributes={d => ({
            'data-testid': 'vpp-distribution-row',
            'data-distribution-id': d.id,
            'data-state': d.state,
          })}
        />
      )}
    </PagedListBody>
  );

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
              <FilterSelect
                id="vpp-distributions-token"
                label={t('distributions.filters.token')}
                value={tokenId}
                onChange={setTokenId}
                allLabel={t('distributions.filters.allTokens')}
                options={[
                  // A token from `?tokenId=` the viewer's list lacks still shows.
                  ...(tokenId && !tokenNames.has(tokenId)
                    ? [{ value: tokenId, label: tokenId }]
                    : []),
                  ...(tokens.value?.items ?? []).map(token => ({
                    value: token.id,
                    label: token.displayName,
                  })),
                ]}
                sx={{ minWidth: 200 }}
              />
              <FilterSelect
                id="vpp-distributions-state"
                label={t('distributions.filters.state')}
                value={state}
                onChange={next => {
                  setState(next);
                  paging.firstPage();
                }}
                allLabel={t('distributions.filters.allStates')}
                options={VPP_DISTRIBUTION_STATES.map(s => ({
                  value: s,
                  label: t(`distributions.state.${distributionStateKey(s)}`),
                }))}
                sx={{ minWidth: 200 }}
              />
              <TextField
                size="small"
                id="vpp-distributions-creator"
                label={t('distributions.filters.creator')}
                placeholder={t('distributions.filters.creatorHelper')}
                value={creator.input}
                onChange={event => creator.setInput(event.target.value)}
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
