import {
  Content,
  EmptyState,
  Link,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  VPP_LICENSE_MODES,
  VppLicense,
  VppLicenseChangeRequest,
  VppLicenseChangeResult,
  VppLicenseMode,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { RiAddLine } from '@remixicon/react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { formatDateTime } from '../shared/format';
import { LicenseModeChip } from '../shared/LicenseModeChip';
import { useVppLinks } from '../shared/useVppLinks';
import { LicenseAction, LicenseChangeDialog } from './LicenseChangeDialog';
import { LicenseOrphans } from './LicenseOrphans';

const PAGE_SIZES = [25, 50, 100];

/** The managed device of each serial number on the page (one search per serial). */
function useDevicesBySerial(serials: string[]) {
  const vppApi = useApi(vppApiRef);
  const key = [...new Set(serials)].sort().join(',');
  return useAsync(async () => {
    const entries = await Promise.all(
      key
        .split(',')
        .filter(Boolean)
        .map(async serial => {
          try {
            const found = await vppApi.listDevices({
              field: 'serialNumber',
              value: serial,
              limit: 1,
            });
            return [serial, found.items[0]] as const;
          } catch {
            return [serial, undefined] as const;
          }
        }),
    );
    return new Map(entries);
  }, [vppApi, key]);
}

/**
 * `/vpp/licenses` (R-LIC): the ledger of device licenses — how each was assigned
 * (ライセンスの自動割当 / 手動割当 / 既存), by whom, when, by which distribution — with
 * manual assign and revoke, and the orphans of a token.
 */
export function LicensesPage() {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const links = useVppLinks();
  const [tab, setTab] = useState<'ledger' | 'orphans'>('ledger');
  const [tokenId, setTokenId] = useState('');
  const [adamId, setAdamId] = useState('');
  const [serialInput, setSerialInput] = useState('');
  const [serialNumber, setSerialNumber] = useState('');
  const [mode, setMode] = useState<VppLicenseMode | ''>('');
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(25);
  const [dialog, setDialog] = useState<{
    action: LicenseAction;
    initial?: Partial<VppLicenseChangeRequest>;
  }>();
  const [result, setResult] = useState<VppLicenseChangeResult>();

  useDebounce(
    () => {
      setSerialNumber(serialInput.trim());
      setPage(0);
    },
    300,
    [serialInput],
  );

  const tokens = useAsync(() => vppApi.listTokens(), [vppApi]);
  const tokenNames = new Map(
    (tokens.value?.items ?? []).map(tk => [tk.id, tk.displayName]),
  );
  const ledger = useAsyncRetry(
    () =>
      vppApi.listLicenses({
        tokenId: tokenId || undefined,
        adamId: /^\d+$/.test(adamId.trim()) ? adamId.trim() : undefined,
        serialNumber: serialNumber || undefined,
        mode: mode || undefined,
        offset: page * rowsPerPage,
        limit: rowsPerPage,
      }),
    [vppApi, tokenId, adamId, serialNumber, mode, page, rowsPerPage],
  );
  const items = ledger.value?.items ?? [];
  const devices = useDevicesBySerial(items.map(l => l.serialNumber));

  const openRevoke = (license: VppLicense) =>
    setDialog({
      action: 'revoke',
      initial: {
        tokenId: license.tokenId,
        adamIds: [license.adamId],
        serials: [license.serialNumber],
      },
    });

  const filtered = Boolean(tokenId || adamId || serialNumber || mode);
  let body;
  if (ledger.error && !ledger.value) {
    body = (
      <ResponseErrorPanel
        error={ledger.error}
        title={t('licenses.loadError')}
      />
    );
  } else if (!ledger.value) {
    body = <LinearProgress />;
  } else if (ledger.value.totalCount === 0) {
    body = filtered ? (
      <Typography sx={{ p: 2 }}>{t('licenses.empty.noMatch')}</Typography>
    ) : (
      <EmptyState
        missing="data"
        title={t('licenses.empty.title')}
        description={t('licenses.empty.description')}
      />
    );
  } else {
    body = (
      <>
        {ledger.loading && <LinearProgress />}
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" data-testid="vpp-license-table">
            <TableHead>
              <TableRow>
                {(
                  [
                    'token',
                    'app',
                    'serial',
                    'device',
                    'mode',
                    'by',
                    'when',
                  ] as const
                ).map(key => (
                  <TableCell
                    key={key}
                    sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}
                  >
                    {t(`licenses.columns.${key}`)}
                  </TableCell>
                ))}
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(license => {
                const device = devices.value?.get(license.serialNumber);
                return (
                  <TableRow
                    key={`${license.tokenId}/${license.adamId}/${license.serialNumber}`}
                    data-testid="vpp-license-row"
                    data-serial={license.serialNumber}
                    data-adam-id={license.adamId}
                  >
                    <TableCell>
                      {tokenNames.get(license.tokenId) ?? license.tokenId}
                    </TableCell>
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
                    <TableCell sx={{ fontFamily: 'monospace' }}>
                      {license.serialNumber}
                    </TableCell>
                    <TableCell>
                      {device ? (
                        <Link to={links.device({ deviceId: device.id })}>
                          {device.displayName ||
                            device.productName ||
                            device.udid}
                        </Link>
                      ) : (
                        <Typography variant="body2" color="text.secondary">
                          {devices.loading ? '…' : t('licenses.unmanaged')}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>
                      <LicenseModeChip license={license} />
                      {license.distributionId && (
                        <Typography
                          variant="caption"
                          color="text.secondary"
                          display="block"
                        >
                          {t('licenses.distribution', {
                            id: license.distributionId,
                          })}
                        </Typography>
                      )}
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
                    <TableCell align="right">
                      <Button
                        size="small"
                        color="error"
                        variant="outlined"
                        disabled={license.state !== 'assigned'}
                        onClick={() => openRevoke(license)}
                        data-testid="vpp-license-revoke"
                      >
                        {t('licenses.revoke')}
                      </Button>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Box>
        <TablePagination
          component="div"
          count={ledger.value.totalCount}
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

  const tokenSelect = (
    <TextField
      select
      size="small"
      id="vpp-licenses-token"
      label={t('licenses.columns.token')}
      value={tokenId}
      onChange={event => {
        setTokenId(event.target.value);
        setPage(0);
      }}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      sx={{ minWidth: 200 }}
    >
      <option value="">
        {tab === 'orphans'
          ? t('licenses.chooseToken')
          : t('licenses.allTokens')}
      </option>
      {(tokens.value?.items ?? []).map(token => (
        <option key={token.id} value={token.id}>
          {token.displayName}
        </option>
      ))}
    </TextField>
  );

  return (
    <Content>
      <Stack spacing={2}>
        <Stack direction="row" alignItems="center">
          <Box sx={{ flex: 1 }}>
            <Typography variant="h5">{t('licenses.title')}</Typography>
            <Typography variant="body2" color="text.secondary">
              {t('licenses.description')}
            </Typography>
          </Box>
          <Button
            variant="contained"
            startIcon={<RiAddLine size={16} />}
            onClick={() =>
              setDialog({
                action: 'assign',
                initial: tokenId ? { tokenId } : undefined,
              })
            }
            disabled={!tokens.value?.items.length}
          >
            {t('licenses.assign')}
          </Button>
        </Stack>
        {result && (
          <Alert
            severity={result.failed.length ? 'warning' : 'success'}
            onClose={() => setResult(undefined)}
            data-testid="vpp-license-result"
          >
            {result.message}
            {result.failed.map(f => (
              <Typography key={`${f.adamId}/${f.serialNumber}`} variant="body2">
                {f.adamId} / {f.serialNumber}: {f.reason}
              </Typography>
            ))}
          </Alert>
        )}
        <Tabs value={tab} onChange={(_, next) => setTab(next)}>
          <Tab value="ledger" label={t('licenses.tabs.ledger')} />
          <Tab
            value="orphans"
            label={t('licenses.tabs.orphans')}
            data-testid="vpp-licenses-orphans-tab"
          />
        </Tabs>
        <Paper variant="outlined" sx={{ p: 2 }}>
          {tab === 'ledger' ? (
            <Stack spacing={2}>
              <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
                {tokenSelect}
                <TextField
                  size="small"
                  id="vpp-licenses-app"
                  label={t('licenses.filters.app')}
                  value={adamId}
                  onChange={event => {
                    setAdamId(event.target.value);
                    setPage(0);
                  }}
                />
                <TextField
                  size="small"
                  id="vpp-licenses-serial"
                  label={t('licenses.filters.serial')}
                  value={serialInput}
                  onChange={event => setSerialInput(event.target.value)}
                />
                <TextField
                  select
                  size="small"
                  id="vpp-licenses-mode"
                  label={t('licenses.columns.mode')}
                  value={mode}
                  onChange={event => {
                    setMode(event.target.value as VppLicenseMode | '');
                    setPage(0);
                  }}
                  SelectProps={{ native: true }}
                  InputLabelProps={{ shrink: true }}
                  sx={{ minWidth: 180 }}
                >
                  <option value="">{t('licenses.filters.allModes')}</option>
                  {VPP_LICENSE_MODES.map(m => (
                    <option key={m} value={m}>
                      {t(`licenses.mode.${m}`)}
                    </option>
                  ))}
                </TextField>
              </Stack>
              {body}
            </Stack>
          ) : (
            <Stack spacing={2}>
              <Box>{tokenSelect}</Box>
              {tokenId ? (
                <LicenseOrphans
                  tokenId={tokenId}
                  onReclaim={license => openRevoke(license)}
                />
              ) : (
                <Typography variant="body2" color="text.secondary">
                  {t('licenses.orphans.chooseToken')}
                </Typography>
              )}
            </Stack>
          )}
        </Paper>
      </Stack>
      {dialog && tokens.value && (
        <LicenseChangeDialog
          action={dialog.action}
          tokens={tokens.value.items}
          initial={dialog.initial}
          onClose={() => setDialog(undefined)}
          onDone={done => {
            setDialog(undefined);
            setResult(done);
            ledger.retry();
          }}
        />
      )}
    </Content>
  );
}
