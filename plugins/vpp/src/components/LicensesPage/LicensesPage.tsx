import { Content, EmptyState, Link } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
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
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { RiAddLine } from '@remixicon/react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { DataColumn, DataTable } from '../shared/DataTable';
import {
  LicenseAppLink,
  licenseAssignedAt,
  LicenseAssignedBy,
} from '../shared/licenseCells';
import { LicenseModeChip } from '../shared/LicenseModeChip';
import { FilterSelect } from '../shared/ListFilters';
import { PagedListBody } from '../shared/PagedListBody';
import { usePaging, useServerPage } from '../shared/paging';
import { useDebouncedFilter } from '../shared/useDebouncedFilter';
import { useVppLinks } from '../shared/useVppLinks';
import { LicenseAction, LicenseChangeDialog } from './LicenseChangeDialog';
import { LicenseOrphans } from './LicenseOrphans';

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
  const paging = usePaging(25);
  const [tokenId, setTokenId] = useState('');
  const [adamId, setAdamId] = useState('');
  const serial = useDebouncedFilter(paging.firstPage);
  const serialNumber = serial.value;
  const [mode, setMode] = useState<VppLicenseMode | ''>('');
  const [dialog, setDialog] = useState<{
    action: LicenseAction;
    initial?: Partial<VppLicenseChangeRequest>;
  }>();
  const [result, setResult] = useState<VppLicenseChangeResult>();

  const tokens = useAsync(() => vppApi.listTokens(), [vppApi]);
  const tokenNames = new Map(
    (tokens.value?.items ?? []).map(tk => [tk.id, tk.displayName]),
  );
  const ledger = useServerPage(
    paging,
    window =>
      vppApi.listLicenses({
        tokenId: tokenId || undefined,
        adamId: /^\d+$/.test(adamId.trim()) ? adamId.trim() : undefined,
        serialNumber: serialNumber || undefined,
        mode: mode || undefined,
        ...window,
      }),
    [vppApi, tokenId, adamId, serialNumber, mode],
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

  const columns: DataColumn<VppLicense>[] = [
    {
      key: 'token',
      title: t('licenses.columns.token'),
      render: license => tokenNames.get(license.tokenId) ?? license.tokenId,
    },
    {
      key: 'app',
      title: t('licenses.columns.app'),
      render: license => <LicenseAppLink license={license} />,
    },
    {
      key: 'serial',
      title: t('licenses.columns.serial'),
      sx: { fontFamily: 'monospace' },
      render: license => license.serialNumber,
    },
    {
      key: 'device',
      title: t('licenses.columns.device'),
      render: license => {
        const device = devices.value?.get(license.serialNumber);
        return device ? (
          <Link to={links.device({ deviceId: device.id })}>
            {device.displayName || device.productName || device.udid}
          </Link>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {devices.loading ? '…' : t('licenses.unmanaged')}
          </Typography>
        );
      },
    },
    {
      key: 'mode',
      title: t('licenses.columns.mode'),
      render: license => (
        <>
          <LicenseModeChip license={license} />
          {license.distributionId && (
            <Typography
              variant="caption"
              color="text.secondary"
              display="block"
            >
              {t('licenses.distribution', { id: license.distributionId })}
            </Typography>
          )}
        </>
      ),
    },
    {
      key: 'by',
      title: t('licenses.columns.by'),
      render: license => <LicenseAssignedBy license={license} />,
    },
    {
      key: 'when',
      title: t('licenses.columns.when'),
      sx: { whiteSpace: 'nowrap' },
      render: licenseAssignedAt,
    },
    {
      key: 'actions',
      align: 'right',
      render: license => (
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
      ),
    },
  ];

  const filtered = Boolean(tokenId || adamId || serialNumber || mode);
  const body = (
    <PagedListBody
      list={ledger}
      paging={paging}
      errorTitle={t('licenses.loadError')}
      reloading={ledger.loading}
      empty={
        filtered ? (
          <Typography sx={{ p: 2 }}>{t('licenses.empty.noMatch')}</Typography>
        ) : (
          <EmptyState
            missing="data"
            title={t('licenses.empty.title')}
            description={t('licenses.empty.description')}
          />
        )
      }
    >
      {list => (
        <DataTable
          testId="vpp-license-table"
          columns={columns}
          rows={list.items}
          rowKey={license =>
            `${license.tokenId}/${license.adamId}/${license.serialNumber}`
          }
          rowAttributes={license => ({
            'data-testid': 'vpp-license-row',
            'data-serial': license.serialNumber,
            'data-adam-id': license.adamId,
          })}
        />
      )}
    </PagedListBody>
  );

  const tokenSelect = (
    <FilterSelect
      id="vpp-licenses-token"
      label={t('licenses.columns.token')}
      value={tokenId}
      onChange={next => {
        setTokenId(next);
        paging.firstPage();
      }}
      allLabel={
        tab === 'orphans' ? t('licenses.chooseToken') : t('licenses.allTokens')
      }
      options={(tokens.value?.items ?? []).map(token => ({
        value: token.id,
        label: token.displayName,
      }))}
      sx={{ minWidth: 200 }}
    />
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
                    paging.firstPage();
                  }}
                />
                <TextField
                  size="small"
                  id="vpp-licenses-serial"
                  label={t('licenses.filters.serial')}
                  value={serial.input}
                  onChange={event => serial.setInput(event.target.value)}
                />
                <FilterSelect
                  id="vpp-licenses-mode"
                  label={t('licenses.columns.mode')}
                  value={mode}
                  onChange={next => {
                    setMode(next);
                    paging.firstPage();
                  }}
                  allLabel={t('licenses.filters.allModes')}
                  options={VPP_LICENSE_MODES.map(m => ({
                    value: m,
                    label: t(`licenses.mode.${m}`),
                  }))}
                  sx={{ minWidth: 180 }}
                />
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
