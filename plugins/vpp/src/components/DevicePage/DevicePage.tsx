import { InfoCard, Progress } from '@backstage/core-components';
import {
  useApi,
  useRouteRefParams,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { VppDeviceDetail } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { RiRefreshLine } from '@remixicon/react';
import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vppApiRef } from '../../api';
import { deviceRouteRef } from '../../routes';
import { vppTranslationRef } from '../../translation';
import {
  DetailPageFrame,
  DetailPageLoadError,
} from '../shared/DetailPageFrame';
import { DEVICE_PLATFORM_LABELS, shortGroup } from '../shared/devices';
import { errorMessage } from '../shared/errors';
import { Fact } from '../shared/Fact';
import { formatDateTime } from '../shared/format';
import { useVppLinks } from '../shared/useVppLinks';
import { DeviceAttributesCard } from './DeviceAttributesCard';
import {
  DeviceHistoryCard,
  DeviceLicensesCard,
  InstalledAppsCard,
} from './DeviceSections';

/** A fact the inventory may not have reported yet: a dash then. */
function DeviceFact(props: { label: string; children: ReactNode }) {
  return (
    <Fact label={props.label} breakAnywhere>
      {props.children || '—'}
    </Fact>
  );
}

/** `/vpp/devices/:deviceId`: one device's facts, attributes, apps, licenses and history. */
export function DevicePage() {
  const { deviceId } = useRouteRefParams(deviceRouteRef);
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const links = useVppLinks();
  const [notice, setNotice] = useState<{
    severity: 'success' | 'warning' | 'error';
    text: string;
  }>();
  const [refreshing, setRefreshing] = useState(false);
  const [saved, setSaved] = useState<VppDeviceDetail>();
  // Each save adds a history entry: the history is fetched again.
  const [saveCount, setSaveCount] = useState(0);
  const onSaved = (next: VppDeviceDetail) => {
    setSaved(next);
    setSaveCount(count => count + 1);
  };
  const state = useAsyncRetry(
    () => vppApi.getDevice(deviceId),
    [vppApi, deviceId],
  );
  const device = saved?.id === deviceId ? saved : state.value;

  const back = { to: links.devices(undefined), label: t('device.back') };

  if (state.loading && !device) {
    return <Progress />;
  }
  if (state.error || !device) {
    return (
      <DetailPageLoadError
        back={back}
        error={state.error ?? new Error(deviceId)}
        title={t('device.loadError')}
      />
    );
  }

  const refreshInventory = async () => {
    setRefreshing(true);
    setNotice(undefined);
    try {
      const result = await vppApi.requestDeviceInventory([device.id]);
      setNotice(
        result.requested > 0
          ? { severity: 'success', text: t('device.refreshRequested') }
          : {
              severity: 'warning',
              text: t('device.refreshSkipped', {
                reason: result.skipped.map(s => s.reason).join(' '),
              }),
            },
      );
    } catch (e) {
      setNotice({
        severity: 'error',
        text: t('device.refreshError', { message: errorMessage(e) }),
      });
    } finally {
      setRefreshing(false);
    }
  };

  const title =
    device.displayName ||
    device.productName ||
    device.serialNumber ||
    device.udid;

  return (
    <DetailPageFrame back={back}>
      {notice && (
        <Alert severity={notice.severity} onClose={() => setNotice(undefined)}>
          {notice.text}
        </Alert>
      )}
      <InfoCard
        title={
          <Stack direction="row" spacing={1} alignItems="center">
            <span data-testid="vpp-device-title">{title}</span>
            <Chip
              size="small"
              variant="outlined"
              color={device.enrolled ? 'success' : 'default'}
              label={t(
                device.enrolled ? 'devices.enrolledYes' : 'devices.enrolledNo',
              )}
            />
          </Stack>
        }
        action={
          <Box sx={{ pt: 1, pr: 1 }}>
            <Button
              variant="contained"
              startIcon={<RiRefreshLine size={16} />}
              onClick={refreshInventory}
              disabled={refreshing || !device.enrolled}
            >
              {t('device.refresh')}
            </Button>
          </Box>
        }
      >
        <Box
          component="dl"
          data-testid="vpp-device-facts"
          sx={{
            display: 'grid',
            gridTemplateColumns: {
              xs: 'max-content 1fr',
              md: 'max-content 1fr max-content 1fr',
            },
            columnGap: 3,
            rowGap: 1,
            m: 0,
          }}
        >
          <DeviceFact label={t('devices.fields.serialNumber')}>
            {device.serialNumber}
          </DeviceFact>
          <DeviceFact label={t('devices.fields.udid')}>
            {device.udid}
          </DeviceFact>
          <DeviceFact label={t('devices.fields.platform')}>
            {DEVICE_PLATFORM_LABELS[device.platform] ?? device.platform}
          </DeviceFact>
          <DeviceFact label={t('devices.fields.osVersion')}>
            {device.osVersion}
          </DeviceFact>
          <DeviceFact label={t('devices.fields.model')}>
            {[device.productName, device.model].filter(Boolean).join(' · ')}
          </DeviceFact>
          <DeviceFact label={t('devices.fields.wifiMac')}>
            {device.wifiMac}
          </DeviceFact>
          <DeviceFact label={t('devices.fields.group')}>
            {shortGroup(device.group)}
          </DeviceFact>
          <DeviceFact label={t('devices.fields.lastCheckInAt')}>
            {formatDateTime(device.lastCheckInAt ?? undefined)}
          </DeviceFact>
          <DeviceFact label={t('devices.fields.inventoryAt')}>
            {device.inventoryAt
              ? formatDateTime(device.inventoryAt)
              : t('devices.noInventory')}
          </DeviceFact>
        </Box>
      </InfoCard>
      {/* CSS grid: MUI's Grid pulls its negative margins out of the Stack. */}
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: {
            xs: '1fr',
            lg: 'minmax(0, 1fr) minmax(0, 1fr)',
          },
          gap: 3,
          alignItems: 'start',
        }}
      >
        <DeviceAttributesCard device={device} onSaved={onSaved} />
        <Stack spacing={3} sx={{ minWidth: 0 }}>
          <InstalledAppsCard device={device} />
          <DeviceLicensesCard serialNumber={device.serialNumber} />
        </Stack>
      </Box>
      <DeviceHistoryCard deviceId={device.id} key={saveCount} />
    </DetailPageFrame>
  );
}
