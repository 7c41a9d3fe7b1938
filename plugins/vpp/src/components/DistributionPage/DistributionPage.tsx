import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  useApi,
  useRouteRefParams,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  vppDistributionCreatePermission,
  VppDistribution,
  VppDistributionItemState,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import DialogContent from '@mui/material/DialogContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RiCloseLine, RiRestartLine } from '@remixicon/react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { vppApiRef } from '../../api';
import { distributionRouteRef } from '../../routes';
import { vppTranslationRef } from '../../translation';
import {
  DistributionStateChip,
  isFinal,
  ItemStateBar,
  useStartText,
  useTokenApps,
} from '../DistributionsPage/distributionParts';
import { useDistributionLinks } from '../DistributionsPage/useDistributionLinks';
import {
  DetailCardActions,
  DetailCardTitle,
  DetailPageFrame,
  DetailPageLoadError,
} from '../shared/DetailPageFrame';
import { DialogButtons } from '../shared/DialogButtons';
import { TitledDialog } from '../shared/TitledDialog';
import { WithReason } from '../shared/WithReason';
import { DistributionItems } from './DistributionItems';
import { DistributionOptions, DistributionPlan } from './DistributionSummary';

/**
 * How often a live distribution is read again. The backend publishes no Backstage signals
 * for distributions, so the page polls: often while it runs, rarely while it waits for its
 * scheduled start, not at all once it is final.
 */
export const RUNNING_POLL_MS = 3_000;
export const SCHEDULED_POLL_MS = 30_000;

export function pollInterval(d: VppDistribution | undefined): number | null {
  if (!d || isFinal(d.state)) return null;
  return d.state === 'scheduled' ? SCHEDULED_POLL_MS : RUNNING_POLL_MS;
}

/**
 * `/vpp/distributions/:distributionId` (R-DIST-6): the options used, the plan, counts per
 * state as a bar and the table per device and app; follows the distribution while it runs
 * and offers Cancel and "Retry failed" to who may change the token's distributions.
 */
