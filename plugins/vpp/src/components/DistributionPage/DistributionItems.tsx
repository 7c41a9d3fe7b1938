import { InfoCard, Link, ResponseErrorPanel } from '@backstage/core-components';
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
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import {
  AppLabel,
  ITEM_STATE_COLOURS,
} from '../DistributionsPage/distributionParts';
import { formatDateTime } from '../shared/format';
import { useVppLinks } from '../shared/useVppLinks';

const PAGE_SIZES = [25, 50, 100];

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
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(25);
  useEffect(() => setPage(0), [state]);

  const list = useAsyncRetry(
    () =>
      vppApi.listDistributionItems(distributionId, {
        state: state || undefined,
        offset: page * rowsPerPage,
        limit: rowsPerPage,
      }),
    [vppApi, distributionId, state, page, rowsPerPage, refreshKey],
  );

  let body;
  if (list.error && !list.value) {
    body = (
      <ResponseErrorPanel
        error={list.error}
        title={t('distribution.items.loadError')}
      />
    );
  } else if (!list.value) {
    body = <LinearProgress />;
  } else if (list.value.totalCount === 0) {
    body = (
      <Typography sx={{ p: 2 }}>{t('distribution.items.empty')}</Typography>
    );
  } else {
    body = (
      <>
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" data-testid="vpp-distribution-items">
            <TableHead>
              <TableRow>
                {(
                  [
                    'device',
                    'app',
                    'state',
                    'version',
                    'details',
                    'updated',
                  ] as const
                ).map(key => (
                  <TableCell
                    key={key}
                    sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}
                  >
                    {t(`distribution.items.columns.${key}`)}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {list.value.items.map(item => (
                <TableRow
                  key={`${item.deviceId}/${item.adamId}`}
                  data-testid="vpp-distribution-item"
                  data-serial={item.serialNumber}
                  data-adam-id={item.adamId}
                  data-state={item.state}
                >
                  <TableCell sx={{ fontFamily: 'monospace' }}>
                    <Link to={links.device({ deviceId: item.deviceId })}>
                      {item.serialNumber}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <AppLabel
                      adamId={item.adamId}
                      asset={apps.get(item.adamId)}
                      name={appNames.get(item.adamId)}
                    />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Stack direction="row" spacing={0.75} alignItems="center">
                      <Box
                        component="span"
                        sx={{
                          width: 10,
                          height: 10,
                          borderRadius: '50%',
                          bgcolor: ITEM_STATE_COLOURS[item.state],
                        }}
                      />
                      <span data-testid="vpp-distribution-item-state">
                        {t(`distributions.itemState.${item.state}`)}
                      </span>
                    </Stack>
                  </TableCell>
                  <TableCell data-testid="vpp-distribution-item-version">
                    {item.version ?? '—'}
                  </TableCell>
                  <TableCell sx={{ maxWidth: 480 }}>
                    <ItemError item={item} language={language} />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(item.updatedAt)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
        <TablePagination
          component="div"
          count={list.value.totalCount}
          page={page}
          onPageChange={(_, next) => setPage(next)}
          rowsPerPage={rowsPerPage}
          rowsPerPageOptions={PAGE_SIZES}
          onRowsPerPageChange={event => {
            setRowsPerPage(Number(event.target.value));
            setPage(0);
          }}
          labelRowsPerPage={t('content.rowsPerPage')}
          labelDisplayedRows={({ from, to, count }) =>
            t('content.range', {
              from: from.toLocaleString(),
              to: to.toLocaleString(),
              total: count.toLocaleString(),
            })
          }
        />
      </>
    );
  }

  return (
    <InfoCard title={t('distribution.items.title')}>
      <Stack spacing={2}>
        <TextField
          select
          size="small"
          id="vpp-distribution-items-state"
          label={t('distribution.items.state')}
          value={state}
          onChange={event =>
            onStateChange(event.target.value as VppDistributionItemState | '')
          }
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          sx={{ maxWidth: 240 }}
        >
          <option value="">{t('distribution.items.allStates')}</option>
          {VPP_DISTRIBUTION_ITEM_STATES.map(s => (
            <option key={s} value={s}>
              {t(`distributions.itemState.${s}`)}
            </option>
          ))}
        </TextField>
        {body}
      </Stack>
    </InfoCard>
  );
}
