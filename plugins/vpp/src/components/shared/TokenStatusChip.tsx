import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppTokenStatus } from '@internal/plugin-vpp-common';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { vppTranslationRef } from '../../translation';

/** The colour family of each status; `red` for expiring and expired (seed B). */
export type StatusTone = 'green' | 'red' | 'purple' | 'orange' | 'blue';

export const STATUS_TONES: Record<VppTokenStatus, StatusTone> = {
  ok: 'green',
  expiring: 'red',
  expired: 'red',
  revoked: 'purple',
  invalid: 'orange',
  'claimed-elsewhere': 'blue',
};

const TONE_COLOURS: Record<StatusTone, string> = {
  green: '#2e7d32',
  red: '#c62828',
  purple: '#6a1b9a',
  orange: '#e65100',
  blue: '#1565c0',
};

/** True for the statuses shown in red. */
export function isRedStatus(status: VppTokenStatus): boolean {
  return STATUS_TONES[status] === 'red';
}

export function toneColour(status: VppTokenStatus): string {
  return TONE_COLOURS[STATUS_TONES[status]];
}

/** A coloured chip with the token status; the reason is its tooltip. */
export function TokenStatusChip(props: {
  status: VppTokenStatus;
  reason?: string;
}) {
  const { status, reason } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const tone = STATUS_TONES[status] ?? 'orange';
  const chip = (
    <Chip
      size="small"
      label={t(`status.${status}`)}
      data-testid="vpp-token-status"
      data-status={status}
      data-tone={tone}
      variant={status === 'expiring' ? 'outlined' : 'filled'}
      sx={
        status === 'expiring'
          ? {
              color: TONE_COLOURS[tone],
              borderColor: TONE_COLOURS[tone],
              borderWidth: 2,
              fontWeight: 600,
            }
          : { bgcolor: TONE_COLOURS[tone], color: '#fff', fontWeight: 600 }
      }
    />
  );
  return reason ? (
    <Tooltip title={reason}>
      <span>{chip}</span>
    </Tooltip>
  ) : (
    chip
  );
}
