import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Alert from '@mui/material/Alert';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { vppApiRef } from '../api';
import { errorMessage } from '../components/shared/errors';
import { vppTranslationRef } from '../translation';
import {
  DeviceSearchFilters,
  InstallStateFilters,
} from './DeviceSearchFilters';
import { DeviceTable } from './DeviceTable';
import {
  DeviceFilters,
  deviceQuery,
  isQuery,
  VppDeviceTargets,
} from './deviceTargets';
import { formPlatform, formValue } from './formValues';

export type { VppDeviceTargets } from './deviceTargets';

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

  const [filters, setFilters] = useState<DeviceFilters>(() =>
    isQuery(formData) ? formData : { includeSubgroups: true },
  );
  const [text, setText] = useState(filters.q ?? filters.value ?? '');
  const [selected, setSelected] = useState<string[]>(() =>
    formData && 'deviceIds' in formData ? formData.deviceIds : [],
  );
  const [allSelected, setAllSelected] = useState(isQuery(formData));
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(10);

  const query = useMemo(
    () => deviceQuery(filters, installStateSearch, adamId),
    [filters, installStateSearch, adamId],
  );

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

  const update = (next: Partial<DeviceFilters>) =>
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
      <DeviceSearchFilters
        filters={filters}
        text={text}
        onTextChange={setText}
        onUpdate={update}
      />
      {installStateSearch && !adamId && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {t('scaffolderFields.chooseAppFirst')}
        </Alert>
      )}
      {installStateSearch && adamId && (
        <InstallStateFilters
          query={query}
          filters={filters}
          status={status.value}
          onUpdate={update}
        />
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
      <DeviceTable
        devices={devices.value?.items}
        totalCount={totalCount}
        page={page}
        pageSize={pageSize}
        onPageChange={setPage}
        onPageSizeChange={setPageSize}
        platform={platform}
        selected={selected}
        allSelected={allSelected}
        onTick={tick}
      />
      <FormHelperText data-testid="vpp-device-summary">
        {summary}
      </FormHelperText>
    </FormControl>
  );
}
