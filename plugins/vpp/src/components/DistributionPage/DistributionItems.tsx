import { InfoCard, Link } from '@backstage/core-components';
import {
  appLanguageApiRef,
  useApi,
  useApiHolder,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  VPP_DISTRIBUTION_ITEM_STATES,
  VppAsset,
  VppDistributionItem,
  VppDistributionItemState,
} from '@internal/plugin-vpp-common';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { AppLabel, ItemStateDot } from '../DistributionsPage/distributionParts';
import { DataColumn, DataTable } from '../shared/DataTable';
import { formatDateTime } from '../shared/format';
import { FilterSelect } from '../shared/ListFilters';
import { PagedListBody } from '../shared/PagedListBody';
import { usePaging, useServerPage } from '../shared/paging';
import { useVppLinks } from '../shared/useVppLinks';

/** Apple's or the device's error, explained in the viewer's language, with the next step. */
function ItemError(props: {
  item: VppDistributionItem;
  language: 'en' | 'ja';
}) {
  const { item, language } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  if (item.errorNumber === null && !item.explanation) {
    return null;
  }
  return (
    <Box data-testid="vpp-distribution-item-error">
      {item.errorNumber !== null && (
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {t('distribution.items.error', { number: String(item.errorNumber) })}
        </Typography>
      )}
      {item.explanation && (
        <Typography variant="body2">{item.explanation[language]}</Typography>
      )}
      {item.explanation?.nextStep && (
        <Typography variant="body2" color="text.secondary">
          {t('distribution.items.nextStep', {
            text: item.explanation.nextStep[language],
          })}
        </Typography>
      )}
    </Box>
  );
}

/**
 * The table per device and app of one distribution: state, installed version and, for
 * failures, the error number with its explanation and next step. `refreshKey` changes
 * when the page polls, so the table follows the distribution.
 */
export function DistributionItems(props: {
  distributionId: string;
  apps: Map<string, VppAsset>;
  appNames: Map<string, string | undefined>;
  refreshKey: number;
  state: VppDistributionItemState | '';
  onStateChange: (state: VppDistributionItemState | '') => void;
}) {
  const { distributionId, apps, appNames, refreshKey, state, onStateChange } =
    props;
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const links = useVppLinks();
  const languageApi = useApiHolder().get(appLanguageApiRef);
  const language = languageApi?.getLanguage().language === 'ja' ? 'ja' : 'en';
  const paging = usePaging(25);
  const { firstPage } = paging;
  useEffect(() => firstPage(), [firstPage, state]);

  const list = useServerPage(
    paging,
    window =>
      vppApi.listDistributionItems(distributionId, {
        state: state || undefined,
        ...window,
      }),
    [vppApi, distributionId, state, refreshKey],
  );

  const columns: DataColumn<VppDistributionItem>[] = [
    {
      key: 'device',
      title: t('distribution.items.columns.device'),
      sx: { fontFamily: 'monospace' },
      render: item => (
        <Link to={links.device({ deviceId: item.deviceId })}>
          {item.serialNumber}
        </Link>
      ),
    },
    {
      key: 'app',
      title: t('distribution.items.columns.app'),
      render: item => (
        <AppLabel
          adamId={item.adamId}
          asset={apps.get(item.adamId)}
          name={appNames.get(item.adamId)}
        />
      ),
    },
    {
      key: 'state',
      title: t('distribution.items.columns.state'),
      sx: { whiteSpace: 'nowrap' },
      render: item => (
        <Stack direction="row" spacing={0.75} alignItems="center">
          <ItemStateDot state={item.state} />
          <span data-testid="vpp-distribution-item-state">
            {t(`distributions.itemState.${item.state}`)}
          </span>
        </Stack>
      ),
    },
    {
      key: 'version',
      title: t('distribution.items.columns.version'),
      testId: 'vpp-distribution-item-version',
      render: item => item.version ?? '—',
    },
    {
      key: 'details',
      title: t('distribution.items.columns.details'),
      sx: { maxWidth: 480 },
      render: item => <ItemError item={item} language={language} />,
    },
    {
      key: 'updated',
      title: t('distribution.items.columns.updated'),
      sx: { whiteSpace: 'nowrap' },
      render: item => formatDateTime(item.updatedAt),
    },
  ];

  return (
    <InfoCard title={t('distribution.items.title')}>
      <Stack spacing={2}>
        <FilterSelect
          id="vpp-distribution-items-state"
          label={t('distribution.items.state')}
          value={state}
          onChange={onStateChange}
          allLabel={t('distribution.items.allStates')}
          options={VPP_DISTRIBUTION_ITEM_STATES.map(s => ({
            value: s,
            label: t(`distributions.itemState.${s}`),
          }))}
          sx={{ maxWidth: 240 }}
        />
        <PagedListBody
          list={list}
          paging={paging}
          errorTitle={t('distribution.items.loadError')}
          empty={
            <Typography sx={{ p: 2 }}>
              {t('distribution.items.empty')}
            </Typography>
          }
        >
          {page => (
            <DataTable
              testId="vpp-distribution-items"
              columns={columns}
              rows={page.items}
              rowKey={item => `${item.deviceId}/${item.adamId}`}
              rowAttributes={item => ({
                'data-testid': 'vpp-distribution-item',
                'data-serial': item.serialNumber,
                'data-adam-id': item.adamId,
                'data-state': item.state,
              })}
            />
          )}
        </PagedListBody>
      </Stack>
    </InfoCard>
  );
}
