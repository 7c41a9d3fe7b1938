import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import DialogContent from '@mui/material/DialogContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { ReactNode } from 'react';
import { vppTranslationRef } from '../../translation';
import { DialogButtons } from '../shared/DialogButtons';
import { TitledDialog } from '../shared/TitledDialog';

/**
 * The dialog a named setting (managed app configuration, VPN setting) is created or
 * edited in: its fields under the message of a failed save, then Cancel and Save.
 */
export function SettingDialog(props: {
  title: string;
  width: 'sm' | 'md';
  formError?: string;
  saveDisabled: boolean;
  onSave: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <TitledDialog
      onClose={props.onClose}
      width={props.width}
      title={props.title}
    >
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {props.formError && <Alert severity="error">{props.formError}</Alert>}
          {props.children}
        </Stack>
      </DialogContent>
      <DialogButtons
        onCancel={props.onClose}
        confirmLabel={t('common.save')}
        onConfirm={props.onSave}
        confirmDisabled={props.saveDisabled}
      />
    </TitledDialog>
  );
}

/** A setting's name, which distributions choose it by. */
export function SettingNameField(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <TextField
      required
      size="small"
      id={props.id}
      label={t('settings.fields.name')}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      error={!!props.error}
      helperText={props.error}
    />
  );
}

/** A setting's free-text description. */
export function SettingDescriptionField(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <TextField
      size="small"
      multiline
      id={props.id}
      label={t('settings.fields.description')}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      error={!!props.error}
      helperText={props.error}
    />
  );
}
