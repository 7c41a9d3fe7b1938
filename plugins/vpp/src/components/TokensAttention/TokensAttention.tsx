import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { formatDate, useDaysLeftText } from '../shared/format';
import { isRedStatus, TokenStatusChip } from '../shared/TokenStatusChip';
import { useTokenLink, useTokensPageLink } from '../shared/useTokenLink';

/**
 * The content tokens that need attention (any status but ok), the most urgent first, with
 * a link to each token's page and to _Apps and Books_. Made for the portal's home page;
 * it has no card frame of its own.
 *
 * @public
 */
export function TokensAttention() {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const daysLeftText = useDaysLeftText();
  const tokenLink = useTokenLink();
  const tokensPage = useTokensPageLink();
  const { value, loading, error } = useAsync(
    () => vppApi.listTokens(),
    [vppApi],
  );

  if (loading) {
    return <Progress />;
  }
  if (error || !value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('no answer')}
        title={t('attention.loadError')}
      />
    );
  }
  const tokens = value.items;
  const needing = tokens
    .filter(token => token.status !== 'ok')
    .sort((a, b) => a.daysLeft - b.daysLeft);

  return (
    <Box
      data-testid="vpp-tokens-attention"
      sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}
    >
      <Typography variant="body1" sx={{ fontWeight: 600 }}>
        {tokens.length === 0 && t('attention.none')}
        {tokens.length > 0 &&
          needing.length === 0 &&
          t('attention.allFine', { total: String(tokens.length) })}
        {needing.length > 0 &&
          t('attention.needAttention', { count: needing.length })}
      </Typography>
      {needing.length > 0 && (
        <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {needing.map(token => {
            const red = isRedStatus(token.status);
            return (
              <Box
                component="li"
                key={token.id}
                data-testid="vpp-attention-token"
                sx={{
                  display: 'grid',
                  gridTemplateColumns: 'minmax(0, 1fr) auto',
                  alignItems: 'center',
                  gap: 1,
                  py: 1,
                  borderBottom: '1px solid',
                  borderColor: 'divider',
                }}
              >
                <Box>
                  <Link to={tokenLink(token.id)}>{token.displayName}</Link>
                  <Typography
                    variant="body2"
                    sx={
                      red ? { color: '#c62828' } : { color: 'text.secondary' }
                    }
                  >
                    {formatDate(token.expiresAt)} ·{' '}
                    {daysLeftText(token.daysLeft)}
                  </Typography>
                </Box>
                <TokenStatusChip
                  status={token.status}
                  reason={token.statusReason}
                />
              </Box>
            );
          })}
        </Box>
      )}
      <Box>
        <Link to={tokensPage}>{t('attention.openAppsAndBooks')}</Link>
      </Box>
    </Box>
  );
}
