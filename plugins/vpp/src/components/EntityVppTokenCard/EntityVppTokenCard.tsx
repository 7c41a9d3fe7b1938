import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { VPP_ANNOTATIONS } from '@internal/plugin-vpp-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { formatDate, useDaysLeftText } from '../shared/format';
import {
  isRedStatus,
  toneColour,
  TokenStatusChip,
} from '../shared/TokenStatusChip';
import { useTokenLink } from '../shared/useTokenLink';

/**
 * Entity card for content-token resources (`spec.type: apple-vpp-token`): the token's
 * live status, expiry and location from the VPP backend; red when it is expiring or
 * expired (R-BS-1).
 */
export function EntityVppTokenCard() {
  const { entity } = useEntity();
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const daysLeftText = useDaysLeftText();
  const tokenLink = useTokenLink();
  const tokenId = entity.metadata.annotations?.[VPP_ANNOTATIONS.tokenId];

  const {
    value: token,
    loading,
    error,
  } = useAsync(
    async () => (tokenId ? vppApi.getToken(tokenId) : undefined),
    [vppApi, tokenId],
  );

  if (!tokenId) {
    return <MissingAnnotationEmptyState annotation={VPP_ANNOTATIONS.tokenId} />;
  }
  if (error) {
    return (
      <ResponseErrorPanel error={error} title={t('entityCard.loadError')} />
    );
  }

  const red = token ? isRedStatus(token.status) : false;
  return (
    <Box
      data-testid="vpp-token-card"
      data-red={red ? 'true' : 'false'}
      sx={
        token && token.status !== 'ok'
          ? {
              borderLeft: `6px solid ${toneColour(token.status)}`,
              borderRadius: 1,
              height: '100%',
            }
          : { height: '100%' }
      }
    >
      <InfoCard
        title={t('entityCard.title')}
        variant="gridItem"
        deepLink={
          token
            ? { link: tokenLink(token.id), title: t('entityCard.open') }
            : undefined
        }
      >
        {loading || !token ? (
          <Progress />
        ) : (
          <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
              <TokenStatusChip
                status={token.status}
                reason={token.statusReason}
              />
              <Typography
                variant="h6"
                component="span"
                sx={red ? { color: '#c62828', fontWeight: 700 } : undefined}
                data-testid="vpp-token-card-days-left"
              >
                {daysLeftText(token.daysLeft)}
              </Typography>
            </Box>
            {token.status !== 'ok' && token.statusReason && (
              <Typography
                variant="body2"
                sx={red ? { color: '#c62828' } : undefined}
              >
                {token.statusReason}
              </Typography>
            )}
            <Box
              component="dl"
              sx={{
                display: 'grid',
                gridTemplateColumns: 'max-content 1fr',
                columnGap: 3,
                rowGap: 0.5,
                m: 0,
                '& dt': { color: 'text.secondary' },
                '& dd': { m: 0 },
              }}
            >
              <dt>{t('tokenPage.facts.expires')}</dt>
              <dd>{formatDate(token.expiresAt)}</dd>
              <dt>{t('tokenPage.facts.location')}</dt>
              <dd>{token.locationName}</dd>
              <dt>{t('tokenPage.facts.organisation')}</dt>
              <dd>{token.orgName}</dd>
            </Box>
            <Link to={tokenLink(token.id)}>{token.displayName}</Link>
          </Box>
        )}
      </InfoCard>
    </Box>
  );
}
