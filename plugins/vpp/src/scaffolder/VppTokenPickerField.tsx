import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { VppToken } from '@internal/plugin-vpp-common';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../api';
import { errorMessage } from '../components/shared/errors';
import { formatDate } from '../components/shared/format';
import { vppTranslationRef } from '../translation';

/** Token states the backend installs and assigns with (R-TOK-8). */
export const USABLE_TOKEN_STATUSES = ['ok', 'expiring'];

/**
 * `VppTokenPicker`: the content tokens the user may read, with status and expiry.
 * Expired, revoked, invalid and taken-over tokens are shown but cannot be chosen, with
 * the reason. The value is the token id.
 */
export function VppTokenPickerField(
  props: FieldExtensionComponentProps<string>,
) {
  const { formData, onChange, schema, required, rawErrors, idSchema } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const api = useApi(vppApiRef);
  const tokens = useAsync(async () => (await api.listTokens()).items, [api]);

  const label = (token: VppToken) =>
    `${token.displayName} — ${t(`status.${token.status}`)}, ${t(
      'scaffolderFields.token.expires',
      { date: formatDate(token.expiresAt) },
    )}`;
  let helper: string | undefined = schema.description;
  if (tokens.error) {
    helper = t('scaffolderFields.loadError', {
      message: errorMessage(tokens.error),
    });
  } else if (tokens.value && tokens.value.length === 0) {
    helper = t('scaffolderFields.token.empty');
  }
  return (
    <TextField
      select
      fullWidth
      margin="normal"
      id={idSchema?.$id}
      label={schema.title ?? t('scaffolderFields.token.label')}
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value)}
      error={Boolean(tokens.error) || (rawErrors?.length ?? 0) > 0}
      helperText={helper}
      disabled={tokens.loading}
      SelectProps={{
        renderValue: value => {
          const token = tokens.value?.find(x => x.id === value);
          return token ? label(token) : String(value);
        },
      }}
      inputProps={{ 'data-testid': 'vpp-token-picker' }}
    >
      {(tokens.value ?? []).map(token => {
        const usable = USABLE_TOKEN_STATUSES.includes(token.status);
        return (
          <MenuItem
            key={token.id}
            value={token.id}
            disabled={!usable}
            data-testid="vpp-token-option"
            data-token={token.id}
          >
            <ListItemText
              primary={label(token)}
              secondary={
                usable
                  ? `${token.orgName} / ${token.locationName}`
                  : t('scaffolderFields.token.notUsable', {
                      reason: token.statusReason,
                    })
              }
            />
          </MenuItem>
        );
      })}
    </TextField>
  );
}
