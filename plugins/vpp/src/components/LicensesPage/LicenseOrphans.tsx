import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppLicense, VppLicenseOrphanList } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { formatDateTime } from '../shared/format';
import { licenseAssignedAt } from '../shared/licenseCells';
import { LicenseModeChip } from '../shared/LicenseModeChip';

function OrphanTable(props: {
  kind: 'notAtApple' | 'unmanagedSerials';
  list: VppLicenseOrphanList;
  onReclaim: (license: VppLicense) => void;
}) {
  const { kind, list, onReclaim } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <Stack spacing={1} data-testid={`vpp-orphans-${kind}`}>
      <Typography variant="subtitle1">
        {t(`licenses.orphans.${kind}.title`, { count: list.totalCount })}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {t(`licenses.orphans.${kind}.description`)}
      </Typography>
      {list.items.length === 0 ? (
        <Typography variant="body2">{t('licenses.orphans.none')}</Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('licenses.columns.app')}</TableCell>
              <TableCell>{t('licenses.columns.serial')}</TableCell>
              <TableCell>{t('licenses.columns.mode')}</TableCell>
              <TableCell>{t('licenses.columns.when')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {list.items.map(license => (
              <TableRow
                key={`${license.adamId}/${license.serialNumber}`}
                data-testid="vpp-orphan-row"
              >
                <TableCell>{license.adamId}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>
                  {license.serialNumber}
                </TableCell>
                <TableCell>
                  <LicenseModeChip license={license} />
                </TableCell>
                <TableCell>{licenseAssignedAt(license)}</TableCell>
                <TableCell align="right">
                  <Button
                    size="small"
                    color="error"
                    variant="outlined"
                    onClick={() => onReclaim(license)}
                  >
                    {t('licenses.orphans.reclaim')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Stack>
  );
}

/** Both kinds of orphan of a token (R-LIC-4), each with a way to reclaim. */
export function LicenseOrphans(props: {
  tokenId: string;
  onReclaim: (license: VppLicense) => void;
}) {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const orphans = useAsync(
    () => vppApi.listLicenseOrphans(props.tokenId),
    [vppApi, props.tokenId],
  );
  if (orphans.error) {
    return (
      <ResponseErrorPanel
        error={orphans.error}
        title={t('licenses.orphans.loadError')}
      />
    );
  }
  if (!orphans.value) {
    return <LinearProgress />;
  }
  const value = orphans.value;
  return (
    <Stack spacing={3}>
      {value.comparedWith ? (
        <Typography variant="body2" color="text.secondary">
          {t('licenses.orphans.comparedWith', {
            date: formatDateTime(value.comparedWith),
          })}
        </Typography>
      ) : (
        <Alert severity="info">{t('licenses.orphans.neverSynced')}</Alert>
      )}
      <OrphanTable
        kind="notAtApple"
        list={value.notAtApple}
        onReclaim={props.onReclaim}
      />
      {value.unmanagedSerials.checked ? (
        <OrphanTable
          kind="unmanagedSerials"
          list={value.unmanagedSerials}
          onReclaim={props.onReclaim}
        />
      ) : (
        <Alert severity="info">
          {value.unmanagedSerials.message ?? t('licenses.orphans.notChecked')}
        </Alert>
      )}
    </Stack>
  );
}
