import { Link } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppToken } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { FormEvent, useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { DialogSuccess } from '../shared/DialogSuccess';
import { GroupSelect } from '../shared/GroupSelect';
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
    <Dialog
      open={open}
      onClose={saving ? undefined : onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="vpp-edit-title"
    >
      <DialogTitle id="vpp-edit-title">
        {t('edit.title', { name: token.displayName })}
      </DialogTitle>
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
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            variant="contained"
            disabled={saving || !owner || !displayName.trim()}
          >
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
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
    <Dialog
      open={open}
      onClose={saving ? undefined : onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="vpp-share-title"
    >
      <DialogTitle id="vpp-share-title">{t('share.title')}</DialogTitle>
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
          <DialogActions>
            <Button onClick={onClose} disabled={saving}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              variant="contained"
              disabled={saving || !owner}
            >
              {t('share.submit')}
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
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
    <Dialog
      open={open}
      onClose={deleting ? undefined : onClose}
      aria-labelledby="vpp-delete-title"
    >
      <DialogTitle id="vpp-delete-title">
        {t('delete.title', { name: token.displayName })}
      </DialogTitle>
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
      <DialogActions>
        <Button onClick={onClose} disabled={deleting}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          color="error"
          onClick={confirm}
          disabled={deleting}
        >
          {deleting ? t('delete.deleting') : t('delete.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
