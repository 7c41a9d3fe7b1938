import { EmptyState, InfoCard } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppPlatform, VppProductType } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { errorMessage } from '../shared/errors';
import { NoMatchClearFilters } from '../shared/ListFilters';
import { PagedListBody } from '../shared/PagedListBody';
import { usePaging, useServerPage } from '../shared/paging';
import { useDebouncedFilter } from '../shared/useDebouncedFilter';
import { AssetFilters } from './AssetFilters';
import { AssetTable } from './AssetTable';
import {
  LastSyncError,
  OutOfDateBanner,
  SyncButton,
  SyncLine,
} from './SyncStatusParts';
import { useSyncActions } from './useSyncActions';
import {
  DEFAULT_POLL_INTERVALS,
  SyncPollIntervals,
  useSyncStatus,
} from './useSyncStatus';

/**
 * The apps and books of a token (R-BS-4): license counts from the last sync, the sync
 * state with a Sync button, and the "content may be out of date" banner (R-SYNC-3).
 */
export function TokenContent(props: {
  tokenId: string;
  /** May sync and confirm (`vpp.token.update`). */
  canSync: boolean;
  pollIntervals?: SyncPollIntervals;
}) {
  const { tokenId, canSync, pollIntervals = DEFAULT_POLL_INTERVALS } = props;
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const sync = useSyncStatus(tokenId, pollIntervals);
  const status = sync.status;
  const actions = useSyncActions(tokenId, sync);

  const paging = usePaging(50);
  const { page, setPage } = paging;
  const [productType, setProductType] = useState<VppProductType | ''>('');
  const [platform, setPlatform] = useState<VppPlatform | ''>('');
  const search = useDebouncedFilter(paging.firstPage);
  const q = search.value;

  const assets = useServerPage(
    paging,
    window =>
      vppApi.listAssets(tokenId, {
        productType: productType || undefined,
        platform: platform || undefined,
        q: q || undefined,
        ...window,
      }),
    [vppApi, tokenId, productType, platform, q, actions.contentVersion],
  );

  // A sync or another filter can leave the page past the end; go to the last page.
  const pageCount = Math.ceil(
    (assets.value?.totalCount ?? 0) / paging.rowsPerPage,
  );
  useEffect(() => {
    if (assets.value && page > 0 && page >= pageCount) {
      setPage(Math.max(0, pageCount - 1));
    }
  }, [assets.value, page, pageCount, setPage]);

  const running = status?.running ?? false;
  const syncButton = (variant: 'contained' | 'text') => (
    <SyncButton
      variant={variant}
      running={running}
      starting={actions.starting}
      onClick={actions.startSync}
    />
  );

  const filtered = Boolean(productType || platform || q);
  const clearFilters = () => {
    setProductType('');
    setPlatform('');
    search.clear();
    paging.firstPage();
  };

  const totalCount = assets.value?.totalCount ?? 0;
  const showBanner =
    !!status?.outOfDate &&
    status.outOfDateReason !== 'never-synced' &&
    !running;
  const shared = !!status && status.sourceTokenId !== tokenId;

  let emptyDescription: string;
  if (running) {
    emptyDescription = t('content.empty.syncing');
  } else if (status?.lastSyncAt) {
    emptyDescription = t('content.empty.none');
  } else {
    emptyDescription = t('content.empty.neverSynced');
  }
  const body = (
    <PagedListBody
      list={assets}
      // Until the effect above moves back, the pager shows the last page.
      paging={{ ...paging, page: Math.min(page, Math.max(0, pageCount - 1)) }}
      errorTitle={t('content.loadError')}
      reloading={assets.loading || running}
      // Filtered to nothing, the list says so itself and keeps its pager.
      empty={
        filtered ? undefined : (
          <Box data-testid="vpp-content-empty">
            <EmptyState
              missing="data"
              title={t('content.empty.title')}
              description={emptyDescription}
              action={canSync && !running ? syncButton('contained') : undefined}
            />
          </Box>
        )
      }
    >
      {list =>
        list.items.length === 0 ? (
          <NoMatchClearFilters
            text={t('content.empty.noMatchTitle')}
            clearLabel={t('content.empty.clearFilters')}
            onClear={clearFilters}
          />
        ) : (
          <AssetTable assets={list.items} tokenId={tokenId} />
        )
      }
    </PagedListBody>
  );

  const showFilters = filtered || totalCount > 0;

  return (
    <InfoCard
      title={t('content.title')}
      subheader={<SyncLine status={status} />}
      action={
        canSync ? (
          <Box sx={{ pt: 1, pr: 1 }} data-testid="vpp-sync-header">
            {syncButton('contained')}
          </Box>
        ) : undefined
      }
    >
      <Stack spacing={2} data-testid="vpp-content">
        {actions.notice && (
          <Alert
            severity={actions.notice.severity}
            onClose={actions.dismissNotice}
            data-testid="vpp-content-notice"
          >
            {actions.notice.text}
          </Alert>
        )}
        {sync.error !== undefined && (
          <Alert severity="warning">
            {t('content.statusError', { message: errorMessage(sync.error) })}
          </Alert>
        )}
        {showBanner && status && (
          <OutOfDateBanner
            status={status}
            canSync={canSync}
            syncButton={syncButton('text')}
            onConfirm={actions.confirm}
            confirmDisabled={actions.confirming || actions.starting}
          />
        )}
        {status?.lastError && (
          <LastSyncError error={status.lastError} at={status.lastErrorAt} />
        )}
        {showFilters && (
          <AssetFilters
            productType={productType}
            onProductTypeChange={value => {
              setProductType(value);
              paging.firstPage();
            }}
            platform={platform}
            onPlatformChange={value => {
              setPlatform(value);
              paging.firstPage();
            }}
            search={search.input}
            onSearchChange={search.setInput}
          />
        )}
        <Box>{body}</Box>
        {(showFilters || shared) && (
          <Stack spacing={0.5}>
            {status && showFilters && (
              <Typography variant="caption" color="text.secondary">
                {t('content.lowLicenseNote', {
                  threshold: String(status.lowLicenseThreshold),
                })}
              </Typography>
            )}
            {shared && (
              <Typography variant="caption" color="text.secondary">
                {t('content.sharedFrom')}
              </Typography>
            )}
          </Stack>
        )}
      </Stack>
    </InfoCard>
  );
}
