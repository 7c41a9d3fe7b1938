import { DateTime } from 'luxon';

/**
 * The last day a distribution may be scheduled for: the day before the token expires,
 * in UTC as the backend judges it (seed A). `yyyy-MM-dd`.
 */
export function lastScheduleDay(tokenExpiresAt: string): string {
  return DateTime.fromISO(tokenExpiresAt)
    .toUTC()
    .startOf('day')
    .minus({ days: 1 })
    .toISODate()!;
}

/** Today in UTC, `yyyy-MM-dd`. */
export function todayUtc(now: Date = new Date()): string {
  return DateTime.fromJSDate(now).toUTC().toISODate()!;
}
