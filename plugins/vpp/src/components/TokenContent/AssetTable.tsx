import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppAsset } from '@internal/plugin-vpp-common';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import {
  RiAlertLine,
  RiAppsLine,
  RiBookOpenLine,
  RiForbidLine,
  RiInformationLine,
  RiLockLine,
} from '@remixicon/react';
import { Link } from '@backstage/core-components';
import { ReactNode } from 'react';
import { vppTranslationRef } from '../../translation';
import { useVppLinks } from '../shared/useVppLinks';

/** Apple's `totalCount` for unlimited (free) assets: the largest 32-bit integer. */
export const UNLIMITED_COUNT = 2_147_483_647;

const WARNING_COLOUR = '#b26a00';
/** Narrower than MUI's default cell padding, so that all columns fit next to the nav. */
const CELL_PADDING = { px: 1.5 };

export function isUnlimited(asset: VppAsset): boolean {
  return asset.totalCount >= UNLIMITED_COUNT;
}

/** The name to show: the App Store name, or "App 6450000101" until metadata arrives. */
export function useAssetName(): (asset: VppAsset) => string {
  const { t } = useTranslationRef(vppTranslationRef);
  return asset =>
    asset.name?.trim() ||
    t(`content.unnamed.${asset.productType}`, { adamId: asset.adamId });
}

function Count(props: { value: number; testId: string; children?: ReactNode }) {
  return (
    <TableCell
      align="right"
      data-testid={props.testId}
      sx={{
        ...CELL_PADDING,
        fontVariantNumeric: 'tabular-nums',
        whiteSpace: 'nowrap',
      }}
    >
      {props.children ?? props.value.toLocaleString()}
    </TableCell>
  );
}

/** A short remark under the name, explained in its tooltip. */
function Remark(props: {
  icon: ReactNode;
  text: string;
  explain: string;
  colour: string;
  testId: string;
}) {
  return (
    <Tooltip title={props.explain}>
      <Box
        data-testid={props.testId}
        tabIndex={0}
        sx={{
          display: 'inline-flex',
          alignItems: 'center',
          gap: 0.5,
          color: props.colour,
          fontSize: '0.75rem',
          fontWeight: 500,
          cursor: 'help',
          mt: 0.25,
        }}
      >
        {props.icon}
        <span>{props.text}</span>
      </Box>
    </Tooltip>
  );
}

