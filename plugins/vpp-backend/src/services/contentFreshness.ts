import { VppOutOfDateReason } from '@internal/plugin-vpp-common';
import { DateTime } from 'luxon';
import { SyncStateRecord } from '../database/ContentStore';

/**
 * Why content may be out of date (R-SYNC-3). "Confirm" counts as having looked: it
 * hides the banner until the next count change or until the content is `maxAge` older
 * than the confirmation.
 */
export function outOfDate(
  state: SyncStateRecord | undefined,
  now: Date,
  maxAgeMs: number,
): { reason?: VppOutOfDateReason; message?: string } {
  if (!state?.lastSyncAt) {
    return {
      reason: 'never-synced',
      message:
        'This content has never been synced from Apple. Sync to fetch the apps and books this location bought.',
    };
  }
  const seen = Math.max(
    state.lastSyncAt.getTime(),
    state.confirmedAt?.getTime() ?? 0,
  );
  if (state.countsChangedAt && state.countsChangedAt.getTime() > seen) {
    return {
      reason: 'counts-changed',
      message: `Apple reported a change in license counts (a purchase, refund or transfer) at ${formatInstant(
        state.countsChangedAt,
      )}, after the last sync. Sync to see the new counts.`,
    };
  }
  if (now.getTime() - seen > maxAgeMs) {
    return {
      reason: 'stale',
      message: `The last sync was at ${formatInstant(
        state.lastSyncAt,
      )}, more than ${formatDuration(
        maxAgeMs,
      )} ago. Purchases made since then are not shown yet.`,
    };
  }
  return {};
}

export function formatInstant(date: Date): string {
  return DateTime.fromJSDate(date).toUTC().toFormat("yyyy-MM-dd HH:mm 'UTC'");
}

function formatDuration(ms: number): string {
  const plural = (n: number, unit: string) =>
    `${n} ${unit}${n === 1 ? '' : 's'}`;
  const hours = ms / 3_600_000;
  if (hours >= 48 && Number.isInteger(hours / 24))
    return plural(hours / 24, 'day');
  if (hours >= 1) return plural(Math.round(hours), 'hour');
  if (ms >= 60_000) return plural(Math.round(ms / 60_000), 'minute');
  return plural(Math.max(1, Math.round(ms / 1000)), 'second');
}
