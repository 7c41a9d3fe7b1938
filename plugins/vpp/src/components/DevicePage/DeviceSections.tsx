import { InfoCard } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppDeviceDetail } from '@internal/plugin-vpp-common';
import Chip from '@mui/material/Chip';
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
import { formatDateTime } from '../shared/format';
import { HistoryTable } from '../shared/HistoryTable';
import {
  LicenseAppLink,
  licenseAssignedAt,
  LicenseAssignedBy,
} from '../shared/licenseCells';
import { LicenseModeChip } from '../shared/LicenseModeChip';
import { SectionError } from '../shared/SectionError';

/** The apps the device reported, with versions, and when the list was fetched. */
export function InstalledAppsCard(props: { device: VppDeviceDetail }) {
  const { device } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const apps = [...device.installedApps].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  return (
    <InfoCard
      title={t('device.apps.title')}
      subheader={
        device.inventoryAt
          ? t('device.apps.fetchedAt', {
              date: formatDateTime(device.inventoryAt),
            })
          : t('device.apps.neverFetched')
      }
    >
      {apps.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {device.inventoryAt
            ? t('device.apps.none')
            : t('device.apps.refreshHint')}
        </Typography>
      ) : (
        <Table
          size="small"
          data-testid="vpp-device-apps"
          sx={{ '& th': { whiteSpace: 'nowrap' } }}
        >
          <TableHead>
            <TableRow>
              <TableCell>{t('device.apps.name')}</TableCell>
              <TableCell>{t('device.apps.bundleId')}</TableCell>
              <TableCell>{t('device.apps.version')}</TableCell>
              <TableCell>{t('device.apps.state')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {apps.map(app => (
              <TableRow key={app.bundleId} data-bundle-id={app.bundleId}>
                <TableCell>{app.name}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>
                  {app.bundleId}
                </TableCell>
                <TableCell>{app.version ?? '—'}</TableCell>
                <TableCell>
                  {app.installing && (
                    <Chip
                      size="small"
                      label={t('device.apps.installing')}
                      sx={{ mr: 0.5 }}
                    />
                  )}
                  {app.managed && (
                    <Chip
                      size="small"
                      variant="outlined"
                      label={t('device.apps.managed')}
                    />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}

/** The licenses assigned to the device's serial number, and how each came to be. */
export function DeviceLicensesCard(props: { serialNumber: string | null }) {
  const { serialNumber } = props;
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const licenses = useAsync(async () => {
    if (!serialNumber) return undefined;
    const [list, tokens] = await Promise.all([
      vppApi.listLicenses({ serialNumber, limit: 500 }),
      vppApi.listTokens().catch(() => ({ items: [] })),
    ]);
    const names = new Map(tokens.items.map(tk => [tk.id, tk.displayName]));
    return { ...list, names };
  }, [vppApi, serialNumber]);

  let body;
  if (!serialNumber) {
    body = (
      <Typography variant="body2" color="text.secondary">
        {t('device.licenses.noSerial')}
      </Typography>
    );
  } else if (licenses.error) {
    body = (
      <SectionError
        title={t('device.licenses.loadError')}
        error={licenses.error}
      />
    );
  } else if (!licenses.value) {
    body = <LinearProgress />;
  } else if (licenses.value.items.length === 0) {
    body = (
      <Typography variant="body2" color="text.secondary">
        {t('device.licenses.none')}
      </Typography>
    );
  } else {
    const names = licenses.value.names;
    body = (
      <Table size="small" data-testid="vpp-device-licenses">
        <TableHead>
          <TableRow>
            <TableCell>{t('licenses.columns.app')}</TableCell>
            <TableCell>{t('licenses.columns.token')}</TableCell>
            <TableCell>{t('licenses.columns.mode')}</TableCell>
            <TableCell>{t('licenses.columns.by')}</TableCell>
            <TableCell>{t('licenses.columns.when')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {licenses.value.items.map(license => (
            <TableRow key={`${license.tokenId}/${license.adamId}`}>
              <TableCell>
                <LicenseAppLink license={license} />
              </TableCell>
              <TableCell>
                {names.get(license.tokenId) ?? license.tokenId}
              </TableCell>
              <TableCell>
                <LicenseModeChip license={license} />
              </TableCell>
              <TableCell>
                <LicenseAssignedBy license={license} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {licenseAssignedAt(license)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }
  return (
    <InfoCard
      title={t('device.licenses.title')}
      subheader={t('device.licenses.description')}
    >
      {body}
    </InfoCard>
  );
}

/** Changes made to the device through the portal (`GET /history?deviceId=`). */
export function DeviceHistoryCard(props: { deviceId: string }) {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const history = useAsync(
    async () => vppApi.listHistory({ deviceId: props.deviceId, limit: 50 }),
    [vppApi, props.deviceId],
  );
  let body;
  if (history.error) {
    body = (
      <SectionError title={t('history.loadError')} error={history.error} />
    );
  } else if (!history.value) {
    body = <LinearProgress />;
  } else if (history.value.items.length === 0) {
    body = (
      <Typography variant="body2" color="text.secondary">
        {t('device.history.empty')}
      </Typography>
    );
  } else {
    body = (
      <HistoryTable
        testId="vpp-device-history"
        entries={history.value.items}
        renderDetails={entry =>
          `${Object.entries(entry.details)
            .map(([key, value]) => `${key}: ${value}`)
            .join(', ')}${entry.error ? ` — ${entry.error}` : ''}`
        }
      />
    );
  }
  return <InfoCard title={t('history.title')}>{body}</InfoCard>;
}
