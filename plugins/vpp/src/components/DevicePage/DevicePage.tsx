import {
  Content,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
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
import Typography from '@mui/material/Typography';
import { RiArrowLeftLine, RiRefreshLine } from '@remixicon/react';
import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vppApiRef } from '../../api';
import { deviceRouteRef } from '../../routes';
import { vppTranslationRef } from '../../translation';
import { DEVICE_PLATFORM_LABELS, shortGroup } from '../shared/devices';
import { errorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { useVppLinks } from '../shared/useVppLinks';
import { DeviceAttributesCard } from './DeviceAttributesCard';
import {
  DeviceHistoryCard,
  DeviceLicensesCard,
  InstalledAppsCard,
} from './DeviceSections';

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {props.label}
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        sx={{ m: 0, overflowWrap: 'anywhere' }}
      >
        {props.children || '—'}
      </Typography>
    </>
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

  const back = (
    <Link to={links.devices(undefined)}>
      <Box
        component="span"
        sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}
      >
        <RiArrowLeftLine size={16} />
        {t('device.back')}
      </Box>
    </Link>
  );

  if (state.loading && !device) {
    return <Progress />;
  }
  if (state.error || !device) {
    return (
      <Content>
        <Stack spacing={2}>
          {back}
          <ResponseErrorPanel
            error={state.error ?? new Error(deviceId)}
            title={t('device.loadError')}
          />
        </Stack>
      </Content>
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
    <Content>
      <Stack spacing={3}>
        {back}
        {notice && (
          <Alert
            severity={notice.severity}
            onClose={() => setNotice(undefined)}
          >
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
                  device.enrolled
                    ? 'devices.enrolledYes'
                    : 'devices.enrolledNo',
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
            <Fact label={t('devices.fields.serialNumber')}>
              {device.serialNumber}
            </Fact>
            <Fact label={t('devices.fields.udid')}>{device.udid}</Fact>
            <Fact label={t('devices.fields.platform')}>
              {DEVICE_PLATFORM_LABELS[device.platform] ?? device.platform}
            </Fact>
            <Fact label={t('devices.fields.osVersion')}>
              {device.osVersion}
            </Fact>
            <Fact label={t('devices.fields.model')}>
              {[device.productName, device.model].filter(Boolean).join(' · ')}
            </Fact>
            <Fact label={t('devices.fields.wifiMac')}>{device.wifiMac}</Fact>
            <Fact label={t('devices.fields.group')}>
              {shortGroup(device.group)}
            </Fact>
            <Fact label={t('devices.fields.lastCheckInAt')}>
              {formatDateTime(device.lastCheckInAt ?? undefined)}
            </Fact>
            <Fact label={t('devices.fields.inventoryAt')}>
              {device.inventoryAt
                ? formatDateTime(device.inventoryAt)
                : t('devices.noInventory')}
            </Fact>
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
      </Stack>
    </Content>
  );
}
