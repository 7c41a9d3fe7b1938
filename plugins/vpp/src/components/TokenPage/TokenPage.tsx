import { InfoCard, Link, Progress } from '@backstage/core-components';
import {
  useApi,
  useRouteRefParams,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  vppTokenDeletePermission,
  vppTokenUpdatePermission,
  VppToken,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import {
  RiDeleteBinLine,
  RiEditLine,
  RiRefreshLine,
  RiShareLine,
} from '@remixicon/react';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vppApiRef } from '../../api';
import { tokenRouteRef } from '../../routes';
import { vppTranslationRef } from '../../translation';
import { RenewTokenDialog } from '../RenewTokenDialog';
import { TokenContent } from '../TokenContent';
import { TokenDistributions } from '../TokenDistributions';
import { TokenHistory } from '../TokenHistory';
import { TokenReminders } from '../TokenReminders';
import {
  DetailCardActions,
  DetailCardTitle,
  DetailPageFrame,
  DetailPageLoadError,
} from '../shared/DetailPageFrame';
import { Fact } from '../shared/Fact';
import { formatDate, useDaysLeftText } from '../shared/format';
import {
  isRedStatus,
  toneColour,
  TokenStatusChip,
} from '../shared/TokenStatusChip';
import { useStatusReason } from '../shared/useStatusReason';
import { useTokenLink, useTokensPageLink } from '../shared/useTokenLink';
import { WithReason } from '../shared/WithReason';
import {
  DeleteTokenDialog,
  EditTokenDialog,
  ShareTokenDialog,
} from './TokenDialogs';

type OpenDialog = 'renew' | 'edit' | 'share' | 'delete' | undefined;

/**
 * What a token's status means for the person looking at it, with the renewal steps
 * (seed A/B) when the token can no longer be used.
 */
function StatusBanner(props: { token: VppToken; sourceName?: string }) {
  const { token, sourceName } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  if (token.status === 'ok') {
    return null;
  }
  const steps = token.sharesFrom
    ? t('tokenPage.banner.sharedSteps', {
        name: sourceName ?? token.sharesFrom,
      })
    : t('tokenPage.banner.steps', { location: token.locationName });
  return (
    <Alert
      severity="error"
      data-testid="vpp-token-banner"
      data-status={token.status}
      sx={{ borderLeft: `6px solid ${toneColour(token.status)}` }}
    >
      <AlertTitle>
        {t(`tokenPage.banner.${token.status}`)}
        {token.status === 'claimed-elsewhere' && token.claimedBy
          ? ` (${token.claimedBy})`
          : ''}
      </AlertTitle>
      {/* The backend's own explanation is in the Status row and the chip's tooltip. */}
      <Typography variant="body2">{steps}</Typography>
    </Alert>
  );
}

