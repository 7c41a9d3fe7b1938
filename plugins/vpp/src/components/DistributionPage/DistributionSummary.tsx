import { InfoCard, Link } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  VppAsset,
  VppDistribution,
  VppDistributionLeftOutReason,
} from '@internal/plugin-vpp-common';
import Box from '@mui/material/Box';
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
import { AppLabel } from '../DistributionsPage/distributionParts';
import { Fact } from '../shared/Fact';
import { formatDateTime } from '../shared/format';
import { useTokenLink } from '../shared/useTokenLink';
import { useVppLinks } from '../shared/useVppLinks';

/** Apple counts unlimited (free) apps' licenses as about 2^31; shown as "Unlimited". */
const UNLIMITED = 1_000_000_000;

const REASON_KEYS: Record<
  VppDistributionLeftOutReason,
  | 'otherPlatform'
  | 'osBelowMinimum'
  | 'unenrolled'
  | 'noSerialNumber'
  | 'noLicenseAvailable'
> = {
  'other-platform': 'otherPlatform',
  'os-below-minimum': 'osBelowMinimum',
  unenrolled: 'unenrolled',
  'no-serial-number': 'noSerialNumber',
  'no-license-available': 'noLicenseAvailable',
};

const factsSx = {
  display: 'grid',
  gridTemplateColumns: { xs: '1fr', sm: 'max-content 1fr' },
  columnGap: 4,
  rowGap: 1,
  m: 0,
} as const;

