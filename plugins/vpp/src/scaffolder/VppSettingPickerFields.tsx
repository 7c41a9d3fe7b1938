import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../api';
import { errorMessage } from '../components/shared/errors';
import { vppTranslationRef } from '../translation';
import { formPlatform, formValue } from './formValues';

interface SettingOption {
  id: string;
  name: string;
  description: string;
}

/** A select of named settings, "None" first; the value is a setting id or empty. */
function SettingSelect(props: {
  field: FieldExtensionComponentProps<string, any>;
  label: string;
  options: SettingOption[] | undefined;
  loading: boolean;
  error?: Error;
  emptyText: string;
  testId: string;
}) {
  const { field, label, options, loading, error, emptyText, testId } = props;
  const { formData, onChange, schema, rawErrors, idSchema } = field;
  const { t } = useTranslationRef(vppTranslationRef);
  let helper = schema.description;
  if (error) {
    helper = t('scaffolderFields.loadError', { message: errorMessage(error) });
  } else if (options && options.length === 0) {
    helper = emptyText;
  }
  return (
    <TextField
      select
      fullWidth
      margin="normal"
      id={idSchema?.$id}
      label={schema.title ?? label}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value || undefined!)}
      disabled={loading}
      error={Boolean(error) || (rawErrors?.length ?? 0) > 0}
      helperText={helper}
      inputProps={{ 'data-testid': testId }}
    >
      <MenuItem value="">{t('scaffolderFields.none')}</MenuItem>
      {(options ?? []).map(option => (
        <MenuItem key={option.id} value={option.id}>
          <ListItemText
            primary={option.name}
            secondary={option.description || undefined}
          />
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * `VppAppConfigPicker`: the managed app configurations of the apps chosen in the form
 * (`ui:options.appsField`, default `adamIds`). Optional; the value is a setting id.
 */
export function VppAppConfigPickerField(
  props: FieldExtensionComponentProps<string, { appsField?: string }>,
) {
  const { t } = useTranslationRef(vppTranslationRef);
  const api = useApi(vppApiRef);
  const adamIds = formValue<string[]>(props, 'appsField', 'adamIds') ?? [];
  const key = adamIds.join(',');
  const configs = useAsync(async () => {
    const lists = await Promise.all(
      key
        .split(',')
        .filter(Boolean)
        .map(adamId => api.listAppConfigs({ adamId, limit: 500 })),
    );
    return lists.flatMap(list => list.items);
  }, [api, key]);
  return (
    <SettingSelect
      field={props}
      label={t('scaffolderFields.settings.appConfig')}
      options={configs.value}
      loading={configs.loading}
      error={configs.error}
      emptyText={t('scaffolderFields.settings.noAppConfigs')}
      testId="vpp-app-config-picker"
    />
  );
}

/**
 * `VppVpnPicker`: the per-app VPN settings for the form's platform
 * (`ui:options.platformField`, default `platform`). Optional; the value is a setting id.
 */
export function VppVpnPickerField(
  props: FieldExtensionComponentProps<string, { platformField?: string }>,
) {
  const { t } = useTranslationRef(vppTranslationRef);
  const api = useApi(vppApiRef);
  const platform = formPlatform(props);
  const vpns = useAsync(
    async () => (await api.listVpnConfigs({ platform, limit: 500 })).items,
    [api, platform],
  );
  return (
    <SettingSelect
      field={props}
      label={t('scaffolderFields.settings.vpn')}
      options={vpns.value}
      loading={vpns.loading}
      error={vpns.error}
      emptyText={t('scaffolderFields.settings.noVpns')}
      testId="vpp-vpn-picker"
    />
  );
}