/** `/vpp/tokens/:tokenId`: one content token, its facts and what can be done with it. */
export function TokenPage() {
  const { tokenId } = useRouteRefParams(tokenRouteRef);
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const daysLeftText = useDaysLeftText();
  const statusReason = useStatusReason();
  const tokenLink = useTokenLink();
  const tokensPageLink = useTokensPageLink();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<OpenDialog>();
  const [notice, setNotice] = useState<string>();

  const tokenState = useAsyncRetry(
    () => vppApi.getToken(tokenId),
    [vppApi, tokenId],
  );
  const token = tokenState.value;
  const source = useAsync(async () => {
    if (!token?.sharesFrom) {
      return undefined;
    }
    try {
      return await vppApi.getToken(token.sharesFrom);
    } catch {
      return undefined;
    }
  }, [vppApi, token?.sharesFrom]);

  const updatePermission = usePermission({
    permission: vppTokenUpdatePermission,
    resourceRef: tokenId,
  });
  const deletePermission = usePermission({
    permission: vppTokenDeletePermission,
    resourceRef: tokenId,
  });
  const canUpdate = updatePermission.allowed;
  const canDelete = deletePermission.allowed;
  // No reason while the answer is pending: the buttons are only briefly disabled then.
  const updateDenied =
    !updatePermission.loading && !canUpdate
      ? t('permissions.noUpdate')
      : undefined;
  const deleteDenied =
    !deletePermission.loading && !canDelete
      ? t('permissions.noDelete')
      : undefined;

  const back = { to: tokensPageLink, label: t('tokenPage.back') };

  if (tokenState.loading && !token) {
    return <Progress />;
  }
  if (tokenState.error || !token) {
    return (
      <DetailPageLoadError
        back={back}
        error={tokenState.error ?? new Error(tokenId)}
        title={t('tokenPage.loadError')}
      />
    );
  }

  const closeDialog = () => setDialog(undefined);
  const refresh = () => tokenState.retry();
  const createdAt = DateTime.fromISO(token.createdAt);
  const isSource = !token.sharesFrom;

  const dialogs = (
    <>
      {dialog === 'renew' && (
        <RenewTokenDialog
          token={token}
          open
          onClose={closeDialog}
          onRenewed={refresh}
        />
      )}
      {dialog === 'edit' && (
        <EditTokenDialog
          token={token}
          open
          onClose={closeDialog}
          onSaved={() => {
            closeDialog();
            setNotice(t('edit.success'));
            refresh();
          }}
        />
      )}
      {dialog === 'share' && (
        <ShareTokenDialog token={token} open onClose={closeDialog} />
      )}
      {dialog === 'delete' && (
        <DeleteTokenDialog
          token={token}
          open
          onClose={closeDialog}
          onDeleted={() => navigate(tokensPageLink)}
        />
      )}
    </>
  );

  return (
    <DetailPageFrame back={back} dialogs={dialogs}>
      {notice && (
        <Alert severity="success" onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      <StatusBanner token={token} sourceName={source.value?.displayName} />
      <InfoCard
        title={
          <DetailCardTitle>
            <span>{token.displayName}</span>
            <TokenStatusChip
              status={token.status}
              reason={statusReason(token)}
            />
          </DetailCardTitle>
        }
        subheader={`${token.orgName} · ${token.locationName}`}
        action={
          <DetailCardActions>
            {/* Shown to everyone, disabled with the reason for who may not (R-BS-5). */}
            {isSource && (
              <WithReason reason={updateDenied}>
                <Button
                  variant="contained"
                  startIcon={<RiRefreshLine size={16} />}
                  onClick={() => setDialog('renew')}
                  disabled={!canUpdate}
                >
                  {t('tokenPage.actions.renew')}
                </Button>
              </WithReason>
            )}
            <WithReason reason={updateDenied}>
              <Button
                variant="outlined"
                startIcon={<RiEditLine size={16} />}
                onClick={() => setDialog('edit')}
                disabled={!canUpdate}
              >
                {t('tokenPage.actions.edit')}
              </Button>
            </WithReason>
            {isSource && (
              <WithReason reason={updateDenied}>
                <Button
                  variant="outlined"
                  startIcon={<RiShareLine size={16} />}
                  onClick={() => setDialog('share')}
                  disabled={!canUpdate}
                >
                  {t('tokenPage.actions.share')}
                </Button>
              </WithReason>
            )}
            <WithReason reason={deleteDenied}>
              <Button
                variant="outlined"
                color="error"
                startIcon={<RiDeleteBinLine size={16} />}
                onClick={() => setDialog('delete')}
                disabled={!canDelete}
              >
                {t('tokenPage.actions.delete')}
              </Button>
            </WithReason>
          </DetailCardActions>
        }
      >
        <Box
          component="dl"
          data-testid="vpp-token-facts"
          sx={{
            display: 'grid',
            gridTemplateColumns: { xs: '1fr', sm: 'max-content 1fr' },
            columnGap: 4,
            rowGap: 1,
            m: 0,
          }}
        >
          <Fact label={t('tokenPage.facts.location')}>
            {token.locationName}
          </Fact>
          <Fact label={t('tokenPage.facts.organisation')}>{token.orgName}</Fact>
          <Fact label={t('tokenPage.facts.owner')}>
            <EntityRefLink entityRef={token.owner} defaultKind="group" />
          </Fact>
          <Fact label={t('tokenPage.facts.country')}>{token.countryCode}</Fact>
          <Fact label={t('tokenPage.facts.expires')}>
            {formatDate(token.expiresAt)}
          </Fact>
          <Fact label={t('tokenPage.facts.daysLeft')}>
            <Box
              component="span"
              sx={
                isRedStatus(token.status)
                  ? { color: '#c62828', fontWeight: 600 }
                  : undefined
              }
            >
              {daysLeftText(token.daysLeft)}
            </Box>
          </Fact>
          <Fact label={t('tokenPage.facts.status')}>
            {t(`status.${token.status}`)}
            {token.statusReason ? ` — ${statusReason(token)}` : ''}
          </Fact>
          {token.sharesFrom && (
            <Fact label={t('tokenPage.facts.sharesFrom')}>
              <Link to={tokenLink(token.sharesFrom)}>
                {source.value?.displayName ?? token.sharesFrom}
              </Link>
            </Fact>
          )}
          <Fact label={t('tokenPage.facts.notes')}>
            <Box component="span" sx={{ whiteSpace: 'pre-wrap' }}>
              {token.notes || '—'}
            </Box>
          </Fact>
          <Fact label={t('tokenPage.facts.createdBy')}>
            {token.createdBy.includes(':') ? (
              <EntityRefLink entityRef={token.createdBy} defaultKind="user" />
            ) : (
              token.createdBy
            )}
          </Fact>
          <Fact label={t('tokenPage.facts.createdAt')}>
            {createdAt.isValid
              ? createdAt.toFormat('yyyy-MM-dd HH:mm')
              : token.createdAt}
          </Fact>
        </Box>
        {isSource && canUpdate && (
          <Typography
            variant="caption"
            color="text.secondary"
            display="block"
            sx={{ mt: 2 }}
          >
            {t('tokenPage.sharedNote')}
          </Typography>
        )}
      </InfoCard>
      <TokenContent tokenId={token.id} canSync={canUpdate} />
      <TokenDistributions tokenId={token.id} />
      <TokenReminders
        tokenId={token.id}
        expiresAt={token.expiresAt}
        canEdit={canUpdate}
      />
      <TokenHistory tokenId={token.id} />
    </DetailPageFrame>
  );
}