export function DistributionPage() {
  const { distributionId } = useRouteRefParams(distributionRouteRef);
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const links = useDistributionLinks();
  const startText = useStartText();
  const [refreshKey, setRefreshKey] = useState(0);
  const [itemState, setItemState] = useState<VppDistributionItemState | ''>('');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<Error>();

  const state = useAsyncRetry(
    () => vppApi.getDistribution(distributionId),
    [vppApi, distributionId, refreshKey],
  );
  const d = state.value;
  const apps = useTokenApps(d?.tokenId);
  const tokens = useAsync(() => vppApi.listTokens(), [vppApi]);
  const tokenName = tokens.value?.items.find(
    tk => tk.id === d?.tokenId,
  )?.displayName;

  useInterval(() => {
    if (!state.loading) setRefreshKey(k => k + 1);
  }, pollInterval(d));

  const permission = usePermission({
    permission: vppDistributionCreatePermission,
    resourceRef: d?.tokenId ?? '',
  });
  const denied =
    d && !permission.loading && !permission.allowed
      ? t('distribution.actions.noPermission')
      : undefined;

  const back = { to: links.distributions(), label: t('distribution.back') };

  if (!d && !state.error) {
    return <Progress />;
  }
  if (!d) {
    return (
      <DetailPageLoadError
        back={back}
        error={state.error ?? new Error(distributionId)}
        title={t('distribution.loadError')}
      />
    );
  }

  const failed = d.counts.failed ?? 0;
  const cancelReason =
    denied ??
    (d.state === 'scheduled' || d.state === 'running'
      ? undefined
      : t('distribution.actions.notCancellable'));
  let retryReason: string | undefined = denied;
  if (!retryReason && (d.state === 'scheduled' || d.state === 'cancelled')) {
    retryReason = t('distribution.actions.notStarted');
  } else if (!retryReason && failed === 0) {
    retryReason = t('distribution.actions.noFailures');
  }
  const total = Object.values(d.counts).reduce((n, c) => n + (c ?? 0), 0);
  const done = (d.counts.installed ?? 0) + failed + (d.counts.cancelled ?? 0);
  const appNames = new Map(d.plan.apps.map(a => [a.adamId, a.name]));

  const act = async (action: 'cancel' | 'retry') => {
    setBusy(true);
    setActionError(undefined);
    setNotice(undefined);
    try {
      if (action === 'cancel') {
        await vppApi.cancelDistribution(d.id);
        setNotice(t('distribution.actions.cancelled'));
      } else {
        await vppApi.retryDistribution(d.id);
        setNotice(t('distribution.actions.retried'));
      }
    } catch (error) {
      setActionError(error as Error);
    } finally {
      setBusy(false);
      setConfirmCancel(false);
      setRefreshKey(k => k + 1);
    }
  };

  const cancelDialog = (
    <TitledDialog
      open={confirmCancel}
      onClose={() => setConfirmCancel(false)}
      titleId="vpp-distribution-cancel-title"
      title={t('distribution.actions.cancelTitle')}
    >
      <DialogContent>
        <Typography variant="body2">
          {t('distribution.actions.cancelBody')}
        </Typography>
      </DialogContent>
      <DialogButtons
        onCancel={() => setConfirmCancel(false)}
        cancelDisabled={busy}
        cancelLabel={t('distribution.actions.keep')}
        confirmLabel={t('distribution.actions.cancelConfirm')}
        onConfirm={() => act('cancel')}
        confirmDisabled={busy}
        confirmColor="error"
        confirmTestId="vpp-distribution-cancel-confirm"
      />
    </TitledDialog>
  );

  return (
    <DetailPageFrame back={back} dialogs={cancelDialog}>
      {notice && (
        <Alert
          severity="success"
          onClose={() => setNotice(undefined)}
          data-testid="vpp-distribution-notice"
        >
          {notice}
        </Alert>
      )}
      {actionError && (
        <ResponseErrorPanel
          error={actionError}
          title={t('distribution.actions.failed')}
        />
      )}
      <InfoCard
        title={
          <DetailCardTitle>
            <span data-testid="vpp-distribution-title">
              {t('distribution.title', { id: d.id })}
            </span>
            <DistributionStateChip state={d.state} />
          </DetailCardTitle>
        }
        subheader={`${tokenName ?? d.tokenId} · ${startText(d)}`}
        action={
          <DetailCardActions>
            <WithReason reason={cancelReason}>
              <Button
                variant="outlined"
                color="error"
                startIcon={<RiCloseLine size={16} />}
                onClick={() => setConfirmCancel(true)}
                disabled={Boolean(cancelReason) || busy}
                data-testid="vpp-distribution-cancel"
              >
                {t('distribution.actions.cancel')}
              </Button>
            </WithReason>
            <WithReason reason={retryReason}>
              <Button
                variant="contained"
                startIcon={<RiRestartLine size={16} />}
                onClick={() => act('retry')}
                disabled={Boolean(retryReason) || busy}
                data-testid="vpp-distribution-retry"
              >
                {t('distribution.actions.retry')}
              </Button>
            </WithReason>
          </DetailCardActions>
        }
      >
        <Stack spacing={1} data-testid="vpp-distribution-progress">
          <Typography variant="body2">
            {t('distribution.progress.finished', {
              done: done.toLocaleString(),
              total: total.toLocaleString(),
            })}
          </Typography>
          <ItemStateBar
            counts={d.counts}
            total={total}
            onSelect={setItemState}
          />
          {!isFinal(d.state) && (
            <Typography variant="caption" color="text.secondary">
              {t('distribution.live')}
            </Typography>
          )}
        </Stack>
      </InfoCard>
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' },
          gap: 3,
          alignItems: 'start',
        }}
      >
        <DistributionOptions
          distribution={d}
          tokenName={tokenName}
          apps={apps}
        />
        <DistributionPlan distribution={d} apps={apps} />
      </Box>
      <DistributionItems
        distributionId={d.id}
        apps={apps}
        appNames={appNames}
        refreshKey={refreshKey}
        state={itemState}
        onStateChange={setItemState}
      />
    </DetailPageFrame>
  );
}