/** Names of the app configurations and the VPN setting a distribution used (ids when gone). */
function useSettingNames(d: VppDistribution) {
  const vppApi = useApi(vppApiRef);
  const appConfigIds = Object.values(d.appConfigIds ?? {});
  const key = `${appConfigIds.join(',')}|${d.vpnConfigId ?? ''}`;
  return useAsync(async () => {
    const names = new Map<string, string>();
    await Promise.all([
      ...[...new Set(appConfigIds)].map(async id => {
        try {
          names.set(id, (await vppApi.getAppConfig(id)).name);
        } catch {
          names.set(id, id);
        }
      }),
      (async () => {
        if (!d.vpnConfigId) return;
        try {
          names.set(
            d.vpnConfigId,
            (await vppApi.getVpnConfig(d.vpnConfigId)).name,
          );
        } catch {
          names.set(d.vpnConfigId, d.vpnConfigId);
        }
      })(),
    ]);
    return names;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [vppApi, key]).value;
}

/** The options a distribution was started with (R-DIST-6). */
export function DistributionOptions(props: {
  distribution: VppDistribution;
  tokenName?: string;
  apps: Map<string, VppAsset>;
}) {
  const { distribution: d, tokenName, apps } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const tokenLink = useTokenLink();
  const names = useSettingNames(d);
  const links = useVppLinks();
  const yesNo = (value: boolean | undefined) =>
    value ? t('distribution.options.yes') : t('distribution.options.no');
  const planNames = new Map(d.plan.apps.map(a => [a.adamId, a.name]));
  const configs = Object.entries(d.appConfigIds ?? {});

  return (
    <InfoCard title={t('distribution.options.title')}>
      <Box component="dl" sx={factsSx} data-testid="vpp-distribution-options">
        <Fact label={t('distribution.options.token')}>
          <Link to={tokenLink(d.tokenId)}>{tokenName ?? d.tokenId}</Link>
        </Fact>
        <Fact label={t('distribution.options.apps')}>
          <Stack spacing={0.5} component="span">
            {d.adamIds.map(adamId => (
              <Link
                key={adamId}
                to={links.appInstallStatus({ tokenId: d.tokenId, adamId })}
              >
                <AppLabel
                  adamId={adamId}
                  asset={apps.get(adamId)}
                  name={planNames.get(adamId)}
                />
              </Link>
            ))}
          </Stack>
        </Fact>
        <Fact label={t('distribution.options.platform')}>
          {d.platform === 'macos' ? 'macOS' : 'iOS / iPadOS'}
        </Fact>
        <Fact
          label={t('distribution.options.licenseMode')}
          testId="vpp-distribution-license-mode"
        >
          {d.licenseMode === 'manual'
            ? t('distribution.options.licenseModeManual')
            : t('distribution.options.licenseModeAuto')}
        </Fact>
        <Fact label={t('distribution.options.appConfig')}>
          {configs.length === 0
            ? t('distribution.options.none')
            : configs.map(([adamId, id]) => (
                <Box component="span" display="block" key={adamId}>
                  {apps.get(adamId)?.name ?? planNames.get(adamId) ?? adamId}
                  {': '}
                  {names?.get(id) ?? '…'}
                </Box>
              ))}
        </Fact>
        <Fact label={t('distribution.options.vpn')}>
          {d.vpnConfigId
            ? names?.get(d.vpnConfigId) ?? '…'
            : t('distribution.options.none')}
        </Fact>
        <Fact label={t('distribution.options.removeWithMdmProfile')}>
          {yesNo(d.removeWithMdmProfile)}
        </Fact>
        <Fact label={t('distribution.options.preventBackup')}>
          {yesNo(d.preventBackup)}
        </Fact>
        <Fact label={t('distribution.options.removable')}>
          {yesNo(d.removable ?? true)}
        </Fact>
        <Fact
          label={t('distribution.options.scheduledAt')}
          testId="vpp-distribution-scheduled-at"
        >
          {d.scheduledAt
            ? formatDateTime(d.scheduledAt)
            : t('distribution.options.immediate')}
        </Fact>
        <Fact label={t('distribution.options.createdBy')}>
          {d.createdBy.includes(':') ? (
            <EntityRefLink entityRef={d.createdBy} defaultKind="user" />
          ) : (
            d.createdBy
          )}
        </Fact>
        <Fact label={t('distribution.options.createdAt')}>
          {formatDateTime(d.createdAt)}
        </Fact>
        {d.startedAt && (
          <Fact label={t('distribution.options.startedAt')}>
            {formatDateTime(d.startedAt)}
          </Fact>
        )}
        {d.finishedAt && (
          <Fact label={t('distribution.options.finishedAt')}>
            {formatDateTime(d.finishedAt)}
          </Fact>
        )}
      </Box>
    </InfoCard>
  );
}

/** The plan: devices matched, left out and why, and per app the licenses (R-DIST-5). */
export function DistributionPlan(props: {
  distribution: VppDistribution;
  apps: Map<string, VppAsset>;
}) {
  const { distribution: d, apps } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const links = useVppLinks();
  const { plan } = d;
  const leftOut = plan.leftOut.filter(l => l.count > 0);
  const anyGoWithout = plan.apps.some(a => (a.goWithout ?? 0) > 0);
  const anyAlreadyLicensed = plan.apps.some(a => a.alreadyLicensed > 0);
  return (
    <InfoCard title={t('distribution.plan.title')}>
      <Stack spacing={2} data-testid="vpp-distribution-plan">
        <Box component="dl" sx={factsSx}>
          <Fact
            label={t('distribution.plan.devicesMatched')}
            testId="vpp-distribution-devices-matched"
          >
            {plan.devicesMatched.toLocaleString()}
          </Fact>
          <Fact label={t('distribution.plan.items')}>
            {plan.items.toLocaleString()}
          </Fact>
          <Fact label={t('distribution.plan.leftOut')}>
            {leftOut.length === 0
              ? t('distribution.plan.leftOutNone')
              : leftOut.map(l => (
                  <Box
                    component="span"
                    display="block"
                    key={l.reason}
                    data-testid="vpp-distribution-left-out"
                  >
                    {t(`distribution.plan.reasons.${REASON_KEYS[l.reason]}`)}:{' '}
                    {l.count.toLocaleString()}
                  </Box>
                ))}
          </Fact>
        </Box>
        {/* Words whole ("Unlimited", not "Unlimi-ted"); a narrow card scrolls instead. */}
        <Box sx={{ overflowX: 'auto' }}>
          <Table
            size="small"
            sx={{
              '& th, & td': { overflowWrap: 'normal', wordBreak: 'normal' },
              '& td.MuiTableCell-alignRight': { whiteSpace: 'nowrap' },
            }}
          >
            <TableHead>
              <TableRow>
                <TableCell sx={{ fontWeight: 600 }}>
                  {t('distribution.plan.columns.app')}
                </TableCell>
                <TableCell align="right" sx={{ fontWeight: 600 }}>
                  {t('distribution.plan.columns.needed')}
                </TableCell>
                <TableCell align="right" sx={{ fontWeight: 600 }}>
                  {t('distribution.plan.columns.alreadyLicensed')}
                </TableCell>
                <TableCell align="right" sx={{ fontWeight: 600 }}>
                  {t('distribution.plan.columns.available')}
                </TableCell>
                {anyGoWithout && (
                  <TableCell align="right" sx={{ fontWeight: 600 }}>
                    {t('distribution.plan.columns.goWithout')}
                  </TableCell>
                )}
              </TableRow>
            </TableHead>
            <TableBody>
              {plan.apps.map(app => (
                <TableRow
                  key={app.adamId}
                  data-testid="vpp-distribution-plan-app"
                  data-adam-id={app.adamId}
                >
                  <TableCell>
                    <AppLabel
                      adamId={app.adamId}
                      asset={apps.get(app.adamId)}
                      name={app.name}
                    />
                  </TableCell>
                  <TableCell align="right">{app.needed}</TableCell>
                  <TableCell align="right">{app.alreadyLicensed}</TableCell>
                  <TableCell align="right">
                    {app.available >= UNLIMITED
                      ? t('distribution.plan.unlimited')
                      : app.available.toLocaleString()}
                  </TableCell>
                  {anyGoWithout && (
                    <TableCell align="right">{app.goWithout ?? 0}</TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
        {anyAlreadyLicensed && (
          <Typography variant="caption" color="text.secondary">
            {t('distribution.plan.alreadyLicensedNote')}
          </Typography>
        )}
        {plan.withoutLicense && plan.withoutLicense.length > 0 && (
          <Box>
            <Typography variant="body2" sx={{ fontWeight: 600 }}>
              {t('distribution.plan.withoutLicense')}
            </Typography>
            {plan.withoutLicense.map(w => (
              <Typography
                variant="body2"
                key={`${w.deviceId}/${w.adamId}`}
                sx={{ fontFamily: 'monospace' }}
              >
                <Link to={links.device({ deviceId: w.deviceId })}>
                  {w.serialNumber}
                </Link>{' '}
                — {apps.get(w.adamId)?.name ?? w.adamId}
              </Typography>
            ))}
          </Box>
        )}
      </Stack>
    </InfoCard>
  );
}
