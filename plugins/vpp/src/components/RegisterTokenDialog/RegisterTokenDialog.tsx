import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppToken } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Checkbox from '@mui/material/Checkbox';
import DialogContent from '@mui/material/DialogContent';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { FormEvent, useCallback, useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { DialogButtons } from '../shared/DialogButtons';
import { DialogSuccess } from '../shared/DialogSuccess';
import { isManagedElsewhere } from '../shared/errors';
import { formatDate } from '../shared/format';
import { GroupSelect } from '../shared/GroupSelect';
import { TitledDialog } from '../shared/TitledDialog';
import { DisplayNameField, NotesField } from '../shared/TokenDetailFields';
import { ChosenTokenFile, TokenFileInput } from '../shared/TokenFileInput';
import { useSubmission } from '../shared/useSubmission';

/** Register a `.vpptoken` (R-TOK-1, R-TOK-3). */
export function RegisterTokenDialog(props: {
  open: boolean;
  onClose: () => void;
  onRegistered?: (token: VppToken) => void;
}) {
  const { open, onClose, onRegistered } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const vppApi = useApi(vppApiRef);

  const [file, setFile] = useState<ChosenTokenFile>();
  const [owner, setOwner] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [notes, setNotes] = useState('');
  const [takeOverOffered, setTakeOverOffered] = useState(false);
  const [takeOver, setTakeOver] = useState(false);
  const submission = useSubmission();
  const submitting = submission.running;
  const [missing, setMissing] = useState<{ file?: boolean; owner?: boolean }>(
    {},
  );
  const [registered, setRegistered] = useState<VppToken>();
  // Groups the user may not register for are greyed out (owners in the user's groups,
  // or any for administrators); POST /tokens checks the same.
  const registrableAmong = useCallback(
    async (refs: string[]) => (await vppApi.getRegistrableOwners(refs)).owners,
    [vppApi],
  );

  const reset = () => {
    setFile(undefined);
    setOwner('');
    setDisplayName('');
    setNotes('');
    setTakeOverOffered(false);
    setTakeOver(false);
    submission.reset();
    setMissing({});
    setRegistered(undefined);
  };

  const close = () => {
    if (submitting) {
      return;
    }
    reset();
    onClose();
  };

  const chooseFile = (chosen: ChosenTokenFile | undefined) => {
    setFile(chosen);
    submission.reset();
    setTakeOverOffered(false);
    setTakeOver(false);
    setMissing(m => ({ ...m, file: false }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nowMissing = { file: !file, owner: !owner };
    setMissing(nowMissing);
    if (!file || !owner) {
      return;
    }
    const failure = await submission.run(async () => {
      const token = await vppApi.registerToken({
        tokenFile: file.content,
        owner,
        displayName: displayName.trim() || undefined,
        notes: notes.trim() || undefined,
        ...(takeOver ? { takeOver: true } : {}),
      });
      setRegistered(token);
      onRegistered?.(token);
    });
    if (failure && isManagedElsewhere(failure)) {
      setTakeOverOffered(true);
    }
  };

  let submitLabel: string = t('register.submit');
  if (submitting) {
    submitLabel = t('register.submitting');
  } else if (takeOver) {
    submitLabel = t('register.submitTakeOver');
  }

  return (
    <TitledDialog
      open={open}
      onClose={close}
      width="sm"
      titleId="vpp-register-title"
      title={t('register.title')}
    >
      {registered ? (
        <DialogSuccess onClose={close} testId="vpp-register-success">
          {t('register.success', {
            location: registered.locationName,
            date: formatDate(registered.expiresAt),
          })}
        </DialogSuccess>
      ) : (
        <form onSubmit={submit} noValidate>
          <DialogContent>
            <Stack spacing={2.5}>
              <Typography variant="body2">{t('register.intro')}</Typography>
              <div>
                <TokenFileInput onChange={chooseFile} disabled={submitting} />
                {missing.file && (
                  <FormHelperText error>
                    {t('register.missingFile')}
                  </FormHelperText>
                )}
              </div>
              <GroupSelect
                value={owner}
                onChange={value => {
                  setOwner(value);
                  setMissing(m => ({ ...m, owner: false }));
                }}
                disabled={submitting}
                error={missing.owner ? t('register.missingOwner') : undefined}
                allowedAmong={registrableAmong}
              />
              <DisplayNameField
                idPrefix="vpp-register"
                value={displayName}
                onChange={setDisplayName}
                disabled={submitting}
                withHelp
              />
              <NotesField
                idPrefix="vpp-register"
                value={notes}
                onChange={setNotes}
                disabled={submitting}
                withHelp
              />
              {submission.error && (
                <Alert severity="error" data-testid="vpp-register-error">
                  {submission.error}
                </Alert>
              )}
              {takeOverOffered && (
                <div>
                  <FormControlLabel
                    control={
                      <Checkbox
                        checked={takeOver}
                        onChange={e => setTakeOver(e.target.checked)}
                        disabled={submitting}
                      />
                    }
                    label={t('register.takeOver')}
                  />
                  <FormHelperText>
                    {t('register.takeOverExplain')}
                  </FormHelperText>
                </div>
              )}
            </Stack>
          </DialogContent>
          <DialogButtons
            onCancel={close}
            cancelDisabled={submitting}
            confirmLabel={submitLabel}
            confirmDisabled={submitting || (takeOverOffered && !takeOver)}
            confirmColor={takeOver ? 'warning' : 'primary'}
          />
        </form>
      )}
    </TitledDialog>
  );
}
