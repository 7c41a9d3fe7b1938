import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  VppAsset,
  VppDistribution,
  VppDistributionItemState,
  VppDistributionState,
} from '@internal/plugin-vpp-common';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { formatDateTime } from '../shared/format';

/** Distributions that will not change any more (polling stops for them). */
export function isFinal(state: VppDistributionState): boolean {
  return (
    state === 'completed' ||
    state === 'completed-with-failures' ||
    state === 'cancelled'
  );
}

/** The translation key of a distribution state (`completed-with-failures` is camel-cased). */
export function distributionStateKey(state: VppDistributionState) {
  return state === 'completed-with-failures'
    ? ('completedWithFailures' as const)
    : state;
}

const STATE_COLOURS: Record<
  VppDistributionState,
  'default' | 'info' | 'success' | 'warning' | 'error'
> = {
  scheduled: 'default',
  running: 'info',
  completed: 'success',
  'completed-with-failures': 'warning',
  cancelled: 'default',
};

export function DistributionStateChip(props: { state: VppDistributionState }) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <Chip
      size="small"
      data-testid="vpp-distribution-state"
      data-state={props.state}
      color={STATE_COLOURS[props.state]}
      variant={props.state === 'cancelled' ? 'outlined' : 'filled'}
      label={t(`distributions.state.${distributionStateKey(props.state)}`)}
    />
  );
}

/** Colours of the item states in the progress bar, its legend and the item table. */
export const ITEM_STATE_COLOURS: Record<VppDistributionItemState, string> = {
  pending: '#9e9e9e',
  licensing: '#90caf9',
  licensed: '#64b5f6',
  queued: '#42a5f5',
  acknowledged: '#1e88e5',
  installing: '#1565c0',
  installed: '#2e7d32',
  failed: '#c62828',
  cancelled: '#616161',
};

/** The dot of an item state's colour, in the legend and the item table. */
export function ItemStateDot(props: { state: VppDistributionItemState }) {
  return (
    <Box
      component="span"
      sx={{
        width: 10,
        height: 10,
        borderRadius: '50%',
        bgcolor: ITEM_STATE_COLOURS[props.state],
      }}
    />
  );
}

type AppsByAdamId = Map<string, VppAsset>;

/**
 * The apps of each token by adamId (names and icons from its synced content), one request
 * per token; a token whose content cannot be read gives an empty map.
 */
export function useAppsOfTokens(tokenIds: string[]): Map<string, AppsByAdamId> {
  const vppApi = useApi(vppApiRef);
  const key = [...new Set(tokenIds)].sort().join(',');
  const state = useAsync(async () => {
    const entries = await Promise.all(
      key
        .split(',')
        .filter(Boolean)
        .map(async tokenId => {
          try {
            const { items } = await vppApi.listAssets(tokenId, {
              productType: 'App',
              limit: 500,
            });
            return [
              tokenId,
              new Map(items.map(asset => [asset.adamId, asset])),
            ] as const;
          } catch {
            return [tokenId, new Map<string, VppAsset>()] as const;
          }
        }),
    );
    return new Map<string, AppsByAdamId>(entries);
  }, [vppApi, key]);
  return state.value ?? new Map();
}

/** One token's apps by adamId; empty while loading. */
export function useTokenApps(tokenId: string | undefined): AppsByAdamId {
  return (
    useAppsOfTokens(tokenId ? [tokenId] : []).get(tokenId ?? '') ?? new Map()
  );
}

/** An app's icon and name (the adamId when the token's content does not know it). */
export function AppLabel(props: {
  adamId: string;
  asset?: VppAsset;
  name?: string;
}) {
  const { adamId, asset, name } = props;
  const label = asset?.name ?? name ?? adamId;
  return (
    <Stack
      direction="row"
      spacing={1}
      alignItems="center"
      component="span"
      data-testid="vpp-distribution-app"
      data-adam-id={adamId}
    >
      <Avatar
        src={asset?.iconUrl}
        alt=""
        variant="rounded"
        sx={{ width: 24, height: 24, fontSize: 12 }}
      >
        {label.slice(0, 1)}
      </Avatar>
      <Typography variant="body2" component="span">
        {label}
      </Typography>
    </Stack>
  );
}

/** "Scheduled for …", "Started …" or "Created …" — when the distribution starts or started. */
export function useStartText() {
  const { t } = useTranslationRef(vppTranslationRef);
  return (d: VppDistribution) => {
    if (d.scheduledAt && !d.startedAt) {
      return t('distributions.when.scheduled', {
        date: formatDateTime(d.scheduledAt),
      });
    }
    if (d.startedAt) {
      return t('distributions.when.started', {
        date: formatDateTime(d.startedAt),
      });
    }
    return t('distributions.when.created', {
      date: formatDateTime(d.createdAt),
    });
  };
}

/** Counts per item state as one stacked bar with a legend (R-DIST-6). */
export function ItemStateBar(props: {
  counts: Partial<Record<VppDistributionItemState, number>>;
  total: number;
  onSelect?: (state: VppDistributionItemState) => void;
}) {
  const { counts, total, onSelect } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const present = (
    Object.keys(ITEM_STATE_COLOURS) as VppDistributionItemState[]
  ).filter(state => (counts[state] ?? 0) > 0);
  const sum = Math.max(
    total,
    present.reduce((n, s) => n + (counts[s] ?? 0), 0),
    1,
  );
  return (
    <Stack spacing={1}>
      <Box
        data-testid="vpp-distribution-bar"
        sx={{
          display: 'flex',
          height: 16,
          borderRadius: 1,
          overflow: 'hidden',
          bgcolor: 'action.hover',
        }}
      >
        {present.map(state => (
          <Box
            key={state}
            title={`${t(`distributions.itemState.${state}`)}: ${counts[state]}`}
            sx={{
              width: `${((counts[state] ?? 0) / sum) * 100}%`,
              bgcolor: ITEM_STATE_COLOURS[state],
            }}
          />
        ))}
      </Box>
      <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        {present.map(state => (
          <Box
            key={state}
            component={onSelect ? 'button' : 'span'}
            type={onSelect ? 'button' : undefined}
            onClick={onSelect ? () => onSelect(state) : undefined}
            data-testid={`vpp-distribution-count-${state}`}
            sx={{
              display: 'inline-flex',
              alignItems: 'center',
              gap: 0.75,
              border: 0,
              p: 0,
              bgcolor: 'transparent',
              color: 'inherit',
              font: 'inherit',
              cursor: onSelect ? 'pointer' : 'default',
            }}
          >
            <ItemStateDot state={state} />
            <Typography variant="body2" component="span">
              {t(`distributions.itemState.${state}`)}{' '}
              <strong data-testid="vpp-distribution-count">
                {(counts[state] ?? 0).toLocaleString()}
              </strong>
            </Typography>
          </Box>
        ))}
      </Stack>
    </Stack>
  );
}
