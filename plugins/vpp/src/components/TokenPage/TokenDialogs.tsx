import { Link } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppToken } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { FormEvent, useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { DialogButtons } from '../shared/DialogButtons';
import { DialogSuccess } from '../shared/DialogSuccess';
import { GroupSelect } from '../shared/GroupSelect';
import { TitledDialog } from '../shared/TitledDialog';
import { DisplayNameField, NotesField } from '../shared/TokenDetailFields';
import { useSubmission } from '../shared/useSubmission';
import { useTokenLink } from '../shared/useTokenLink';

/** Edit display name, notes and owner group of a token. */
export function EditTokenDialog(props: {
  token: VppToken;
  open: boolean;
  onClose: () => void;
  onSaved: (token: VppToken) => void;
}) {
  const { token, open, onClose, onSaved } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const vppApi = useApi(vppApiRef);
  const [displayName, setDisplayName] = useState(token.displayName);
  const [notes, setNotes] = useState(token.notes);
  const [owner, setOwner] = useState(token.owner);
  const submission = useSubmission();
  const saving = submission.running;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await submission.run(async () => {
      const saved = await vppApi.updateToken(token.id, {
        displayName: displayName.trim(),
        notes,
        owner,
      });
      onSaved(saved);
    });
  };

  return (
    <TitledDialog
      open={open}
      onClose={saving ? undefined : onClose}
      width="sm"
      titleId="vpp-edit-title"
      title={t('edit.title', { name: token.displayName })}
    >
      <form onSubmit={submit} noValidate>
        <DialogContent>
          <Stack spacing={2.5} sx={{ pt: 1 }}>
            <DisplayNameField
              idPrefix="vpp-edit"
              value={displayName}
              onChange={setDisplayName}
              disabled={saving}
            />
            <GroupSelect value={owner} onChange={setOwner} disabled={saving} />
            <NotesField
              idPrefix="vpp-edit"
              value={notes}
              onChange={setNotes}
              disabled={saving}
              withHelp
            />
            {submission.error && (
              <Alert severity="error">{submission.error}</Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogButtons
          onCancel={onClose}
          cancelDisabled={saving}
          confirmLabel={t('common.save')}
          confirmDisabled={saving || !owner || !displayName.trim()}
        />
      </form>
    </TitledDialog>
  );
}

/** Share a token's licenses with another group (R-TOK-7). */
export function ShareTokenDialog(props: {
  token: VppToken;
  open: boolean;
  onClose: () => void;
  onShared?: (share: VppToken) => void;
}) {
  const { token, open, onClose, onShared } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const vppApi = useApi(vppApiRef);
  const tokenLink = useTokenLink();
  const [owner, setOwner] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [notes, setNotes] = useState('');
  const submission = useSubmission();
  const saving = submission.running;
  const [shared, setShared] = useState<VppToken>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!owner) {
      return;
    }
    await submission.run(async () => {
      const share = await vppApi.shareToken(token.id, {
        owner,
        displayName: displayName.trim() || undefined,
        notes: notes.trim() || undefined,
      });
      setShared(share);
      onShared?.(share);
    });
  };

  return (
    <TitledDialog
      open={open}
      onClose={saving ? undefined : onClose}
      width="sm"
      titleId="vpp-share-title"
      title={t('share.title')}
    >
      {shared ? (
        <DialogSuccess onClose={onClose}>
          {t('share.success', { name: token.displayName, group: owner })}{' '}
          <Link to={tokenLink(shared.id)}>{shared.displayName}</Link>
        </DialogSuccess>
      ) : (
        <form onSubmit={submit} noValidate>
          <DialogContent>
            <Stack spacing={2.5}>
              <Typography variant="body2">
                {t('share.intro', { name: token.displayName })}
              </Typography>
              <GroupSelect
                value={owner}
                onChange={setOwner}
                disabled={saving}
                exclude={[token.owner]}
              />
              <DisplayNameField
                idPrefix="vpp-share"
                value={displayName}
                onChange={setDisplayName}
                disabled={saving}
              />
              <NotesField
                idPrefix="vpp-share"
                value={notes}
                onChange={setNotes}
                disabled={saving}
              />
              {submission.error && (
                <Alert severity="error">{submission.error}</Alert>
              )}
            </Stack>
          </DialogContent>
          <DialogButtons
            onCancel={onClose}
            cancelDisabled={saving}
            confirmLabel={t('share.submit')}
            confirmDisabled={saving || !owner}
          />
        </form>
      )}
    </TitledDialog>
  );
}

/** Confirm and delete a token. */
export function DeleteTokenDialog(props: {
  token: VppToken;
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { token, open, onClose, onDeleted } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const vppApi = useApi(vppApiRef);
  const submission = useSubmission();
  const deleting = submission.running;

  const confirm = () =>
    submission.run(async () => {
      await vppApi.deleteToken(token.id);
      onDeleted();
    });

  return (
    <TitledDialog
      open={open}
      onClose={deleting ? undefined : onClose}
      titleId="vpp-delete-title"
      title={t('delete.title', { name: token.displayName })}
    >
      <DialogContent>
        <DialogContentText>
          {t('delete.body', { location: token.locationName })}
        </DialogContentText>
        {submission.error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {submission.error}
          </Alert>
        )}
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        cancelDisabled={deleting}
        confirmLabel={deleting ? t('delete.deleting') : t('delete.confirm')}
        onConfirm={confirm}
        confirmDisabled={deleting}
        confirmColor="error"
      />
    </TitledDialog>
  );
}
