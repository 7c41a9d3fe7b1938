import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  VPP_DEVICE_SEARCH_FIELDS,
  VppDeviceQuery,
  VppDeviceSearchField,
  VppInstallState,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { vppApiRef } from '../api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  DEVICE_PLATFORM_LABELS,
  shortGroup,
} from '../components/shared/devices';
import { errorMessage } from '../components/shared/errors';
import { formatDate } from '../components/shared/format';
import { vppTranslationRef } from '../translation';
import { formPlatform, formValue } from './formValues';

/** `ui:options` of VppDevicePicker. */
export interface VppDevicePickerUiOptions {
  /** The parameter holding the platform (`ios` | `macos`). @defaultValue platform */
  platformField?: string;
  /** The parameter holding the chosen adamIds; the first is the install-state app. @defaultValue adamIds */
  appsField?: string;
  /** Show seed A's install-state search (second flow). @defaultValue false */
  installStateSearch?: boolean;
}

/**
 * The value: the `targets` of `POST /api/vpp/distributions` — ticked devices as
 * `{ deviceIds }`, or, after "select all", the search itself (every match, however many).
 */
export type VppDeviceTargets =
  | { deviceIds: string[] }
  | Omit<VppDeviceQuery, 'platform'>;

/** Filters the picker keeps (the targets query without device ids). */
type Filters = Omit<VppDeviceQuery, 'platform'>;

const PAGE_SIZES = [10, 25, 50];
const INSTALL_STATES: VppInstallState[] = [
  'any',
  'no-inventory',
  'not-installed',
  'installed',
];

/** A stored search ("select all"); the form starts object fields as `{}`, which is none. */
function isQuery(value: VppDeviceTargets | undefined): value is Filters {
  return (
    Boolean(value) &&
    !('deviceIds' in (value as object)) &&
    Object.keys(value as object).length > 0
  );
}

/** The filters without empty values, as sent and stored. */
function compact(filters: Filters): Filters {
  return Object.fromEntries(
    Object.entries(filters).filter(
      ([, v]) => v !== undefined && v !== '' && v !== false,
    ),
  ) as Filters;
}

/** Whether a device of `platform` is one the distribution's platform serves. */
function servedBy(devicePlatform: string, platform: 'ios' | 'macos') {
  return platform === 'macos'
    ? devicePlatform === 'macos'
    : devicePlatform === 'ios' || devicePlatform === 'ipados';
}

/**
 * `VppDevicePicker`: a group (with subgroups), a search over seed A's 14 fields or one
 * of them, optionally the install state of the chosen app (any, no inventory, not
 * installed, installed, a version, inventory older than a date), and a paged table with
 * checkboxes and "select all" — which keeps the search rather than a list of ids.
 * Devices of another platform than the form's are marked: the plan leaves them out.
 */
