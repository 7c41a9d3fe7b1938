import {
  Content,
  EmptyState,
  Link,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  VPP_DEVICE_SEARCH_FIELDS,
  VppDevice,
  VppDeviceListQuery,
  VppDevicePlatform,
  VppDeviceSearchField,
  VppDeviceSortField,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { RiDownloadLine, RiSearchLine, RiUploadLine } from '@remixicon/react';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import {
  DEVICE_PLATFORM_LABELS,
  DEVICE_PLATFORMS,
  shortGroup,
} from '../shared/devices';
import { errorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { GroupTree } from '../shared/GroupTree';
import { useVppLinks } from '../shared/useVppLinks';
import { downloadDevicesCsv } from './csvDownload';
import { ImportDevicesDialog } from './ImportDevicesDialog';

const PAGE_SIZES = [25, 50, 100];
const SEARCH_DEBOUNCE_MS = 300;

type Column = {
  key: VppDeviceSortField | 'displayName' | 'employeeNumber' | 'userName';
  sort?: VppDeviceSortField;
  render: (device: VppDevice) => React.ReactNode;
};

/**
 * `/vpp/devices` (R-DEV-3): the managed devices by group, searched over seed A's 14
 * fields, filtered by platform and enrolment, sorted and paged on the server; CSV
 * import (with a preview) and export of the current search.
 */
export function DevicesPage() {
  const vppApi = useApi(vppApiRef);
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const links = useVppLinks();

  const [group, setGroup] = useState('');
  const [includeSubgroups, setIncludeSubgroups] = useState(true);
  const [field, setField] = useState<VppDeviceSearchField | ''>('');
  const [search, setSearch] = useState('');
  const [text, setText] = useState('');
  const [platform, setPlatform] = useState<VppDevicePlatform | ''>('');
  const [enrolled, setEnrolled] = useState<'' | 'true' | 'false'>('');
  const [sort, setSort] = useState<VppDeviceSortField>('displayName');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(50);
  const [importOpen, setImportOpen] = useState(false);
  const [notice, setNotice] = useState<{
    severity: 'success' | 'error';
    text: string;
  }>();
  const [exporting, setExporting] = useState(false);

  useDebounce(
    () => {
      const next = search.trim();
      if (next !== text) {
        setText(next);
        setPage(0);
      }
    },
    SEARCH_DEBOUNCE_MS,
    [search],
  );

  // The search without paging: the list's filters, and what the export writes.
  const filters: VppDeviceListQuery = {
    ...(text && field ? { field, value: text } : {}),
    ...(text && !field ? { q: text } : {}),
    ...(group ? { group, includeSubgroups } : {}),
    platform: platform || undefined,
    enrolled: enrolled === '' ? undefined : enrolled === 'true',
  };
  const filterKey = JSON.stringify(filters);
  const devices = useAsyncRetry(
    async () =>
      vppApi.listDevices({
        ...filters,
        sort,
        order,
        offset: page * rowsPerPage,
        limit: rowsPerPage,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [vppApi, filterKey, sort, order, page, rowsPerPage],
  );

  const filtered = Boolean(text || group || platform || enrolled);
  const clearFilters = () => {
    setGroup('');
    setSearch('');
    setText('');
    setField('');
    setPlatform('');
    setEnrolled('');
    setPage(0);
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadDevicesCsv(discoveryApi, fetchApi, filters);
    } catch (e) {
      setNotice({
        severity: 'error',
        text: t('devices.exportError', { message: errorMessage(e) }),
      });
    } finally {
      setExporting(false);
    }
  };

  const columns: Column[] = [
    {
      key: 'displayName',
      sort: 'displayName',
      render: d => (
        <Link
          to={links.device({ deviceId: d.id })}
          data-testid="vpp-device-link"
        >
          {d.displayName || d.productName || d.serialNumber || d.udid}
        </Link>
      ),
    },
    { key: 'serialNumber', sort: 'serialNumber', render: d => d.serialNumber },
    {
      key: 'employeeNumber',
      sort: 'employeeNumber',
      render: d => d.employeeNumber,
    },
    { key: 'userName', sort: 'userName', render: d => d.userName },
    {
      key: 'platform',
      sort: 'platform',
      render: d => DEVICE_PLATFORM_LABELS[d.platform] ?? d.platform,
    },
    { key: 'osVersion', sort: 'osVersion', render: d => d.osVersion },
    { key: 'group', sort: 'group', render: d => shortGroup(d.group) },
    {
      key: 'enrolled',
      sort: 'enrolled',
      render: d => (
        <Chip
          size="small"
          variant="outlined"
          color={d.enrolled ? 'success' : 'default'}
          label={t(d.enrolled ? 'devices.enrolledYes' : 'devices.enrolledNo')}
        />
      ),
    },
    {
      key: 'lastCheckInAt',
      sort: 'lastCheckInAt',
      render: d => formatDateTime(d.lastCheckInAt ?? undefined),
    },
    {
      key: 'inventoryAt',
      sort: 'inventoryAt',
      render: d =>
        d.inventoryAt
          ? formatDateTime(d.inventoryAt)
          : t('devices.noInventory'),
    },
  ];

  const totalCount = devices.value?.totalCount ?? 0;
  let body;
  if (devices.error && !devices.value) {
    body = (
      <ResponseErrorPanel
        error={devices.error}
        title={t('devices.loadError')}
      />
    );
  } else if (!devices.value) {
    body = <LinearProgress />;
  } else if (totalCount === 0 && !filtered) {
    body = (
      <Box data-testid="vpp-devices-empty">
        <EmptyState
          missing="data"
          title={t('devices.empty.title')}
          description={t('devices.empty.description')}
        />
      </Box>
    );
  } else if (totalCount === 0) {
    body = (
      <Stack alignItems="center" spacing={1.5} sx={{ py: 4 }}>
        <Typography>{t('devices.empty.noMatch')}</Typography>
        <Button variant="outlined" onClick={clearFilters}>
          {t('devices.empty.clearFilters')}
        </Button>
      </Stack>
    );
  } else {
    body = (
      <>
        {devices.loading && <LinearProgress />}
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" data-testid="vpp-devices-table">
            <TableHead>
              <TableRow>
                {columns.map(column => (
                  <TableCell
                    key={column.key}
                    sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}
                    sortDirection={sort === column.sort ? order : false}
                  >
                    {column.sort ? (
                      <TableSortLabel
                        active={sort === column.sort}
                        direction={sort === column.sort ? order : 'asc'}
                        onClick={() => {
                          if (sort === column.sort) {
                            setOrder(order === 'asc' ? 'desc' : 'asc');
                          } else {
                            setSort(column.sort!);
                            setOrder('asc');
                          }
                          setPage(0);
                        }}
                      >
                        {t(`devices.fields.${column.key}`)}
                      </TableSortLabel>
                    ) : (
                      t(`devices.fields.${column.key}`)
                    )}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {devices.value.items.map(device => (
                <TableRow
                  key={device.id}
                  hover
                  data-testid="vpp-device-row"
                  data-device-id={device.id}
                >
                  {columns.map(column => (
                    <TableCell key={column.key} sx={{ whiteSpace: 'nowrap' }}>
                      {column.render(device) ?? ''}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
        <TablePagination
          component="div"
          count={totalCount}
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
    <Content>
      <Stack spacing={2}>
        <Stack direction="row" alignItems="center" spacing={1}>
          <Box sx={{ flex: 1 }}>
            <Typography variant="h5">{t('devices.title')}</Typography>
            <Typography variant="body2" color="text.secondary">
              {t('devices.description')}
            </Typography>
          </Box>
          <Button
            variant="outlined"
            startIcon={<RiUploadLine size={16} />}
            onClick={() => setImportOpen(true)}
          >
            {t('devices.import.open')}
          </Button>
          <Button
            variant="outlined"
            startIcon={<RiDownloadLine size={16} />}
            onClick={exportCsv}
            disabled={exporting}
            data-testid="vpp-devices-export"
          >
            {t('devices.export')}
          </Button>
        </Stack>
        {notice && (
          <Alert
            severity={notice.severity}
            onClose={() => setNotice(undefined)}
          >
            {notice.text}
          </Alert>
        )}
        <Stack
          direction={{ xs: 'column', md: 'row' }}
          spacing={2}
          alignItems="flex-start"
        >
          <Paper variant="outlined" sx={{ width: { md: 260 }, flexShrink: 0 }}>
            <GroupTree
              value={group}
              onChange={ref => {
                setGroup(ref);
                setPage(0);
              }}
              includeSubgroups={includeSubgroups}
              onIncludeSubgroupsChange={include => {
                setIncludeSubgroups(include);
                setPage(0);
              }}
            />
          </Paper>
          <Paper variant="outlined" sx={{ flex: 1, minWidth: 0, p: 2 }}>
            <Stack spacing={2}>
              <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2}>
                <TextField
                  select
                  size="small"
                  id="vpp-devices-field"
                  label={t('devices.filters.field')}
                  value={field}
                  onChange={event => {
                    setField(event.target.value as VppDeviceSearchField | '');
                    setPage(0);
                  }}
                  SelectProps={{ native: true }}
                  InputLabelProps={{ shrink: true }}
                  sx={{ minWidth: 180 }}
                >
                  <option value="">{t('devices.filters.allFields')}</option>
                  {VPP_DEVICE_SEARCH_FIELDS.map(f => (
                    <option key={f} value={f}>
                      {t(`devices.fields.${f}`)}
                    </option>
                  ))}
                </TextField>
                <TextField
                  size="small"
                  type="search"
                  id="vpp-devices-search"
                  label={t('devices.filters.search')}
                  placeholder={t('devices.filters.searchPlaceholder')}
                  value={search}
                  onChange={event => setSearch(event.target.value)}
                  sx={{ flex: 1, minWidth: 220 }}
                  InputProps={{
                    startAdornment: (
                      <InputAdornment position="start">
                        <RiSearchLine size={16} />
                      </InputAdornment>
                    ),
                  }}
                />
                <TextField
                  select
                  size="small"
                  id="vpp-devices-platform"
                  label={t('devices.filters.platform')}
                  value={platform}
                  onChange={event => {
                    setPlatform(event.target.value as VppDevicePlatform | '');
                    setPage(0);
                  }}
                  SelectProps={{ native: true }}
                  InputLabelProps={{ shrink: true }}
                  sx={{ minWidth: 150 }}
                >
                  <option value="">{t('devices.filters.allPlatforms')}</option>
                  {DEVICE_PLATFORMS.map(p => (
                    <option key={p} value={p}>
                      {DEVICE_PLATFORM_LABELS[p]}
                    </option>
                  ))}
                </TextField>
                <TextField
                  select
                  size="small"
                  id="vpp-devices-enrolled"
                  label={t('devices.filters.enrolled')}
                  value={enrolled}
                  onChange={event => {
                    setEnrolled(event.target.value as '' | 'true' | 'false');
                    setPage(0);
                  }}
                  SelectProps={{ native: true }}
                  InputLabelProps={{ shrink: true }}
                  sx={{ minWidth: 150 }}
                >
                  <option value="">{t('devices.filters.enrolledAny')}</option>
                  <option value="true">{t('devices.enrolledYes')}</option>
                  <option value="false">{t('devices.enrolledNo')}</option>
                </TextField>
              </Stack>
              <Box>{body}</Box>
            </Stack>
          </Paper>
        </Stack>
      </Stack>
      <ImportDevicesDialog
        open={importOpen}
        onClose={() => setImportOpen(false)}
        onImported={result => {
          setImportOpen(false);
          setNotice({
            severity: 'success',
            text: t('devices.import.done', {
              updated: String(result.updated),
              rows: String(result.rows),
            }),
          });
          devices.retry();
        }}
      />
    </Content>
  );
}
