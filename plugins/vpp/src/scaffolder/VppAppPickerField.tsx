import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { VppAsset } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Avatar from '@mui/material/Avatar';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItemAvatar from '@mui/material/ListItemAvatar';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Radio from '@mui/material/Radio';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../api';
import { errorMessage } from '../components/shared/errors';
import { vppTranslationRef } from '../translation';
import { applePlatform, formPlatform, formValue } from './formValues';

/** `ui:options` of VppAppPicker. */
export interface VppAppPickerUiOptions {
  /** The parameter holding the token id. @defaultValue token */
  tokenField?: string;
  /** The parameter holding the platform (`ios` | `macos`). @defaultValue platform */
  platformField?: string;
  /** Several apps (checkboxes) or one (radio buttons). @defaultValue true */
  multiple?: boolean;
}

/** Apple lists at most 500 assets a page; a location rarely has more apps. */
const PAGE = 500;

/**
 * `VppAppPicker`: the apps of the token chosen in the form (`ui:options.tokenField`) for
 * the chosen platform, with icon, name and available/total licenses. Books and apps that
 * cannot be assigned to devices are shown disabled with the reason. The value is an
 * array of adamIds.
 */
export function VppAppPickerField(
  props: FieldExtensionComponentProps<string[], VppAppPickerUiOptions>,
) {
  const { formData, onChange, schema, required, rawErrors, uiSchema } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const api = useApi(vppApiRef);
  const tokenId = formValue<string>(props, 'tokenField', 'token');
  const platform = formPlatform(props);
  const multiple = uiSchema?.['ui:options']?.multiple !== false;
  const [search, setSearch] = useState('');
  const chosen = formData ?? [];

  const assets = useAsync(async () => {
    if (!tokenId) return [];
    const items: VppAsset[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await api.listAssets(tokenId, { offset, limit: PAGE });
      items.push(...page.items);
      if (page.items.length < PAGE) break;
    }
    return items.filter(
      a =>
        a.productType === 'Book' ||
        a.platforms.length === 0 ||
        a.platforms.includes(applePlatform(platform)),
    );
  }, [api, tokenId, platform]);

  const whyDisabled = (asset: VppAsset): string | undefined => {
    if (asset.productType === 'Book') return t('scaffolderFields.app.book');
    if (!asset.deviceAssignable) {
      return t('scaffolderFields.app.notDeviceAssignable');
    }
    return undefined;
  };
  const toggle = (adamId: string) => {
    if (!multiple) {
      onChange([adamId]);
    } else if (chosen.includes(adamId)) {
      onChange(chosen.filter(a => a !== adamId));
    } else {
      onChange([...chosen, adamId]);
    }
  };
  const needle = search.trim().toLowerCase();
  const shown = (assets.value ?? []).filter(
    a =>
      !needle ||
      (a.name ?? '').toLowerCase().includes(needle) ||
      a.adamId.includes(needle) ||
      (a.bundleId ?? '').toLowerCase().includes(needle),
  );

  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={(rawErrors?.length ?? 0) > 0}
      data-testid="vpp-app-picker"
    >
      <Typography variant="subtitle1">
        {schema.title ?? t('scaffolderFields.app.label')}
      </Typography>
      {!tokenId && (
        <Alert severity="info">{t('scaffolderFields.chooseTokenFirst')}</Alert>
      )}
      {tokenId && (
        <TextField
          size="small"
          label={t('scaffolderFields.app.search')}
          value={search}
          onChange={event => setSearch(event.target.value)}
          inputProps={{ 'data-testid': 'vpp-app-search' }}
        />
      )}
      {assets.loading && <LinearProgress />}
      {assets.error && (
        <Alert severity="error">
          {t('scaffolderFields.loadError', {
            message: errorMessage(assets.error),
          })}
        </Alert>
      )}
      {tokenId && assets.value?.length === 0 && (
        <Alert severity="info">{t('scaffolderFields.app.empty')}</Alert>
      )}
      <List dense sx={{ maxHeight: 360, overflowY: 'auto' }}>
        {shown.map(asset => {
          const reason = whyDisabled(asset);
          const checked = chosen.includes(asset.adamId);
          const Control = multiple ? Checkbox : Radio;
          return (
            <ListItemButton
              key={`${asset.adamId}-${asset.pricingParam}`}
              disabled={Boolean(reason)}
              onClick={() => toggle(asset.adamId)}
              data-testid="vpp-app-option"
              data-adam-id={asset.adamId}
            >
              <ListItemIcon>
                <Control edge="start" checked={checked} tabIndex={-1} />
              </ListItemIcon>
              <ListItemAvatar>
                <Avatar
                  variant="rounded"
                  src={asset.iconUrl}
                  alt=""
                  sx={{ width: 32, height: 32 }}
                >
                  {(asset.name ?? asset.adamId).slice(0, 1)}
                </Avatar>
              </ListItemAvatar>
              <ListItemText
                primary={`${asset.name ?? asset.adamId} (${asset.adamId})`}
                secondary={
                  reason ??
                  t('scaffolderFields.app.licenses', {
                    available: String(asset.availableCount),
                    total: String(asset.totalCount),
                  })
                }
              />
            </ListItemButton>
          );
        })}
      </List>
      <FormHelperText>
        {chosen.length > 0
          ? t('scaffolderFields.app.selected', { count: chosen.length })
          : schema.description}
      </FormHelperText>
    </FormControl>
  );
}