export function VppDevicePickerField(
  props: FieldExtensionComponentProps<
    VppDeviceTargets,
    VppDevicePickerUiOptions
  >,
) {
  const { formData, onChange, schema, required, rawErrors, uiSchema } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const api = useApi(vppApiRef);
  const platform = formPlatform(props);
  const adamId = formValue<string[]>(props, 'appsField', 'adamIds')?.[0];
  const installStateSearch = Boolean(
    uiSchema?.['ui:options']?.installStateSearch,
  );

  const [filters, setFilters] = useState<Filters>(() =>
    isQuery(formData) ? formData : { includeSubgroups: true },
  );
  const [text, setText] = useState(filters.q ?? filters.value ?? '');
  const [selected, setSelected] = useState<string[]>(() =>
    formData && 'deviceIds' in formData ? formData.deviceIds : [],
  );
  const [allSelected, setAllSelected] = useState(isQuery(formData));
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(10);

  // The install-state filters belong to the chosen app.
  const query: Filters = useMemo(() => {
    const base = { ...filters };
    if (installStateSearch && adamId) {
      base.adamId = adamId;
      base.installState = base.installState ?? 'any';
    } else {
      delete base.adamId;
      delete base.installState;
      delete base.version;
      delete base.inventoryBefore;
    }
    if (base.installState !== 'installed') delete base.version;
    return compact(base);
  }, [filters, installStateSearch, adamId]);

  useDebounce(
    () => {
      setFilters(current =>
        current.field
          ? { ...current, q: undefined, value: text || undefined }
          : { ...current, q: text || undefined, value: undefined },
      );
    },
    300,
    [text],
  );
  // A new search starts on its first page.
  useEffect(() => setPage(0), [query, pageSize]);

  const devices = useAsync(
    () =>
      api.listDevices({
        ...query,
        offset: page * pageSize,
        limit: pageSize,
        sort: 'displayName',
      }),
    [api, query, page, pageSize],
  );
  const status = useAsync(async () => {
    if (!installStateSearch || !adamId) return undefined;
    return api.getAppInstallStatus(adamId, {
      group: query.group,
      includeSubgroups: query.includeSubgroups,
    });
  }, [api, installStateSearch, adamId, query.group, query.includeSubgroups]);

  const totalCount = devices.value?.totalCount ?? 0;

  // "Select all" follows the search; ticked devices stay as they were ticked.
  useEffect(() => {
    if (allSelected) {
      const same = JSON.stringify(formData) === JSON.stringify(query);
      if (!same) onChange(query);
    }
  }, [allSelected, query, formData, onChange]);

  const update = (next: Partial<Filters>) =>
    setFilters(current => ({ ...current, ...next }));
  const tick = (id: string, on: boolean) => {
    const next = on ? [...selected, id] : selected.filter(x => x !== id);
    setSelected(next);
    setAllSelected(false);
    onChange(
      next.length
        ? { deviceIds: next }
        : (undefined as unknown as VppDeviceTargets),
    );
  };
  const selectAll = (on: boolean) => {
    setAllSelected(on);
    setSelected([]);
    onChange(on ? query : (undefined as unknown as VppDeviceTargets));
  };

  let summary: string = t('scaffolderFields.devices.noneSelected');
  if (allSelected) {
    summary = t('scaffolderFields.devices.allSelected', {
      n: String(totalCount),
    });
  } else if (selected.length) {
    summary = t('scaffolderFields.devices.someSelected', {
      count: selected.length,
    });
  }

  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={(rawErrors?.length ?? 0) > 0}
      data-testid="vpp-device-picker"
    >
      <Typography variant="subtitle1">{schema.title}</Typography>
      {schema.description && (
        <Typography variant="body2" color="text.secondary">
          {schema.description}
        </Typography>
      )}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mt: 1 }}>
        <Box sx={{ minWidth: 240 }}>
          <DeviceGroupSelect
            value={filters.group ?? ''}
            onChange={group => update({ group: group || undefined })}
          />
        </Box>
        <FormControlLabel
          control={
            <Checkbox
              checked={Boolean(filters.includeSubgroups)}
              onChange={event =>
                update({ includeSubgroups: event.target.checked })
              }
              data-testid="vpp-include-subgroups"
            />
          }
          label={t('scaffolderFields.devices.includeSubgroups')}
        />
        <TextField
          select
          size="small"
          sx={{ minWidth: 180 }}
          label={t('scaffolderFields.devices.searchField')}
          value={filters.field ?? ''}
          onChange={event => {
            const field = (event.target.value || undefined) as
              | VppDeviceSearchField
              | undefined;
            update(
              field
                ? { field, value: text || undefined, q: undefined }
                : { field: undefined, value: undefined, q: text || undefined },
            );
          }}
        >
          <MenuItem value="">
            {t('scaffolderFields.devices.allFields')}
          </MenuItem>
          {VPP_DEVICE_SEARCH_FIELDS.map(field => (
            <MenuItem key={field} value={field}>
              {field}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          label={t('scaffolderFields.devices.search')}
          value={text}
          onChange={event => setText(event.target.value)}
          inputProps={{ 'data-testid': 'vpp-device-search' }}
        />
      </Box>
      {installStateSearch && !adamId && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {t('scaffolderFields.chooseAppFirst')}
        </Alert>
      )}
      {installStateSearch && adamId && (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mt: 2 }}>
          <TextField
            select
            size="small"
            sx={{ minWidth: 220 }}
            label={t('scaffolderFields.devices.installState')}
            value={query.installState ?? 'any'}
            onChange={event =>
              update({ installState: event.target.value as VppInstallState })
            }
            inputProps={{ 'data-testid': 'vpp-install-state' }}
          >
            {INSTALL_STATES.map(state => {
              const counts: Record<string, number | undefined> = {
                'no-inventory': status.value?.noInventory,
                'not-installed': status.value?.notInstalled,
                installed: status.value?.installed,
              };
              const count = counts[state];
              return (
                <MenuItem key={state} value={state} data-state={state}>
                  {t(`scaffolderFields.devices.installStates.${state}`)}
                  {count !== undefined ? ` (${count})` : ''}
                </MenuItem>
              );
            })}
          </TextField>
          {query.installState === 'installed' && (
            <TextField
              select
              size="small"
              sx={{ minWidth: 180 }}
              label={t('scaffolderFields.devices.version')}
              value={filters.version ?? ''}
              onChange={event =>
                update({ version: event.target.value || undefined })
              }
            >
              <MenuItem value="">
                {t('scaffolderFields.devices.anyVersion')}
              </MenuItem>
              {(status.value?.versions ?? []).map(v => (
                <MenuItem key={v.version} value={v.version}>
                  {v.version} ({v.count})
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            size="small"
            type="date"
            label={t('scaffolderFields.devices.inventoryBefore')}
            InputLabelProps={{ shrink: true }}
            value={filters.inventoryBefore ?? ''}
            onChange={event =>
              update({ inventoryBefore: event.target.value || undefined })
            }
            inputProps={{ 'data-testid': 'vpp-inventory-before' }}
          />
        </Box>
      )}
      {devices.loading && <LinearProgress sx={{ mt: 1 }} />}
      {devices.error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {t('scaffolderFields.loadError', {
            message: errorMessage(devices.error),
          })}
        </Alert>
      )}
      <FormControlLabel
        sx={{ mt: 1 }}
        control={
          <Checkbox
            checked={allSelected}
            disabled={totalCount === 0}
            onChange={event => selectAll(event.target.checked)}
            data-testid="vpp-select-all"
          />
        }
        label={t('scaffolderFields.devices.selectAll', {
          n: String(totalCount),
        })}
      />
      <Table size="small" data-testid="vpp-device-table">
        <TableHead>
          <TableRow sx={{ '& th': { whiteSpace: 'nowrap' } }}>
            <TableCell padding="checkbox" />
            <TableCell>{t('scaffolderFields.devices.columns.name')}</TableCell>
            <TableCell>
              {t('scaffolderFields.devices.columns.serialNumber')}
            </TableCell>
            <TableCell>
              {t('scaffolderFields.devices.columns.platform')}
            </TableCell>
            <TableCell>
              {t('scaffolderFields.devices.columns.osVersion')}
            </TableCell>
            <TableCell>{t('scaffolderFields.devices.columns.group')}</TableCell>
            <TableCell>
              {t('scaffolderFields.devices.columns.userName')}
            </TableCell>
            <TableCell>
              {t('scaffolderFields.devices.columns.inventoryAt')}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(devices.value?.items ?? []).map(device => {
            const served = servedBy(device.platform, platform);
            return (
              <TableRow
                key={device.id}
                data-testid="vpp-device-row"
                data-device={device.id}
              >
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={allSelected || selected.includes(device.id)}
                    disabled={allSelected || !served}
                    onChange={event => tick(device.id, event.target.checked)}
                    inputProps={{
                      'aria-label': device.displayName ?? device.id,
                    }}
                  />
                </TableCell>
                <TableCell>{device.displayName ?? device.udid}</TableCell>
                <TableCell>{device.serialNumber ?? '—'}</TableCell>
                <TableCell>
                  {DEVICE_PLATFORM_LABELS[device.platform] ?? device.platform}
                  {!served && (
                    <Typography
                      variant="caption"
                      color="text.secondary"
                      display="block"
                    >
                      {t('scaffolderFields.devices.otherPlatform')}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{device.osVersion ?? '—'}</TableCell>
                <TableCell>{shortGroup(device.group)}</TableCell>
                <TableCell>{device.userName ?? ''}</TableCell>
                <TableCell>
                  {formatDate(device.inventoryAt ?? undefined)}
                </TableCell>
              </TableRow>
            );
          })}
          {devices.value && devices.value.items.length === 0 && (
            <TableRow>
              <TableCell colSpan={8}>
                {t('scaffolderFields.devices.empty')}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={totalCount}
        page={Math.min(page, Math.max(0, Math.ceil(totalCount / pageSize) - 1))}
        onPageChange={(_, next) => setPage(next)}
        rowsPerPage={pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        onRowsPerPageChange={event =>
          setPageSize(parseInt(event.target.value, 10))
        }
      />
      <FormHelperText data-testid="vpp-device-summary">
        {summary}
      </FormHelperText>
    </FormControl>
  );
}

/** The catalog's groups, "All groups" first; the value is a group entity ref. */
function DeviceGroupSelect(props: {
  value: string;
  onChange: (ref: string) => void;
}) {
  const { value, onChange } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const catalogApi = useApi(catalogApiRef);
  const groups = useAsync(async () => {
    const response = await catalogApi.getEntities({
      filter: { kind: 'Group' },
      fields: ['metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return response.items
      .map(entity => ({
        ref: `group:${entity.metadata.namespace ?? 'default'}/${
          entity.metadata.name
        }`.toLowerCase(),
        label: entity.metadata.title ?? entity.metadata.name,
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [catalogApi]);
  return (
    <TextField
      select
      size="small"
      fullWidth
      label={t('scaffolderFields.devices.group')}
      value={value}
      onChange={event => onChange(event.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      inputProps={{ 'data-testid': 'vpp-device-group' }}
      error={Boolean(groups.error)}
      helperText={
        groups.error
          ? t('scaffolderFields.loadError', {
              message: errorMessage(groups.error),
            })
          : undefined
      }
    >
      <option value="">{t('scaffolderFields.devices.allGroups')}</option>
      {(groups.value ?? []).map(group => (
        <option key={group.ref} value={group.ref}>
          {group.label}
        </option>
      ))}
      {value && !groups.value?.some(g => g.ref === value) && (
        <option value={value}>{shortGroup(value)}</option>
      )}
    </TextField>
  );
}
