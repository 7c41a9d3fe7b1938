import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppSettingPlatform, VppVpnConfig } from '@internal/plugin-vpp-common';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import {
  SettingDescriptionField,
  SettingDialog,
  SettingNameField,
} from './SettingDialog';
import { useSettingSave } from './useSettingSave';

const FIELDS = ['name', 'vpnUuid', 'platforms', 'description'] as const;
export const SETTING_PLATFORMS: Record<VppSettingPlatform, string> = {
  ios: 'iOS / iPadOS',
  macos: 'macOS',
};

/** Create or edit a named VPN setting for per-app VPN. */
export function VpnConfigDialog(props: {
  config?: VppVpnConfig;
  onClose: () => void;
  onSaved: (config: VppVpnConfig) => void;
}) {
  const { config } = props;
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const [name, setName] = useState(config?.name ?? '');
  const [vpnUuid, setVpnUuid] = useState(config?.vpnUuid ?? '');
  const [platforms, setPlatforms] = useState<VppSettingPlatform[]>(
    config?.platforms ?? ['ios'],
  );
  const [description, setDescription] = useState(config?.description ?? '');
  const {
    errors,
    formError,
    saving,
    save: send,
  } = useSettingSave({
    fields: FIELDS,
    fieldStatuses: [400],
  });

  const save = () => {
    const request = { name, vpnUuid, platforms, description };
    return send(async () =>
      props.onSaved(
        config
          ? await vppApi.updateVpnConfig(config.id, request)
          : await vppApi.createVpnConfig(request),
      ),
    );
  };

  return (
    <SettingDialog
      title={
        config ? t('settings.vpn.editTitle') : t('settings.vpn.createTitle')
      }
      width="sm"
      formError={formError}
      saveDisabled={saving || !name.trim()}
      onSave={save}
      onClose={props.onClose}
    >
      <SettingNameField
        id="vpp-vpn-name"
        value={name}
        onChange={setName}
        error={errors.name}
      />
      <TextField
        required
        size="small"
        id="vpp-vpn-uuid"
        label={t('settings.fields.vpnUuid')}
        value={vpnUuid}
        onChange={event => setVpnUuid(event.target.value)}
        error={!!errors.vpnUuid}
        helperText={errors.vpnUuid ?? t('settings.vpn.uuidHelp')}
        inputProps={{ style: { fontFamily: 'monospace' } }}
      />
      <FormControl error={!!errors.platforms}>
        <FormLabel>{t('settings.fields.platforms')}</FormLabel>
        <FormGroup row>
          {(Object.keys(SETTING_PLATFORMS) as VppSettingPlatform[]).map(p => (
            <FormControlLabel
              key={p}
              label={SETTING_PLATFORMS[p]}
              control={
                <Checkbox
                  checked={platforms.includes(p)}
                  onChange={event =>
                    setPlatforms(
                      event.target.checked
                        ? [...platforms, p]
                        : platforms.filter(x => x !== p),
                    )
                  }
                />
              }
            />
          ))}
        </FormGroup>
        {errors.platforms && (
          <FormHelperText>{errors.platforms}</FormHelperText>
        )}
      </FormControl>
      <SettingDescriptionField
        id="vpp-vpn-description"
        value={description}
        onChange={setDescription}
        error={errors.description}
      />
    </SettingDialog>
  );
}
