import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import { ReactNode } from 'react';
import { vppTranslationRef } from '../../translation';

/** What a dialog shows once its request succeeded: the outcome, and Close. */
export function DialogSuccess(props: {
  children: ReactNode;
  onClose: () => void;
  testId?: string;
}) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <>
      <DialogContent>
        <Alert severity="success" data-testid={props.testId}>
          {props.children}
        </Alert>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={props.onClose}>
          {t('common.close')}
        </Button>
      </DialogActions>
    </>
  );
}
