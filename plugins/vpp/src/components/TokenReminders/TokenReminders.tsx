import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  VppReminderDelivery,
  VppReminderSettings,
  VppReminderState,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  RiAddLine,
  RiCloseCircleFill,
  RiMailLine,
  RiNotification3Line,
} from '@remixicon/react';
import { FormEvent, KeyboardEvent, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { errorMessage } from '../shared/errors';
import { formatDate, formatDateTime } from '../shared/format';

/**
 * A plausible address: one @, no spaces or list separators, a dot in the domain. Only a
 * first check so typos show at once; the backend validates for real.
 */
const EMAIL = /^[^\s@,;<>()]+@[^\s@,;<>()]+\.[^\s@,;<>().]+$/;
const MAX_EMAIL_LENGTH = 254;

function sameSettings(a: VppReminderSettings, b: VppReminderSettings) {
  return (
    a.enabled === b.enabled &&
    a.emails.length === b.emails.length &&
    a.emails.every((email, i) => email === b.emails[i])
  );
}

function useThresholdText(): (days: number) => string {
  const { t } = useTranslationRef(vppTranslationRef);
  return days =>
    days === 0
      ? t('reminders.atExpiry')
      : t('reminders.daysBefore', { count: days });
}

const STATUS_COLOURS: Record<VppReminderDelivery['status'], string> = {
  sent: '#2e7d32',
  failed: '#c62828',
  sending: '#616161',
};

function Deliveries(props: {
  deliveries: VppReminderDelivery[];
  expiresAt: string;
}) {
  const { deliveries, expiresAt } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const thresholdText = useThresholdText();
  const failed = deliveries.filter(d => d.status === 'failed').length;

  return (
    <Stack spacing={1.5} data-testid="vpp-reminder-deliveries">
      <Typography variant="subtitle2">
        {t('reminders.deliveries.title', { date: formatDate(expiresAt) })}
      </Typography>
      {failed > 0 && (
        <Alert severity="error">
          {t('reminders.deliveries.failedSummary', { count: failed })}
        </Alert>
      )}
      {deliveries.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('reminders.deliveries.none')}
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small">
            <TableHead>
              <TableRow>
                {(
                  [
                    'threshold',
                    'channel',
                    'recipient',
                    'status',
                    'attempts',
                    'lastError',
                    'sentAt',
                  ] as const
                ).map(key => (
                  <TableCell
                    key={key}
                    align={key === 'attempts' ? 'right' : undefined}
                    sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}
                  >
                    {t(`reminders.deliveries.${key}`)}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {deliveries.map(delivery => (
                <TableRow
                  key={`${delivery.thresholdDays}/${delivery.channel}/${delivery.recipient}`}
                  data-testid="vpp-reminder-delivery"
                  data-status={delivery.status}
                  sx={
                    delivery.status === 'failed'
                      ? { bgcolor: 'rgba(198, 40, 40, 0.06)' }
                      : undefined
                  }
                >
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {thresholdText(delivery.thresholdDays)}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Stack direction="row" spacing={0.75} alignItems="center">
                      {delivery.channel === 'email' ? (
                        <RiMailLine size={16} />
                      ) : (
                        <RiNotification3Line size={16} />
                      )}
                      <span>{t(`reminders.channel.${delivery.channel}`)}</span>
                    </Stack>
                  </TableCell>
                  <TableCell sx={{ wordBreak: 'break-all' }}>
                    {delivery.recipient}
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      label={t(`reminders.deliveryStatus.${delivery.status}`)}
                      sx={{
                        bgcolor: STATUS_COLOURS[delivery.status],
                        color: '#fff',
                        fontWeight: 600,
                      }}
                    />
                    {delivery.status === 'failed' && (
                      <Typography
                        variant="caption"
                        display="block"
                        sx={{ color: STATUS_COLOURS.failed, mt: 0.5 }}
                      >
                        {t('reminders.deliveries.willRetry')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right">{delivery.attempts}</TableCell>
                  <TableCell sx={{ maxWidth: 360 }}>
                    {delivery.lastError ?? '—'}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {delivery.sentAt ? formatDateTime(delivery.sentAt) : '—'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Stack>
  );
}

/**
 * A token's renewal reminders (R-TOK-6): on or off, the e-mail addresses, the thresholds
 * and what was sent for the current expiry date, including failures the next run retries.
 */
export function TokenReminders(props: {
  tokenId: string;
  /** The token's expiry; renewing re-arms the reminders, so they are reloaded then. */
  expiresAt: string;
  /** May change the settings (`vpp.token.update`). */
  canEdit: boolean;
}) {
  const { tokenId, expiresAt, canEdit } = props;
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const thresholdText = useThresholdText();

  const loaded = useAsyncRetry(
    async () => vppApi.getReminders(tokenId),
    [vppApi, tokenId, expiresAt],
  );
  const [server, setServer] = useState<VppReminderState>();
  const [draft, setDraft] = useState<VppReminderSettings>();
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (loaded.value) {
      setServer(loaded.value);
      setDraft({
        enabled: loaded.value.enabled,
        emails: loaded.value.emails,
      });
    }
  }, [loaded.value]);

  if (loaded.error && !server) {
    return (
      <InfoCard title={t('reminders.title')}>
        <ResponseErrorPanel
          error={loaded.error}
          title={t('reminders.loadError')}
        />
      </InfoCard>
    );
  }

  /**
   * Adds what was typed (one address, or several separated by commas, semicolons or
   * spaces) and answers the new list; undefined, with the reason shown, when any of it
   * is not a valid new address.
   */
  const addTyped = (): string[] | undefined => {
    if (!draft) {
      return undefined;
    }
    const typed = input
      .split(/[\s,;]+/)
      .map(part => part.trim())
      .filter(Boolean);
    const emails = [...draft.emails];
    for (const email of typed) {
      if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) {
        setInputError(t('reminders.invalidEmail', { email }));
        return undefined;
      }
      if (emails.some(e => e.toLowerCase() === email.toLowerCase())) {
        setInputError(t('reminders.duplicateEmail', { email }));
        return undefined;
      }
      emails.push(email);
    }
    setInputError(undefined);
    setInput('');
    setDraft({ ...draft, emails });
    setSaved(false);
    return emails;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      // Enter adds the address; it must not submit the whole form.
      event.preventDefault();
      addTyped();
    }
  };

  const remove = (email: string) => {
    if (draft) {
      setDraft({ ...draft, emails: draft.emails.filter(e => e !== email) });
      setSaved(false);
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) {
      return;
    }
    // An address typed but not yet added is what the person means to save too.
    const emails = input.trim() ? addTyped() : draft.emails;
    if (!emails) {
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    setSaved(false);
    try {
      const next = await vppApi.updateReminders(tokenId, {
        enabled: draft.enabled,
        emails,
      });
      setServer(next);
      setDraft({ enabled: next.enabled, emails: next.emails });
      setSaved(true);
    } catch (e) {
      setSaveError(t('reminders.saveError', { message: errorMessage(e) }));
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    if (server) {
      setDraft({ enabled: server.enabled, emails: server.emails });
    }
    setInput('');
    setInputError(undefined);
    setSaveError(undefined);
  };

  const dirty =
    !!server && !!draft && (!sameSettings(server, draft) || !!input.trim());

  return (
    <Box data-testid="vpp-reminders-card">
      <InfoCard title={t('reminders.title')}>
        {!server || !draft ? (
          <LinearProgress />
        ) : (
          <Stack spacing={2.5} data-testid="vpp-reminders">
            <Typography variant="body2" color="text.secondary">
              {t('reminders.intro')}
            </Typography>
            <Stack
              direction="row"
              spacing={1}
              alignItems="center"
              useFlexGap
              flexWrap="wrap"
              data-testid="vpp-reminder-thresholds"
            >
              <Typography variant="body2">{t('reminders.schedule')}</Typography>
              {[...server.thresholdsDays]
                .sort((a, b) => b - a)
                .map(days => (
                  <Chip
                    key={days}
                    size="small"
                    variant="outlined"
                    label={thresholdText(days)}
                  />
                ))}
            </Stack>

            <Box component="form" onSubmit={save} noValidate>
              <Stack spacing={2}>
                {canEdit ? (
                  <FormControlLabel
                    control={
                      <Switch
                        checked={draft.enabled}
                        onChange={event => {
                          setDraft({ ...draft, enabled: event.target.checked });
                          setSaved(false);
                        }}
                        disabled={saving}
                      />
                    }
                    label={t('reminders.enabled')}
                  />
                ) : (
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    {draft.enabled ? t('reminders.on') : t('reminders.off')}
                  </Typography>
                )}

                <Box>
                  <Typography variant="subtitle2" gutterBottom>
                    {t('reminders.emails')}
                  </Typography>
                  {draft.emails.length === 0 ? (
                    <Typography variant="body2" color="text.secondary">
                      {t('reminders.noEmails')}
                    </Typography>
                  ) : (
                    <Stack
                      direction="row"
                      spacing={1}
                      useFlexGap
                      flexWrap="wrap"
                      data-testid="vpp-reminder-emails"
                    >
                      {draft.emails.map(email => (
                        <Chip
                          key={email}
                          label={email}
                          icon={<RiMailLine size={14} />}
                          onDelete={
                            canEdit && !saving ? () => remove(email) : undefined
                          }
                          deleteIcon={
                            <RiCloseCircleFill
                              size={18}
                              role="button"
                              aria-label={t('reminders.remove', { email })}
                            />
                          }
                        />
                      ))}
                    </Stack>
                  )}
                </Box>

                {canEdit && (
                  <Stack
                    direction="row"
                    spacing={1}
                    alignItems="flex-start"
                    sx={{ maxWidth: 560 }}
                  >
                    <TextField
                      id="vpp-reminder-email"
                      size="small"
                      type="email"
                      label={t('reminders.addLabel')}
                      placeholder="it-admins@example.com"
                      value={input}
                      onChange={event => {
                        setInput(event.target.value);
                        setInputError(undefined);
                      }}
                      onKeyDown={onKeyDown}
                      error={!!inputError}
                      helperText={inputError ?? t('reminders.addHelper')}
                      disabled={saving}
                      fullWidth
                    />
                    <Button
                      variant="outlined"
                      startIcon={<RiAddLine size={16} />}
                      onClick={() => addTyped()}
                      disabled={saving || !input.trim()}
                      sx={{ mt: '2px', flexShrink: 0 }}
                    >
                      {t('reminders.add')}
                    </Button>
                  </Stack>
                )}

                {saveError && <Alert severity="error">{saveError}</Alert>}
                {saved && !dirty && (
                  <Alert severity="success" onClose={() => setSaved(false)}>
                    {t('reminders.saved')}
                  </Alert>
                )}
                {canEdit ? (
                  <Stack direction="row" spacing={1}>
                    <Button
                      type="submit"
                      variant="contained"
                      disabled={saving || !dirty}
                    >
                      {saving ? t('reminders.saving') : t('common.save')}
                    </Button>
                    <Button onClick={discard} disabled={saving || !dirty}>
                      {t('reminders.discard')}
                    </Button>
                  </Stack>
                ) : (
                  <Typography variant="caption" color="text.secondary">
                    {t('reminders.readOnly')}
                  </Typography>
                )}
              </Stack>
            </Box>

            <Divider />
            <Deliveries deliveries={server.deliveries} expiresAt={expiresAt} />
          </Stack>
        )}
      </InfoCard>
    </Box>
  );
}
