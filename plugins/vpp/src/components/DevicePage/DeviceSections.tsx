import { InfoCard, Link } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { VppDeviceDetail } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
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
import { errorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { LicenseModeChip } from '../shared/LicenseModeChip';
import { useVppLinks } from '../shared/useVppLinks';

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
  const links = useVppLinks();
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
      <Alert severity="error">
        <AlertTitle>{t('device.licenses.loadError')}</AlertTitle>
        {errorMessage(licenses.error)}
      </Alert>
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
                <Link
                  to={links.appInstallStatus({
                    tokenId: license.tokenId,
                    adamId: license.adamId,
                  })}
                >
                  {license.adamId}
                </Link>
              </TableCell>
              <TableCell>
                {names.get(license.tokenId) ?? license.tokenId}
              </TableCell>
              <TableCell>
                <LicenseModeChip license={license} />
              </TableCell>
              <TableCell>
                {license.assignedBy ? (
                  <EntityRefLink
                    entityRef={license.assignedBy}
                    defaultKind="user"
                  />
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(license.assignedAt) || '—'}
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
      <Alert severity="error">
        <AlertTitle>{t('history.loadError')}</AlertTitle>
        {errorMessage(history.error)}
      </Alert>
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
      <Table size="small" data-testid="vpp-device-history">
        <TableHead>
          <TableRow>
            <TableCell>{t('history.columns.when')}</TableCell>
            <TableCell>{t('history.columns.who')}</TableCell>
            <TableCell>{t('history.columns.what')}</TableCell>
            <TableCell>{t('history.columns.outcome')}</TableCell>
            <TableCell>{t('history.columns.details')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {history.value.items.map(entry => (
            <TableRow key={entry.id} data-action={entry.action}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(entry.occurredAt)}
              </TableCell>
              <TableCell>
                {entry.actor.startsWith('user:') ? (
                  <EntityRefLink entityRef={entry.actor} defaultKind="user" />
                ) : (
                  entry.actor
                )}
              </TableCell>
              <TableCell>{entry.action}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  variant="outlined"
                  color={entry.outcome === 'failed' ? 'error' : 'success'}
                  label={t(`history.outcome.${entry.outcome}`)}
                />
              </TableCell>
              <TableCell>
                {Object.entries(entry.details)
                  .map(([key, value]) => `${key}: ${value}`)
                  .join(', ')}
                {entry.error ? ` — ${entry.error}` : ''}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }
  return <InfoCard title={t('history.title')}>{body}</InfoCard>;
}
