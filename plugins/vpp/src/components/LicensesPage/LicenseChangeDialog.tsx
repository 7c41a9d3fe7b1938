import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  VppLicenseChangeRequest,
  VppLicenseChangeResult,
  VppToken,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { errorMessage } from '../shared/errors';

export type LicenseAction = 'assign' | 'revoke';

/** Splits "a, b\nc" into ["a", "b", "c"]. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map(s => s.trim())
    .filter(Boolean);
}

/** What Apple will be asked, from a dry run: one line per call, and what is skipped. */
function Plan(props: { plan: VppLicenseChangeResult }) {
  const { plan } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const endpoint =
    plan.action === 'assign'
      ? 'POST /assets/associate'
      : 'POST /assets/disassociate';
  return (
    <Alert
      severity={plan.appleRequests.length ? 'info' : 'warning'}
      data-testid="vpp-license-plan"
    >
      <AlertTitle>
        {plan.appleRequests.length
          ? t(`licenses.change.planTitle.${plan.action}`)
          : t('licenses.change.nothingToAsk')}
      </AlertTitle>
      {plan.appleRequests.map((request, index) => (
        <Typography
          key={index}
          variant="body2"
          sx={{ fontFamily: 'monospace' }}
        >
          {endpoint} —{' '}
          {t('licenses.change.planLine', {
            apps: request.adamIds.join(', '),
            serials: request.serialNumbers.join(', '),
          })}
        </Typography>
      ))}
      {plan.action === 'assign' &&
        plan.apps.map(app => (
          <Typography key={app.adamId} variant="body2">
            {t('licenses.change.appCounts', {
              app: app.name ?? app.adamId,
              requested: String(app.requested),
              available: String(app.available),
            })}
          </Typography>
        ))}
      {plan.skipped.map(skip => (
        <Typography key={`${skip.adamId}/${skip.serialNumber}`} variant="body2">
          {skip.adamId} / {skip.serialNumber}: {skip.message}
        </Typography>
      ))}
    </Alert>
  );
}

/**
 * Manual assign or revoke (R-LIC-2): the apps and serial numbers, then a dry run that
 * says exactly what Apple will be asked, and only then the change.
 */
export function LicenseChangeDialog(props: {
  action: LicenseAction;
  tokens: VppToken[];
  /** Pre-filled request (a row's revoke, an orphan's reclaim). */
  initial?: Partial<VppLicenseChangeRequest>;
  onClose: () => void;
  onDone: (result: VppLicenseChangeResult) => void;
}) {
  const { action, tokens, initial } = props;
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const [tokenId, setTokenId] = useState(
    initial?.tokenId ?? tokens[0]?.id ?? '',
  );
  const [apps, setApps] = useState((initial?.adamIds ?? []).join(', '));
  const [serials, setSerials] = useState((initial?.serials ?? []).join(', '));
  const [plan, setPlan] = useState<VppLicenseChangeResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const request = (dryRun: boolean): VppLicenseChangeRequest => ({
    tokenId,
    adamIds: splitList(apps),
    serials: splitList(serials),
    dryRun,
  });
  const send = (dryRun: boolean) =>
    action === 'assign'
      ? vppApi.assignLicenses(request(dryRun))
      : vppApi.revokeLicenses(request(dryRun));

  const preview = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setPlan(await send(true));
    } catch (e) {
      setPlan(undefined);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  // A pre-filled request (one row) is previewed at once: the dialog is the confirmation.
  useEffect(() => {
    if (
      initial?.adamIds?.length &&
      initial?.serials?.length &&
      initial.tokenId
    ) {
      preview();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      props.onDone(await send(false));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const edited = () => setPlan(undefined);

  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t(`licenses.change.title.${action}`)}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2" color="text.secondary">
            {t(`licenses.change.description.${action}`)}
          </Typography>
          <TextField
            select
            size="small"
            id="vpp-license-token"
            label={t('licenses.columns.token')}
            value={tokenId}
            onChange={event => {
              setTokenId(event.target.value);
              edited();
            }}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
          >
            {tokens.map(token => (
              <option key={token.id} value={token.id}>
                {token.displayName}
              </option>
            ))}
          </TextField>
          <TextField
            size="small"
            id="vpp-license-apps"
            label={t('licenses.change.apps')}
            helperText={t('licenses.change.appsHelp')}
            value={apps}
            onChange={event => {
              setApps(event.target.value);
              edited();
            }}
          />
          <TextField
            size="small"
            multiline
            minRows={2}
            id="vpp-license-serials"
            label={t('licenses.change.serials')}
            helperText={t('licenses.change.serialsHelp')}
            value={serials}
            onChange={event => {
              setSerials(event.target.value);
              edited();
            }}
          />
          {busy && <LinearProgress />}
          {error && <Alert severity="error">{error}</Alert>}
          {plan && <Plan plan={plan} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('common.cancel')}</Button>
        <Button
          variant="outlined"
          onClick={preview}
          disabled={busy || !tokenId || !apps.trim() || !serials.trim()}
        >
          {t('licenses.change.preview')}
        </Button>
        <Button
          variant="contained"
          color={action === 'revoke' ? 'error' : 'primary'}
          onClick={confirm}
          disabled={busy || !plan || plan.appleRequests.length === 0}
          data-testid="vpp-license-confirm"
        >
          {t(`licenses.change.confirm.${action}`)}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