function AssetRow(props: { asset: VppAsset; tokenId?: string }) {
  const { asset, tokenId } = props;
  const links = useVppLinks();
  const { t } = useTranslationRef(vppTranslationRef);
  const assetName = useAssetName();
  const name = assetName(asset);
  const unlimited = isUnlimited(asset);
  const isBook = asset.productType === 'Book';
  const identity = [
    asset.bundleId,
    t('content.adamId', { adamId: asset.adamId }),
  ].filter(Boolean);
  const requirements = [
    asset.version ? t('content.version', { version: asset.version }) : '',
    asset.minimumOsVersion
      ? t('content.minimumOs', { version: asset.minimumOsVersion })
      : '',
  ].filter(Boolean);

  return (
    <TableRow
      hover
      data-testid="vpp-asset-row"
      data-adam-id={asset.adamId}
      data-low-license={asset.lowLicense ? 'true' : 'false'}
      data-device-assignable={asset.deviceAssignable ? 'true' : 'false'}
    >
      <TableCell sx={{ ...CELL_PADDING, minWidth: 280 }}>
        <Stack direction="row" spacing={1.5} alignItems="flex-start">
          <Avatar
            variant="rounded"
            src={asset.iconUrl}
            alt={name}
            sx={{
              width: 40,
              height: 40,
              bgcolor: 'action.selected',
              color: 'text.secondary',
              // App Store icons have their own rounded corners and background.
              '& img': { objectFit: 'cover' },
            }}
            imgProps={{ loading: 'lazy' }}
          >
            {isBook ? <RiBookOpenLine size={20} /> : <RiAppsLine size={20} />}
          </Avatar>
          <Box sx={{ minWidth: 0 }}>
            <Typography
              variant="body2"
              sx={{ fontWeight: 600 }}
              data-testid="vpp-asset-name"
            >
              {tokenId && !isBook ? (
                // The app's install status over the devices (R-DIST-6).
                <Link
                  to={links.appInstallStatus({ tokenId, adamId: asset.adamId })}
                  data-testid="vpp-asset-install-status-link"
                >
                  {name}
                </Link>
              ) : (
                name
              )}
            </Typography>
            <Typography
              variant="caption"
              color="text.secondary"
              display="block"
              data-testid="vpp-asset-identity"
              sx={{ fontFamily: 'monospace' }}
            >
              {identity.join(' · ')}
            </Typography>
            {requirements.length > 0 && (
              <Typography
                variant="caption"
                color="text.secondary"
                display="block"
              >
                {requirements.join(' · ')}
              </Typography>
            )}
            {!asset.deviceAssignable &&
              (isBook ? (
                <Remark
                  testId="vpp-asset-book-users"
                  icon={<RiInformationLine size={14} />}
                  text={t('content.bookUsers')}
                  explain={t('content.bookUsersExplain')}
                  colour="text.secondary"
                />
              ) : (
                <Remark
                  testId="vpp-asset-not-assignable"
                  icon={<RiForbidLine size={14} />}
                  text={t('content.notAssignable')}
                  explain={t('content.notAssignableExplain')}
                  colour="error.main"
                />
              ))}
            {!asset.revocable && !isBook && (
              <Box>
                <Remark
                  testId="vpp-asset-not-revocable"
                  icon={<RiLockLine size={14} />}
                  text={t('content.notRevocable')}
                  explain={t('content.notRevocableExplain')}
                  colour="text.secondary"
                />
              </Box>
            )}
          </Box>
        </Stack>
      </TableCell>
      <TableCell sx={CELL_PADDING}>
        {t(`content.type.${asset.productType}`)}
      </TableCell>
      <TableCell sx={CELL_PADDING}>
        {asset.platforms.length === 0 ? (
          '—'
        ) : (
          <Stack direction="row" spacing={0.5}>
            {asset.platforms.map(platform => (
              <Chip
                key={platform}
                label={platform}
                size="small"
                variant="outlined"
              />
            ))}
          </Stack>
        )}
      </TableCell>
      <Count value={asset.totalCount} testId="vpp-asset-total">
        {unlimited ? t('content.unlimited') : undefined}
      </Count>
      <Count value={asset.assignedCount} testId="vpp-asset-assigned" />
      <Count value={asset.availableCount} testId="vpp-asset-available">
        {unlimited ? (
          t('content.unlimited')
        ) : (
          <Stack
            direction="row"
            spacing={0.75}
            alignItems="center"
            justifyContent="flex-end"
          >
            {asset.lowLicense && (
              <Tooltip
                title={t('content.lowLicenseTooltip', {
                  count: asset.availableCount,
                })}
              >
                <Chip
                  data-testid="vpp-asset-low-license"
                  icon={<RiAlertLine size={14} />}
                  label={t('content.lowLicense')}
                  size="small"
                  sx={{
                    bgcolor: '#fff4e5',
                    color: WARNING_COLOUR,
                    fontWeight: 600,
                    '& .MuiChip-icon': { color: WARNING_COLOUR },
                  }}
                />
              </Tooltip>
            )}
            <Box
              component="span"
              sx={
                asset.lowLicense
                  ? { color: WARNING_COLOUR, fontWeight: 700 }
                  : undefined
              }
            >
              {asset.availableCount.toLocaleString()}
            </Box>
          </Stack>
        )}
      </Count>
      <Count value={asset.retiredCount} testId="vpp-asset-retired" />
    </TableRow>
  );
}

type ColumnKey =
  | 'name'
  | 'type'
  | 'platforms'
  | 'total'
  | 'assigned'
  | 'available'
  | 'retired';

/** Apps and books of a token with their license counts (R-SYNC-1, R-SYNC-4). */
export function AssetTable(props: {
  assets: VppAsset[];
  /** The token the assets belong to: app names then link to their install status. */
  tokenId?: string;
}) {
  const { t } = useTranslationRef(vppTranslationRef);
  const head = (key: ColumnKey, align?: 'right') => (
    <TableCell
      align={align}
      sx={{ ...CELL_PADDING, whiteSpace: 'nowrap', fontWeight: 600 }}
    >
      {t(`content.columns.${key}`)}
    </TableCell>
  );
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="vpp-asset-table">
        <TableHead>
          <TableRow>
            {head('name')}
            {head('type')}
            {head('platforms')}
            {head('total', 'right')}
            {head('assigned', 'right')}
            {head('available', 'right')}
            {head('retired', 'right')}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.assets.map(asset => (
            <AssetRow
              key={`${asset.adamId}/${asset.pricingParam}`}
              asset={asset}
              tokenId={props.tokenId}
            />
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
