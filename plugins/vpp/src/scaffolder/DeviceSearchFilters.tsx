import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  VPP_DEVICE_SEARCH_FIELDS,
  VppAppInstallStatus,
  VppDeviceSearchField,
  VppInstallState,
} from '@internal/plugin-vpp-common';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { vppTranslationRef } from '../translation';
import { DeviceGroupSelect } from './DeviceGroupSelect';
import { DeviceFilters } from './deviceTargets';

const INSTALL_STATES: VppInstallState[] = [
  'any',
  'no-inventory',
  'not-installed',
  'installed',
];

/**
 * The device picker's search: a group (with subgroups), one of seed A's 14 fields or
 * all of them, and the search text (kept by the picker, which debounces it).
 */
export function DeviceSearchFilters(props: {
  filters: DeviceFilters;
  text: string;
  onTextChange: (text: string) => void;
  onUpdate: (next: Partial<DeviceFilters>) => void;
}) {
  const { filters, text, onTextChange, onUpdate } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mt: 1 }}>
      <Box sx={{ minWidth: 240 }}>
        <DeviceGroupSelect
          value={filters.group ?? ''}
          onChange={group => onUpdate({ group: group || undefined })}
        />
      </Box>
      <FormControlLabel
        control={
          <Checkbox
            checked={Boolean(filters.includeSubgroups)}
            onChange={event =>
              onUpdate({ includeSubgroups: event.target.checked })
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
          onUpdate(
            field
              ? { field, value: text || undefined, q: undefined }
              : { field: undefined, value: undefined, q: text || undefined },
          );
        }}
      >
        <MenuItem value="">{t('scaffolderFields.devices.allFields')}</MenuItem>
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
        onChange={event => onTextChange(event.target.value)}
        inputProps={{ 'data-testid': 'vpp-device-search' }}
      />
    </Box>
  );
}

/**
 * Seed A's install-state search for the chosen app: the state (with the number of
 * devices in each), the installed version, and inventory older than a date.
 */
export function InstallStateFilters(props: {
  /** The search in force (its install state defaults to `any`). */
  query: DeviceFilters;
  filters: DeviceFilters;
  status: VppAppInstallStatus | undefined;
  onUpdate: (next: Partial<DeviceFilters>) => void;
}) {
  const { query, filters, status, onUpdate } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const counts: Record<string, number | undefined> = {
    'no-inventory': status?.noInventory,
    'not-installed': status?.notInstalled,
    installed: status?.installed,
  };
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mt: 2 }}>
      <TextField
        select
        size="small"
        sx={{ minWidth: 220 }}
        label={t('scaffolderFields.devices.installState')}
        value={query.installState ?? 'any'}
        onChange={event =>
          onUpdate({ installState: event.target.value as VppInstallState })
        }
        inputProps={{ 'data-testid': 'vpp-install-state' }}
      >
        {INSTALL_STATES.map(state => {
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
            onUpdate({ version: event.target.value || undefined })
          }
        >
          <MenuItem value="">
            {t('scaffolderFields.devices.anyVersion')}
          </MenuItem>
          {(status?.versions ?? []).map(v => (
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
          onUpdate({ inventoryBefore: event.target.value || undefined })
        }
        inputProps={{ 'data-testid': 'vpp-inventory-before' }}
      />
    </Box>
  );
}
