import { useTranslationRef } from '@backstage/frontend-plugin-api';
import TextField from '@mui/material/TextField';
import { vppTranslationRef } from '../../translation';

interface TokenTextFieldProps {
  /** Prefix of the element id, e.g. `vpp-register` → `vpp-register-display-name`. */
  idPrefix: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  /** Show the hint under the field (where the token is first described). */
  withHelp?: boolean;
}

/** The token's display name, as the register, edit and share dialogs ask for it. */
export function DisplayNameField(props: TokenTextFieldProps) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <TextField
      id={`${props.idPrefix}-display-name`}
      label={t('register.displayName')}
      helperText={props.withHelp ? t('register.displayNameHelper') : undefined}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      disabled={props.disabled}
      fullWidth
    />
  );
}

/** The token's notes (who downloaded it, when), as the dialogs ask for them. */
export function NotesField(props: TokenTextFieldProps) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <TextField
      id={`${props.idPrefix}-notes`}
      label={t('register.notes')}
      helperText={props.withHelp ? t('register.notesHelper') : undefined}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      disabled={props.disabled}
      multiline
      minRows={2}
      fullWidth
    />
  );
}
