import {
  Content,
  ContentHeader,
  EmptyState,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  vppTokenCreatePermission,
  vppTokenUpdatePermission,
  VppToken,
} from '@internal/plugin-vpp-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { RiAddLine, RiRefreshLine } from '@remixicon/react';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { BackendHealthCard } from '../BackendHealthCard';
import { RegisterTokenDialog } from '../RegisterTokenDialog';
import { RenewTokenDialog } from '../RenewTokenDialog';
import { formatDate, useDaysLeftText } from '../shared/format';
import { isRedStatus, TokenStatusChip } from '../shared/TokenStatusChip';
import { useTokenLink } from '../shared/useTokenLink';
import { WithReason } from '../shared/WithReason';

/** The "Renew" button of a row, disabled with the reason for who may not update it. */
function RenewRowAction(props: {
  token: VppToken;
  onRenew: (token: VppToken) => void;
}) {
  const { token, onRenew } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const { allowed, loading } = usePermission({
    permission: vppTokenUpdatePermission,
    resourceRef: token.id,
  });
  if (token.sharesFrom) {
    // A license-sharing record is renewed through its source token (R-TOK-7).
    return null;
  }
  return (
    <WithReason
      reason={!loading && !allowed ? t('permissions.noUpdate') : undefined}
    >
      <Button
        size="small"
        variant="outlined"
        startIcon={<RiRefreshLine size={16} />}
        onClick={() => onRenew(token)}
        disabled={!allowed}
        sx={{ whiteSpace: 'nowrap' }}
        aria-label={`${t('tokensPage.renew')} ${token.displayName}`}
      >
        {t('tokensPage.renew')}
      </Button>
    </WithReason>
  );
}

/** The `/vpp` page: every content token with its expiry status, and the backend health. */
export function TokensPage() {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const daysLeftText = useDaysLeftText();
  const tokenLink = useTokenLink();
  const { allowed: canRegister, loading: registerLoading } = usePermission({
    permission: vppTokenCreatePermission,
  });
  const [registerOpen, setRegisterOpen] = useState(false);
  const [renewing, setRenewing] = useState<VppToken>();

  const tokens = useAsyncRetry(() => vppApi.listTokens(), [vppApi]);

  const rows = useMemo(
    () =>
      [...(tokens.value?.items ?? [])]
        .sort((a, b) => a.daysLeft - b.daysLeft)
        .map(token => ({ ...token })),
    [tokens.value],
  );
  const byId = useMemo(
    () => new Map(rows.map(token => [token.id, token])),
    [rows],
  );

  const columns: TableColumn<VppToken>[] = [
    {
      title: t('tokensPage.columns.name'),
      field: 'displayName',
      highlight: true,
      render: token => (
        <Box sx={{ minWidth: 120 }}>
          <Link to={tokenLink(token.id)}>{token.displayName}</Link>
          {token.sharesFrom && (
            <Typography
              variant="caption"
              display="block"
              color="text.secondary"
            >
              {t('tokensPage.sharesFrom', {
                name:
                  byId.get(token.sharesFrom)?.displayName ?? token.sharesFrom,
              })}
            </Typography>
          )}
        </Box>
      ),
    },
    {
      title: t('tokensPage.columns.location'),
      field: 'locationName',
      render: token => (
        <Box>
          {token.locationName}
          <Typography variant="caption" display="block" color="text.secondary">
            {token.orgName}
            {token.countryCode ? ` · ${token.countryCode}` : ''}
          </Typography>
        </Box>
      ),
    },
    {
      title: t('tokensPage.columns.owner'),
      field: 'owner',
      render: token => (
        <EntityRefLink entityRef={token.owner} defaultKind="group" />
      ),
    },
    {
      title: t('tokensPage.columns.expires'),
      field: 'expiresAt',
      render: token => formatDate(token.expiresAt),
    },
    {
      title: t('tokensPage.columns.daysLeft'),
      field: 'daysLeft',
      type: 'numeric',
      align: 'left',
      render: token => (
        <Typography
          variant="body2"
          component="span"
          sx={{
            whiteSpace: 'nowrap',
            ...(isRedStatus(token.status)
              ? { color: '#c62828', fontWeight: 600 }
              : {}),
          }}
        >
          {daysLeftText(token.daysLeft)}
        </Typography>
      ),
    },
    {
      title: t('tokensPage.columns.status'),
      field: 'status',
      render: token => (
        <Box sx={{ minWidth: 150, maxWidth: 230 }}>
          <TokenStatusChip status={token.status} reason={token.statusReason} />
          {token.status !== 'ok' && token.statusReason && (
            <Typography
              variant="caption"
              color="text.secondary"
              title={token.statusReason}
              sx={{
                display: '-webkit-box',
                WebkitLineClamp: 2,
                WebkitBoxOrient: 'vertical',
                overflow: 'hidden',
                mt: 0.5,
              }}
            >
              {token.statusReason}
            </Typography>
          )}
        </Box>
      ),
    },
    {
      title: t('tokensPage.columns.actions'),
      sorting: false,
      render: token => <RenewRowAction token={token} onRenew={setRenewing} />,
    },
  ];

  let body;
  if (tokens.error) {
    body = (
      <ResponseErrorPanel
        error={tokens.error}
        title={t('tokensPage.loadError')}
      />
    );
  } else if (!tokens.loading && rows.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title={t('tokensPage.emptyTitle')}
        description={t('tokensPage.emptyDescription')}
      />
    );
  } else {
    body = (
      <Table<VppToken>
        isLoading={tokens.loading}
        columns={columns}
        data={rows}
        options={{
          search: rows.length > 5,
          paging: rows.length > 20,
          pageSize: 20,
          padding: 'dense',
          toolbar: rows.length > 5,
        }}
      />
    );
  }

  return (
    <Content>
      <ContentHeader title={t('tokensPage.title')}>
        <WithReason
          reason={
            !registerLoading && !canRegister
              ? t('permissions.noRegister')
              : undefined
          }
        >
          <Button
            variant="contained"
            startIcon={<RiAddLine size={18} />}
            onClick={() => setRegisterOpen(true)}
            disabled={!canRegister}
          >
            {t('tokensPage.register')}
          </Button>
        </WithReason>
      </ContentHeader>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('tokensPage.description')}
      </Typography>
      <Grid container spacing={3} alignItems="flex-start">
        <Grid item xs={12}>
          {body}
        </Grid>
        {/* Kept visible so operators see at once which Apple endpoint this portal uses. */}
        <Grid item xs={12} md={6} lg={4}>
          <BackendHealthCard />
        </Grid>
      </Grid>
      <RegisterTokenDialog
        open={registerOpen}
        onClose={() => setRegisterOpen(false)}
        onRegistered={() => tokens.retry()}
      />
      {renewing && (
        <RenewTokenDialog
          token={renewing}
          open
          onClose={() => setRenewing(undefined)}
          onRenewed={() => tokens.retry()}
        />
      )}
    </Content>
  );
}
