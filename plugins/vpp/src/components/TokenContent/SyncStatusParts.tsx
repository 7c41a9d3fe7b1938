import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppSyncStatus } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RiRefreshLine, RiTimeLine } from '@remixicon/react';
import { ReactNode } from 'react';
import { vppTranslationRef } from '../../translation';
import { formatDateTime, useRelativeTime } from '../shared/format';

/** "Last synced 5 minutes ago (2026-03-01 10:00)", "Syncing…" or "Never synced". */
export function SyncLine(props: { status?: VppSyncStatus }) {
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

/** "Sync", or "Syncing…" (disabled) while a sync runs or is being started. */
export function SyncButton(props: {
  variant: 'contained' | 'outlined' | 'text';
  running: boolean;
  starting: boolean;
  onClick: () => void;
}) {
  const { variant, running, starting, onClick } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  return (
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
      onClick={onClick}
    >
      {running ? t('content.syncingNow') : t('content.sync')}
    </Button>
  );
}

/**
 * "Content may be out of date" (R-SYNC-3) with why; for those who may sync, with Sync and
 * Confirm (the content is right as it is).
 */
export function OutOfDateBanner(props: {
  status: VppSyncStatus;
  /** May sync and confirm (`vpp.token.update`). */
  canSync: boolean;
  syncButton: ReactNode;
  onConfirm: () => void;
  confirmDisabled: boolean;
}) {
  const { status, canSync, syncButton, onConfirm, confirmDisabled } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const reason = status.outOfDateReason;
  return (
    <Alert
      severity="warning"
      data-testid="vpp-out-of-date"
      data-reason={reason}
      action={
        canSync ? (
          <Stack direction="row" spacing={1} sx={{ pt: 0.5 }}>
            {syncButton}
            <Button
              color="inherit"
              size="small"
              onClick={onConfirm}
              disabled={confirmDisabled}
            >
              {t('content.confirm')}
            </Button>
          </Stack>
        ) : undefined
      }
    >
      <AlertTitle>{t('content.outOfDate.title')}</AlertTitle>
      {status.outOfDateMessage ??
        (reason ? t(`content.outOfDate.${reason}`) : '')}{' '}
      {canSync
        ? t('content.outOfDate.actions')
        : t('content.outOfDate.readOnly')}
    </Alert>
  );
}

/** The last sync's error and when it happened. */
export function LastSyncError(props: { error: string; at?: string }) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <Alert severity="error" data-testid="vpp-sync-error">
      <AlertTitle>{t('content.lastError')}</AlertTitle>
      {props.error}
      {props.at && (
        <Typography variant="caption" display="block" sx={{ mt: 0.5 }}>
          {t('content.lastErrorAt', { absolute: formatDateTime(props.at) })}
        </Typography>
      )}
    </Alert>
  );
}
