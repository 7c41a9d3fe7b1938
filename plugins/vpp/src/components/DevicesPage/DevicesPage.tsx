import { Content, EmptyState, Link } from '@backstage/core-components';
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
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RiDownloadLine, RiUploadLine } from '@remixicon/react';
import { useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { DataColumn, DataTable } from '../shared/DataTable';
import {
  DEVICE_PLATFORM_LABELS,
  DEVICE_PLATFORM_OPTIONS,
  deviceLabel,
  shortGroup,
} from '../shared/devices';
import { errorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { GroupTreeLayout } from '../shared/GroupTreeLayout';
import {
  FilterSelect,
  NoMatchClearFilters,
  SearchField,
} from '../shared/ListFilters';
import { PagedListBody } from '../shared/PagedListBody';
import { usePaging, useServerPage } from '../shared/paging';
import { useDebouncedFilter } from '../shared/useDebouncedFilter';
import { useVppLinks } from '../shared/useVppLinks';
import { downloadDevicesCsv } from './csvDownload';
import { ImportDevicesDialog } from './ImportDevicesDialog';

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

  const paging = usePaging(50);
  const [group, setGroup] = useState('');
  const [includeSubgroups, setIncludeSubgroups] = useState(true);
  const [field, setField] = useState<VppDeviceSearchField | ''>('');
  const search = useDebouncedFilter(paging.firstPage);
  const [platform, setPlatform] = useState<VppDevicePlatform | ''>('');
  const [enrolled, setEnrolled] = useState<'' | 'true' | 'false'>('');
  const [sort, setSort] = useState<VppDeviceSortField>('displayName');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [importOpen, setImportOpen] = useState(false);
  const [notice, setNotice] = useState<{
    severity: 'success' | 'error';
    text: string;
  }>();
  const [exporting, setExporting] = useState(false);

  // The search without paging: the list's filters, and what the export writes.
  const text = search.value;
  const filters: VppDeviceListQuery = {
    ...(text && field ? { field, value: text } : {}),
    ...(text && !field ? { q: text } : {}),
    ...(group ? { group, includeSubgroups } : {}),
    platform: platform || undefined,
    enrolled: enrolled === '' ? undefined : enrolled === 'true',
  };
  const devices = useServerPage(
    paging,
    window => vppApi.listDevices({ ...filters, sort, order, ...window }),
    [vppApi, JSON.stringify(filters), sort, order],
  );

  const filtered = Boolean(text || group || platform || enrolled);
  const clearFilters = () => {
    setGroup('');
    search.clear();
    setField('');
    setPlatform('');
    setEnrolled('');
    paging.firstPage();
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

  // Every column sorts the list by its own field.
  const column = (
    key: VppDeviceSortField,
    render: (device: VppDevice) => React.ReactNode,
  ): DataColumn<VppDevice, VppDeviceSortField> => ({
    key,
    title: t(`devices.fields.${key}`),
    sortField: key,
    render,
  });
  const columns = [
    column('displayName', d => (
      <Link to={links.device({ deviceId: d.id })} data-testid="vpp-device-link">
        {deviceLabel(d)}
      </Link>
    )),
    column('serialNumber', d => d.serialNumber),
    column('employeeNumber', d => d.employeeNumber),
    column('userName', d => d.userName),
    column('platform', d => DEVICE_PLATFORM_LABELS[d.platform] ?? d.platform),
    column('osVersion', d => d.osVersion),
    column('group', d => shortGroup(d.group)),
    column('enrolled', d => (
      <Chip
        size="small"
        variant="outlined"
        color={d.enrolled ? 'success' : 'default'}
        label={t(d.enrolled ? 'devices.enrolledYes' : 'devices.enrolledNo')}
      />
    )),
    column('lastCheckInAt', d => formatDateTime(d.lastCheckInAt ?? undefined)),
    column('inventoryAt', d =>
      d.inventoryAt ? formatDateTime(d.inventoryAt) : t('devices.noInventory'),
    ),
  ];

  const body = (
    <PagedListBody
      list={devices}
      paging={paging}
      errorTitle={t('devices.loadError')}
      reloading={devices.loading}
      empty={
        filtered ? (
          <NoMatchClearFilters
            text={t('devices.empty.noMatch')}
            clearLabel={t('devices.empty.clearFilters')}
            onClear={clearFilters}
          />
        ) : (
          <Box data-testid="vpp-devices-empty">
            <EmptyState
              missing="data"
              title={t('devices.empty.title')}
              description={t('devices.empty.description')}
            />
          </Box>
        )
      }
    >
      {list => (
        <DataTable
          testId="vpp-devices-table"
          columns={columns}
          rows={list.items}
          rowKey={device => device.id}
          rowAttributes={device => ({
            'data-testid': 'vpp-device-row',
            'data-device-id': device.id,
          })}
          hover
          noWrap
          sort={{
            field: sort,
            order,
            onChange: (nextSort, nextOrder) => {
              setSort(nextSort);
              setOrder(nextOrder);
              paging.firstPage();
            },
          }}
        />
      )}
    </PagedListBody>
  );

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
        <GroupTreeLayout
          value={group}
          onChange={ref => {
            setGroup(ref);
            paging.firstPage();
          }}
          includeSubgroups={includeSubgroups}
          onIncludeSubgroupsChange={include => {
            setIncludeSubgroups(include);
            paging.firstPage();
          }}
        >
          <Paper variant="outlined" sx={{ flex: 1, minWidth: 0, p: 2 }}>
            <Stack spacing={2}>
              {/* Wraps: the four filters do not fit beside the group tree at 1280 px. */}
              <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
                <FilterSelect
                  id="vpp-devices-field"
                  label={t('devices.filters.field')}
                  value={field}
                  onChange={next => {
                    setField(next);
                    paging.firstPage();
                  }}
                  allLabel={t('devices.filters.allFields')}
                  options={VPP_DEVICE_SEARCH_FIELDS.map(f => ({
                    value: f,
                    label: t(`devices.fields.${f}`),
                  }))}
                  sx={{ minWidth: 180 }}
                />
                <SearchField
                  id="vpp-devices-search"
                  label={t('devices.filters.search')}
                  placeholder={t('devices.filters.searchPlaceholder')}
                  value={search.input}
                  onChange={search.setInput}
                  sx={{ flex: 1, minWidth: 220 }}
                />
                <FilterSelect
                  id="vpp-devices-platform"
                  label={t('devices.filters.platform')}
                  value={platform}
                  onChange={next => {
                    setPlatform(next);
                    paging.firstPage();
                  }}
                  allLabel={t('devices.filters.allPlatforms')}
                  options={DEVICE_PLATFORM_OPTIONS}
                  sx={{ minWidth: 150 }}
                />
                <FilterSelect
                  id="vpp-devices-enrolled"
                  label={t('devices.filters.enrolled')}
                  value={enrolled}
                  onChange={next => {
                    setEnrolled(next);
                    paging.firstPage();
                  }}
                  allLabel={t('devices.filters.enrolledAny')}
                  options={[
                    { value: 'true', label: t('devices.enrolledYes') },
                    { value: 'false', label: t('devices.enrolledNo') },
                  ]}
                  sx={{ minWidth: 150 }}
                />
              </Stack>
              <Box>{body}</Box>
            </Stack>
          </Paper>
        </GroupTreeLayout>
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
