import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import { ReactNode } from 'react';
import { vppTranslationRef } from '../../translation';

/**
 * A dialog's Cancel and its main button. Without `onConfirm` the main button submits the
 * form the buttons stand in.
 */
export function DialogButtons(props: {
  onCancel: () => void;
  /** Set while a request runs, where closing would lose its answer. */
  cancelDisabled?: boolean;
  /** Instead of "Cancel". */
  cancelLabel?: string;
  confirmLabel: ReactNode;
  confirmDisabled?: boolean;
  onConfirm?: () => void;
  confirmColor?: 'primary' | 'warning' | 'error';
  confirmTestId?: string;
}) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <DialogActions>
      <Button onClick={props.onCancel} disabled={props.cancelDisabled}>
        {props.cancelLabel ?? t('common.cancel')}
      </Button>
      <Button
        type={props.onConfirm ? undefined : 'submit'}
        variant="contained"
        color={props.confirmColor}
        onClick={props.onConfirm}
        disabled={props.confirmDisabled}
        data-testid={props.confirmTestId}
      >
        {props.confirmLabel}
      </Button>
    </DialogActions>
  );
}
