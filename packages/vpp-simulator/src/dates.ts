import { DateTime } from 'luxon';

/** Apple's date format: ISO-8601 in UTC with a colon-less offset, e.g. `2030-11-08T22:33:22+0000`. */
export function formatAppleDate(date: Date | number): string {
  return DateTime.fromMillis(typeof date === 'number' ? date : date.getTime(), {
    zone: 'utc',
  }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZZ");
}

/**
 * Parses ISO-8601 dates including Apple's colon-less offsets (`+0000`, `-0700`).
 * Returns undefined when the text is not a date.
 */
export function parseIsoDate(text: string): Date | undefined {
  const parsed = DateTime.fromISO(text.trim(), { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : undefined;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
