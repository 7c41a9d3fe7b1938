import { Progress } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  RenewalCheckId,
  RenewalPreview,
  VppToken,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import DialogContent from '@mui/material/DialogContent';
import FormControlLabel from '@mui/material/FormControlLabel';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RiCheckboxCircleFill, RiCloseCircleFill } from '@remixicon/react';
import { useRef, useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { DialogButtons } from '../shared/DialogButtons';
import { DialogSuccess } from '../shared/DialogSuccess';
import { errorMessage } from '../shared/errors';
import { formatDate } from '../shared/format';
import { ChosenTokenFile, TokenFileInput } from '../shared/TokenFileInput';
import { TitledDialog } from '../shared/TitledDialog';
import { useSubmission } from '../shared/useSubmission';

/** The five checks of R-TOK-4 in the order they are made. */
const CHECK_ORDER: RenewalCheckId[] = [
  'registered',
  'later-expiry',
  'not-other-mdm',
  'not-other-account',
  'location-exists',
];

function failedChecks(preview: RenewalPreview): RenewalCheckId[] {
  return preview.checks.filter(check => !check.passed).map(check => check.id);
}

/**
 * Renew a token with a newly downloaded file (R-TOK-4): preview the five checks first,
 * commit only when they pass (or, when only another MDM holds the location, after the
 * user chose to take it over).
 */
export function RenewTokenDialog(props: {
  token: VppToken;
  open: boolean;
  onClose: () => void;
  onRenewed?: (token: VppToken) => void;
}) {
  const { token, open, onClose, onRenewed } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const vppApi = useApi(vppApiRef);

  const [file, setFile] = useState<ChosenTokenFile>();
  const [preview, setPreview] = useState<RenewalPreview>();
  const [checking, setChecking] = useState(false);
  const [previewError, setPreviewError] = useState<string>();
  const [takeOver, setTakeOver] = useState(false);
  const submission = useSubmission();
  const submitting = submission.running;
  const [renewed, setRenewed] = useState<VppToken>();
  const previewRequest = useRef(0);

  const reset = () => {
    previewRequest.current += 1;
    setFile(undefined);
    setPreview(undefined);
    setChecking(false);
    setPreviewError(undefined);
    setTakeOver(false);
    submission.reset();
    setRenewed(undefined);
  };

  const close = () => {
    if (submitting) {
      return;
    }
    reset();
    onClose();
  };

  const chooseFile = async (chosen: ChosenTokenFile | undefined) => {
    const request = ++previewRequest.current;
    setFile(chosen);
    setPreview(undefined);
    setPreviewError(undefined);
    submission.reset();
    setTakeOver(false);
    if (!chosen) {
      return;
    }
    setChecking(true);
    try {
      const result = await vppApi.previewRenewal(token.id, {
        tokenFile: chosen.content,
      });
      if (request === previewRequest.current) {
        setPreview(result);
      }
    } catch (e) {
      if (request === previewRequest.current) {
        setPreviewError(errorMessage(e));
      }
    } finally {
      if (request === previewRequest.current) {
        setChecking(false);
      }
    }
  };

  const failed = preview ? failedChecks(preview) : [];
  const onlyOtherMdmFailed =
    failed.length === 1 && failed[0] === 'not-other-mdm';
  const canRenew =
    !!file &&
    !!preview &&
    !submitting &&
    ((preview.ok && failed.length === 0) || (onlyOtherMdmFailed && takeOver));

  const renew = async () => {
    if (!file || !canRenew) {
      return;
    }
    await submission.run(async () => {
      const result = await vppApi.renewToken(token.id, {
        tokenFile: file.content,
        ...(takeOver ? { takeOver: true } : {}),
      });
      setRenewed(result);
      onRenewed?.(result);
    });
  };

  const sortedChecks = preview
    ? [...preview.checks].sort(
        (a, b) => CHECK_ORDER.indexOf(a.id) - CHECK_ORDER.indexOf(b.id),
      )
    : [];

  return (
    <TitledDialog
      open={open}
      onClose={close}
      width="sm"
      titleId="vpp-renew-title"
      title={t('renew.title', { name: token.displayName })}
    >
      {renewed ? (
        <DialogSuccess onClose={close} testId="vpp-renew-success">
          {t('renew.success', {
            name: renewed.displayName,
            date: formatDate(renewed.expiresAt),
          })}
        </DialogSuccess>
      ) : (
        <>
          <DialogContent>
            <Stack spacing={2.5}>
              <Typography variant="body2">
                {t('renew.intro', { location: token.locationName })}
              </Typography>
              <TokenFileInput onChange={chooseFile} disabled={submitting} />
              {checking && (
                <Box>
                  <Typography variant="body2">{t('renew.checking')}</Typography>
                  <Progress />
                </Box>
              )}
              {previewError && (
                <Alert severity="error" data-testid="vpp-renew-preview-error">
                  {previewError}
                </Alert>
              )}
              {preview && (
                <Box data-testid="vpp-renew-preview">
                  <Box
                    component="dl"
                    sx={{
                      display: 'grid',
                      gridTemplateColumns: 'max-content 1fr',
                      columnGap: 2,
                      rowGap: 0.5,
                      m: 0,
                      '& dt': { color: 'text.secondary' },
                      '& dd': { m: 0 },
                    }}
                  >
                    <dt>{t('renew.expiry')}</dt>
                    <dd data-testid="vpp-renew-expiry">
                      {formatDate(preview.current.expiresAt)} →{' '}
                      {preview.next ? formatDate(preview.next.expiresAt) : '?'}
                    </dd>
                    <dt>{t('renew.location')}</dt>
                    <dd>
                      {preview.next?.locationName ??
                        preview.current.locationName}
                    </dd>
                    <dt>{t('renew.claimant')}</dt>
                    <dd>{preview.next?.claimedBy ?? t('renew.noClaimant')}</dd>
                  </Box>
                  <Typography variant="subtitle2" sx={{ mt: 2 }}>
                    {t('renew.checksTitle')}
                  </Typography>
                  <List dense disablePadding>
                    {sortedChecks.map(check => (
                      <ListItem
                        key={check.id}
                        disableGutters
                        alignItems="flex-start"
                        data-testid={`vpp-renew-check-${check.id}`}
                        data-passed={check.passed ? 'true' : 'false'}
                      >
                        <ListItemIcon sx={{ minWidth: 32, mt: 0.75 }}>
                          {check.passed ? (
                            <RiCheckboxCircleFill
                              color="#2e7d32"
                              size={20}
                              role="img"
                              aria-label={t('renew.passed')}
                            />
                          ) : (
                            <RiCloseCircleFill
                              color="#c62828"
                              size={20}
                              role="img"
                              aria-label={t('renew.failed')}
                            />
                          )}
                        </ListItemIcon>
                        <ListItemText
                          primary={t(`renew.checks.${check.id}`)}
                          secondary={check.message}
                          sx={{ minWidth: 0 }}
                          primaryTypographyProps={{
                            fontWeight: check.passed ? undefined : 600,
                            sx: { whiteSpace: 'normal' },
                          }}
                          secondaryTypographyProps={{
                            sx: {
                              whiteSpace: 'normal',
                              overflowWrap: 'anywhere',
                            },
                          }}
                        />
                      </ListItem>
                    ))}
                  </List>
                  {onlyOtherMdmFailed && (
                    <FormControlLabel
                      control={
                        <Checkbox
                          checked={takeOver}
                          onChange={e => setTakeOver(e.target.checked)}
                          disabled={submitting}
                        />
                      }
                      label={t('renew.takeOver')}
                    />
                  )}
                  {failed.length > 0 && !onlyOtherMdmFailed && (
                    <Alert severity="warning" sx={{ mt: 1 }}>
                      {t('renew.blocked')}
                    </Alert>
                  )}
                </Box>
              )}
              {submission.error && (
                <Alert severity="error" data-testid="vpp-renew-error">
                  {submission.error}
                </Alert>
              )}
            </Stack>
          </DialogContent>
          <DialogButtons
            onCancel={close}
            cancelDisabled={submitting}
            confirmLabel={
              submitting ? t('renew.submitting') : t('renew.submit')
            }
            onConfirm={renew}
            confirmDisabled={!canRenew}
            confirmColor={takeOver ? 'warning' : 'primary'}
          />
        </>
      )}
    </TitledDialog>
  );
}
