import {
  EmptyState,
  InfoCard,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  VppPlatform,
  VppProductType,
  VppSyncStatus,
} from '@internal/plugin-vpp-common';
import Alert, { AlertColor } from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TablePagination from '@mui/material/TablePagination';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { RiRefreshLine, RiSearchLine, RiTimeLine } from '@remixicon/react';
import { useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { errorMessage } from '../shared/errors';
import { formatDateTime, useRelativeTime } from '../shared/format';
import { AssetTable } from './AssetTable';
import {
  DEFAULT_POLL_INTERVALS,
  SyncPollIntervals,
  useSyncStatus,
} from './useSyncStatus';

const PLATFORMS: VppPlatform[] = [
  'iOS',
  'macOS',
  'tvOS',
  'watchOS',
  'visionOS',
];
const PAGE_SIZES = [25, 50, 100];
const SEARCH_DEBOUNCE_MS = 300;

interface Notice {
  severity: AlertColor;
  text: string;
}

/** True when the last failure is newer than the last success. */
function failedLast(status: VppSyncStatus): boolean {
  if (!status.lastError) {
    return false;
  }
  if (!status.lastSyncAt || !status.lastErrorAt) {
    return true;
  }
  return Date.parse(status.lastErrorAt) >= Date.parse(status.lastSyncAt);
}

/** "Last synced 5 minutes ago (2026-03-01 10:00)", "Syncing…" or "Never synced". */
function SyncLine(props: { status?: VppSyncStatus }) {
  const { status } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const relative = useRelativeTime();
  if (!status) {
    return null;
  }
  let text: string;
  if (status.running) {
    text = status.runningSince
      ? t('content.syncing', { relative: relative(status.runningSince) })
      : t('content.syncingNow');
  } else if (status.lastSyncAt) {
    text = t('content.lastSynced', {
      relative: relative(status.lastSyncAt),
      absolute: formatDateTime(status.lastSyncAt),
    });
  } else {
    text = t('content.neverSynced');
  }
  return (
    <Stack
      direction="row"
      spacing={0.75}
      alignItems="center"
      component="span"
      sx={{ flexWrap: 'wrap', rowGap: 0.5 }}
    >
      {status.running ? (
        <CircularProgress size={14} />
      ) : (
        <RiTimeLine size={16} />
      )}
      <span data-testid="vpp-last-sync" data-synced-at={status.lastSyncAt}>
        {text}
      </span>
      {status.lastSyncAt && (
        <Box component="span" sx={{ color: 'text.secondary' }}>
          ·{' '}
          {t('content.totals', {
            assets: status.assetCount.toLocaleString(),
            assignments: status.assignmentCount.toLocaleString(),
          })}
        </Box>
      )}
    </Stack>
  );
}

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

  const [productType, setProductType] = useState<VppProductType | ''>('');
  const [platform, setPlatform] = useState<VppPlatform | ''>('');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(50);
  const [listVersion, setListVersion] = useState(0);
  const [notice, setNotice] = useState<Notice>();
  const [starting, setStarting] = useState(false);
  const [confirming, setConfirming] = useState(false);

  useDebounce(
    () => {
      const next = search.trim();
      if (next !== q) {
        setQ(next);
        setPage(0);
      }
    },
    SEARCH_DEBOUNCE_MS,
    [search],
  );

  const assets = useAsyncRetry(
    async () =>
      vppApi.listAssets(tokenId, {
        productType: productType || undefined,
        platform: platform || undefined,
        q: q || undefined,
        offset: page * rowsPerPage,
        limit: rowsPerPage,
      }),
    [vppApi, tokenId, productType, platform, q, page, rowsPerPage, listVersion],
  );

  // A finished sync (ours, the scheduled one, or one started elsewhere) changes
  // `lastSyncAt`: then the list is reloaded. The end of a sync we watched is announced.
  const previous = useRef<VppSyncStatus>();
  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (!status || !before || before === status) {
      return;
    }
    if (before.lastSyncAt !== status.lastSyncAt) {
      setListVersion(v => v + 1);
    }
    if (!before.outOfDate && status.outOfDate) {
      // "Sync finished … up to date" next to "may be out of date" would contradict it.
      setNotice(current =>
        current?.severity === 'error' ? current : undefined,
      );
    }
    if (before.running && !status.running) {
      // A failure is shown by the "last sync failed" alert; no second message.
      setNotice(
        failedLast(status)
          ? undefined
          : {
              severity: 'success',
              text: t('content.syncFinished', {
                assets: status.assetCount.toLocaleString(),
                assignments: status.assignmentCount.toLocaleString(),
              }),
            },
      );
    }
  }, [status, t]);

  // A sync or another filter can leave the page past the end; go to the last page.
  const pageCount = Math.ceil((assets.value?.totalCount ?? 0) / rowsPerPage);
  useEffect(() => {
    if (assets.value && page > 0 && page >= pageCount) {
      setPage(Math.max(0, pageCount - 1));
    }
  }, [assets.value, page, pageCount]);

  const running = status?.running ?? false;

  const startSync = async () => {
    setStarting(true);
    setNotice(undefined);
    try {
      const response = await vppApi.startSync(tokenId);
      sync.apply(response.status);
      setNotice({ severity: 'info', text: response.message });
    } catch (e) {
      setNotice({
        severity: 'error',
        text: t('content.syncError', { message: errorMessage(e) }),
      });
    } finally {
      setStarting(false);
    }
  };

  const confirm = async () => {
    setConfirming(true);
    try {
      sync.apply(await vppApi.confirmContent(tokenId));
    } catch (e) {
      setNotice({
        severity: 'error',
        text: t('content.confirmError', { message: errorMessage(e) }),
      });
    } finally {
      setConfirming(false);
    }
  };

  const syncButton = (variant: 'contained' | 'outlined' | 'text') => (
    <Button
      variant={variant}
      color={variant === 'text' ? 'inherit' : 'primary'}
      size={variant === 'text' ? 'small' : 'medium'}
      startIcon={
        running || starting ? (
          <CircularProgress size={14} color="inherit" />
        ) : (
          <RiRefreshLine size={16} />
        )
      }
      disabled={running || starting}
      onClick={startSync}
    >
      {running ? t('content.syncingNow') : t('content.sync')}
    </Button>
  );

  const filtered = Boolean(productType || platform || q);
  const clearFilters = () => {
    setProductType('');
    setPlatform('');
    setSearch('');
    setQ('');
    setPage(0);
  };

  const items = assets.value?.items ?? [];
  const totalCount = assets.value?.totalCount ?? 0;
  const reason = status?.outOfDateReason;
  const showBanner =
    !!status?.outOfDate && reason !== 'never-synced' && !running;
  const shared = !!status && status.sourceTokenId !== tokenId;

  let body;
  if (assets.error && !assets.value) {
    body = (
      <ResponseErrorPanel error={assets.error} title={t('content.loadError')} />
    );
  } else if (!assets.value) {
    body = <LinearProgress />;
  } else if (totalCount === 0 && !filtered) {
    let description: string;
    if (running) {
      description = t('content.empty.syncing');
    } else if (status?.lastSyncAt) {
      description = t('content.empty.none');
    } else {
      description = t('content.empty.neverSynced');
    }
    body = (
      <Box data-testid="vpp-content-empty">
        <EmptyState
          missing="data"
          title={t('content.empty.title')}
          description={description}
          action={canSync && !running ? syncButton('contained') : undefined}
        />
      </Box>
    );
  } else {
    body = (
      <>
        {(assets.loading || running) && <LinearProgress />}
        {items.length === 0 ? (
          <Stack alignItems="center" spacing={1.5} sx={{ py: 4 }}>
            <Typography variant="body1">
              {t('content.empty.noMatchTitle')}
            </Typography>
            <Button variant="outlined" onClick={clearFilters}>
              {t('content.empty.clearFilters')}
            </Button>
          </Stack>
        ) : (
          <AssetTable assets={items} tokenId={tokenId} />
        )}
        <TablePagination
          component="div"
          count={totalCount}
          page={Math.min(page, Math.max(0, pageCount - 1))}
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
        {notice && (
          <Alert
            severity={notice.severity}
            onClose={() => setNotice(undefined)}
            data-testid="vpp-content-notice"
          >
            {notice.text}
          </Alert>
        )}
        {sync.error !== undefined && (
          <Alert severity="warning">
            {t('content.statusError', { message: errorMessage(sync.error) })}
          </Alert>
        )}
        {showBanner && (
          <Alert
            severity="warning"
            data-testid="vpp-out-of-date"
            data-reason={reason}
            action={
              canSync ? (
                <Stack direction="row" spacing={1} sx={{ pt: 0.5 }}>
                  {syncButton('text')}
                  <Button
                    color="inherit"
                    size="small"
                    onClick={confirm}
                    disabled={confirming || starting}
                  >
                    {t('content.confirm')}
                  </Button>
                </Stack>
              ) : undefined
            }
          >
            <AlertTitle>{t('content.outOfDate.title')}</AlertTitle>
            {status?.outOfDateMessage ??
              (reason ? t(`content.outOfDate.${reason}`) : '')}{' '}
            {canSync
              ? t('content.outOfDate.actions')
              : t('content.outOfDate.readOnly')}
          </Alert>
        )}
        {status?.lastError && (
          <Alert severity="error" data-testid="vpp-sync-error">
            <AlertTitle>{t('content.lastError')}</AlertTitle>
            {status.lastError}
            {status.lastErrorAt && (
              <Typography variant="caption" display="block" sx={{ mt: 0.5 }}>
                {t('content.lastErrorAt', {
                  absolute: formatDateTime(status.lastErrorAt),
                })}
              </Typography>
            )}
          </Alert>
        )}
        {showFilters && (
          <Stack
            direction={{ xs: 'column', md: 'row' }}
            spacing={2}
            alignItems={{ xs: 'stretch', md: 'center' }}
          >
            <ToggleButtonGroup
              exclusive
              size="small"
              // As tall as the text fields next to it; the buttons stretch to it.
              sx={{ height: 40 }}
              value={productType}
              aria-label={t('content.filters.type')}
              onChange={(_, value: VppProductType | '' | null) => {
                if (value !== null) {
                  setProductType(value);
                  setPage(0);
                }
              }}
            >
              {(
                [
                  ['', t('content.filters.all')],
                  ['App', t('content.filters.apps')],
                  ['Book', t('content.filters.books')],
                ] as const
              ).map(([value, label]) => (
                <ToggleButton key={value} value={value} sx={{ px: 2 }}>
                  {label}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
            <TextField
              select
              size="small"
              id="vpp-content-platform"
              label={t('content.filters.platform')}
              value={platform}
              onChange={event => {
                setPlatform(event.target.value as VppPlatform | '');
                setPage(0);
              }}
              SelectProps={{ native: true }}
              // "All platforms" is a value, not an empty field: keep the label above it.
              InputLabelProps={{ shrink: true }}
              sx={{ minWidth: 180 }}
            >
              <option value="">{t('content.filters.allPlatforms')}</option>
              {PLATFORMS.map(p => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </TextField>
            <TextField
              size="small"
              type="search"
              id="vpp-content-search"
              label={t('content.filters.search')}
              placeholder={t('content.filters.searchPlaceholder')}
              value={search}
              onChange={event => setSearch(event.target.value)}
              sx={{ flex: 1, minWidth: 220, maxWidth: { md: 420 } }}
              InputProps={{
                startAdornment: (
                  <InputAdornment position="start">
                    <RiSearchLine size={16} />
                  </InputAdornment>
                ),
              }}
            />
          </Stack>
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
