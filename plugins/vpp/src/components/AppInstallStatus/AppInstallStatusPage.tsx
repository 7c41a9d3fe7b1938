import {
  Content,
  InfoCard,
  Link,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  useApi,
  useRouteRefParams,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  VppDeviceQuery,
  VppDevicePlatform,
  VppInstallState,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { RiArrowLeftLine, RiInstallLine } from '@remixicon/react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vppApiRef } from '../../api';
import { appInstallStatusRouteRef } from '../../routes';
import { vppTranslationRef } from '../../translation';
import { isUnlimited } from '../TokenContent/AssetTable';
import { DEVICE_PLATFORM_OPTIONS } from '../shared/devices';
import { GroupTreeLayout } from '../shared/GroupTreeLayout';
import { FilterSelect } from '../shared/ListFilters';
import { useTokenLink } from '../shared/useTokenLink';
import { InstallStateDevices } from './InstallStateDevices';
import { StateTile } from './StateTile';

/** The scaffolder template of seed A's second flow, pre-filled from this page. */
export const INSTALL_TEMPLATE_PATH =
  '/create/templates/default/vpp-install-from-status';

/**
 * The template's URL with `formData` (the scaffolder reads `?formData=<JSON>` into the
 * form's initial values): the token, the app and the device search of this page.
 */
export function installTemplateUrl(options: {
  tokenId: string;
  adamId: string;
  search: VppDeviceQuery;
}): string {
  // The template's own parameter names: the token, the app as a one-item list, the
  // install platform (iPadOS installs as iOS), and the device picker's `targets` query.
  const { platform, ...targets } = options.search;
  const formData = {
    token: options.tokenId,
    adamIds: [options.adamId],
    ...(platform ? { platform: platform === 'macos' ? 'macos' : 'ios' } : {}),
    targets: Object.fromEntries(
      Object.entries(targets).filter(([, value]) => value !== undefined),
    ),
  };
  return `${INSTALL_TEMPLATE_PATH}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}

/** The device selection: a state (and for installed apps a version). */
export interface Selection {
  state: Exclude<VppInstallState, 'any'> | 'any';
  version?: string;
}

/**
 * `/vpp/tokens/:tokenId/apps/:adamId` (R-DIST-6, seed A's second flow): which devices
 * have the app, which version, and which have not reported yet; from a selection,
 * "install on these devices" opens the install template with it.
 */
export function AppInstallStatusPage() {
  const { tokenId, adamId } = useRouteRefParams(appInstallStatusRouteRef);
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const tokenLink = useTokenLink();
  const [group, setGroup] = useState('');
  const [includeSubgroups, setIncludeSubgroups] = useState(true);
  const [platform, setPlatform] = useState<VppDevicePlatform | ''>('');
  const [inventoryBefore, setInventoryBefore] = useState('');
  const [selection, setSelection] = useState<Selection>({ state: 'any' });

  const app = useAsync(async () => {
    const [token, assets] = await Promise.all([
      vppApi.getToken(tokenId),
      vppApi.listAssets(tokenId, { q: adamId, limit: 50 }),
    ]);
    return { token, asset: assets.items.find(a => a.adamId === adamId) };
  }, [vppApi, tokenId, adamId]);

  const scope = {
    platform: platform || undefined,
    ...(group ? { group, includeSubgroups } : {}),
  };
  const scopeKey = JSON.stringify(scope);
  const status = useAsyncRetry(
    () => vppApi.getAppInstallStatus(adamId, scope),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [vppApi, adamId, scopeKey],
  );

  const search: VppDeviceQuery = {
    ...scope,
    adamId,
    installState: selection.state,
    version: selection.version,
    inventoryBefore: inventoryBefore || undefined,
  };

  const asset = app.value?.asset;
  const name = asset?.name?.trim() || t('content.unnamed.App', { adamId });
  const counts = status.value;
  const totalDevices = counts
    ? counts.noInventory + counts.notInstalled + counts.installed
    : 0;

  return (
    <Content>
      <Stack spacing={3}>
        <Link to={tokenLink(tokenId)}>
          <Box
            component="span"
            sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}
          >
            <RiArrowLeftLine size={16} />
            {t('installStatus.back', {
              token: app.value?.token.displayName ?? tokenId,
            })}
          </Box>
        </Link>
        {app.error && (
          <ResponseErrorPanel
            error={app.error}
            title={t('installStatus.appLoadError')}
          />
        )}
        <InfoCard
          title={
            <Stack direction="row" spacing={1.5} alignItems="center">
              <Avatar variant="rounded" src={asset?.iconUrl} alt={name} />
              <span data-testid="vpp-install-status-title">{name}</span>
            </Stack>
          }
          action={
            <Box sx={{ pt: 1, pr: 1 }}>
              <Button
                variant="contained"
                startIcon={<RiInstallLine size={16} />}
                href={installTemplateUrl({ tokenId, adamId, search })}
                data-testid="vpp-install-on-devices"
              >
                {t('installStatus.install')}
              </Button>
            </Box>
          }
        >
          {app.loading && <LinearProgress />}
          {asset && (
            <Box
              component="dl"
              data-testid="vpp-install-status-facts"
              sx={{
                display: 'grid',
                gridTemplateColumns: 'max-content 1fr max-content 1fr',
                columnGap: 3,
                rowGap: 1,
                m: 0,
                '& dd': { m: 0 },
              }}
            >
              <Typography component="dt" variant="body2" color="text.secondary">
                {t('installStatus.facts.identity')}
              </Typography>
              <Typography
                component="dd"
                variant="body2"
                sx={{ fontFamily: 'monospace' }}
              >
                {[asset.bundleId, t('content.adamId', { adamId })]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography>
              <Typography component="dt" variant="body2" color="text.secondary">
                {t('installStatus.facts.version')}
              </Typography>
              <Typography component="dd" variant="body2">
                {asset.version ?? '—'}
                {asset.minimumOsVersion
                  ? ` · ${t('content.minimumOs', {
                      version: asset.minimumOsVersion,
                    })}`
                  : ''}
              </Typography>
              <Typography component="dt" variant="body2" color="text.secondary">
                {t('installStatus.facts.licenses')}
              </Typography>
              <Typography
                component="dd"
                variant="body2"
                data-testid="vpp-install-status-licenses"
              >
                {isUnlimited(asset)
                  ? t('content.unlimited')
                  : t('installStatus.facts.licenseCounts', {
                      total: asset.totalCount.toLocaleString(),
                      assigned: asset.assignedCount.toLocaleString(),
                      available: asset.availableCount.toLocaleString(),
                    })}
              </Typography>
              <Typography component="dt" variant="body2" color="text.secondary">
                {t('installStatus.facts.platforms')}
              </Typography>
              <Typography component="dd" variant="body2">
                {asset.platforms.join(', ') || '—'}
              </Typography>
            </Box>
          )}
          {app.value && !asset && (
            <Alert severity="warning">{t('installStatus.notInToken')}</Alert>
          )}
        </InfoCard>

        <GroupTreeLayout
          value={group}
          onChange={setGroup}
          includeSubgroups={includeSubgroups}
          onIncludeSubgroupsChange={setIncludeSubgroups}
        >
          <Stack spacing={2} sx={{ flex: 1, minWidth: 0 }}>
            <Stack direction="row" spacing={2}>
              <FilterSelect
                id="vpp-install-status-platform"
                label={t('devices.filters.platform')}
                value={platform}
                onChange={setPlatform}
                allLabel={t('devices.filters.allPlatforms')}
                options={DEVICE_PLATFORM_OPTIONS}
                sx={{ minWidth: 160 }}
              />
              <TextField
                size="small"
                type="date"
                id="vpp-install-status-inventory-before"
                label={t('installStatus.inventoryBefore')}
                helperText={t('installStatus.inventoryBeforeHelp')}
                value={inventoryBefore}
                onChange={event => setInventoryBefore(event.target.value)}
                InputLabelProps={{ shrink: true }}
              />
            </Stack>
            {status.error && (
              <ResponseErrorPanel
                error={status.error}
                title={t('installStatus.loadError')}
              />
            )}
            {status.loading && <LinearProgress />}
            {counts && (
              <Stack
                direction="row"
                flexWrap="wrap"
                gap={1.5}
                data-testid="vpp-install-state-tiles"
              >
                <StateTile
                  label={t('installStatus.state.any')}
                  count={totalDevices}
                  selected={selection.state === 'any'}
                  onClick={() => setSelection({ state: 'any' })}
                  testId="any"
                />
                <StateTile
                  label={t('installStatus.state.no-inventory')}
                  count={counts.noInventory}
                  selected={selection.state === 'no-inventory'}
                  onClick={() => setSelection({ state: 'no-inventory' })}
                  testId="no-inventory"
                />
                <StateTile
                  label={t('installStatus.state.not-installed')}
                  count={counts.notInstalled}
                  selected={selection.state === 'not-installed'}
                  onClick={() => setSelection({ state: 'not-installed' })}
                  testId="not-installed"
                />
                <StateTile
                  label={t('installStatus.state.installed')}
                  count={counts.installed}
                  selected={
                    selection.state === 'installed' && !selection.version
                  }
                  onClick={() => setSelection({ state: 'installed' })}
                  testId="installed"
                />
                {counts.versions.map(v => (
                  <StateTile
                    key={v.version}
                    label={t('installStatus.versionLabel', {
                      version: v.version,
                    })}
                    count={v.count}
                    selected={
                      selection.state === 'installed' &&
                      selection.version === v.version
                    }
                    onClick={() =>
                      setSelection({ state: 'installed', version: v.version })
                    }
                    testId={`version-${v.version}`}
                    secondary
                  />
                ))}
              </Stack>
            )}
            {counts && totalDevices === 0 && (
              <Alert severity="info">{t('installStatus.noDevices')}</Alert>
            )}
            <InstallStateDevices search={search} />
          </Stack>
        </GroupTreeLayout>
      </Stack>
    </Content>
  );
}
