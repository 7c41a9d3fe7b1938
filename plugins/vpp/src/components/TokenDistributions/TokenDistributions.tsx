import { InfoCard, Link } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { DistributionApps } from '../DistributionsPage/DistributionsPage';
import {
  DistributionStateChip,
  useStartText,
  useTokenApps,
} from '../DistributionsPage/distributionParts';
import { useDistributionLinks } from '../DistributionsPage/useDistributionLinks';

/** How many of the token's latest distributions the section shows. */
const RECENT = 5;

/** The token page's section: the token's recent distributions and a link to all of them. */
export function TokenDistributions(props: { tokenId: string }) {
  const { tokenId } = props;
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const links = useDistributionLinks();
  const startText = useStartText();
  const apps = useTokenApps(tokenId);
  const recent = useAsync(
    async () => vppApi.listDistributions({ tokenId, limit: RECENT }),
    [vppApi, tokenId],
  );

  let body;
  if (recent.error) {
    // A compact alert rather than the error panel: the section is one card of the page.
    body = (
      <Alert severity="error" data-testid="vpp-token-distributions-error">
        <AlertTitle>{t('tokenDistributions.loadError')}</AlertTitle>
        {recent.error.message}
      </Alert>
    );
  } else if (!recent.value) {
    body = <LinearProgress />;
  } else if (recent.value.items.length === 0) {
    body = (
      <Typography variant="body2" color="text.secondary">
        {t('tokenDistributions.empty')}
      </Typography>
    );
  } else {
    body = (
      <Table size="small" data-testid="vpp-token-distributions">
        <TableHead>
          <TableRow>
            {(['state', 'apps', 'devices', 'when'] as const).map(key => (
              <TableCell key={key} sx={{ fontWeight: 600 }}>
                {t(`distributions.columns.${key}`)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {recent.value.items.map(d => (
            <TableRow
              key={d.id}
              data-testid="vpp-token-distribution-row"
              data-distribution-id={d.id}
            >
              <TableCell>
                <Link to={links.distribution(d.id)}>
                  <DistributionStateChip state={d.state} />
                </Link>
              </TableCell>
              <TableCell>
                <Link to={links.distribution(d.id)}>
                  <DistributionApps distribution={d} assets={apps} />
                </Link>
              </TableCell>
              <TableCell>
                {t('distributions.devices', { count: d.plan.devicesMatched })}
              </TableCell>
              <TableCell>{startText(d)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <InfoCard
      title={t('tokenDistributions.title')}
      subheader={t('tokenDistributions.description')}
      deepLink={{
        title: t('tokenDistributions.viewAll'),
        link: links.distributions({ tokenId }),
      }}
    >
      {body}
    </InfoCard>
  );
}
