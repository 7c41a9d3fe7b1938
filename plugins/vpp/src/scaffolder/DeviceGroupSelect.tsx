import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import TextField from '@mui/material/TextField';
import useAsync from 'react-use/esm/useAsync';
import { shortGroup } from '../components/shared/devices';
import { errorMessage } from '../components/shared/errors';
import { vppTranslationRef } from '../translation';

/** The catalog's groups, "All groups" first; the value is a group entity ref. */
export function DeviceGroupSelect(props: {
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
