import { DateTime } from 'luxon';
import {
  appLanguageApiRef,
  useApiHolder,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { vppTranslationRef } from '../../translation';

/** `yyyy-MM-dd` in the viewer's time zone; the input unchanged when it is not a date. */
export function formatDate(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const date = DateTime.fromISO(iso);
  return date.isValid ? date.toFormat('yyyy-MM-dd') : iso;
}

/** "12 days left", "expires today", "expired 3 days ago". */
export function useDaysLeftText(): (daysLeft: number) => string {
  const { t } = useTranslationRef(vppTranslationRef);
  return (daysLeft: number) => {
    if (daysLeft > 0) {
      return t('days.left', { count: daysLeft });
    }
    if (daysLeft === 0) {
      return t('days.today');
    }
    return t('days.expiredAgo', { count: -daysLeft });
  };
}

/** `yyyy-MM-dd HH:mm` in the viewer's time zone; the input unchanged when it is not a date. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const date = DateTime.fromISO(iso);
  return date.isValid ? date.toFormat('yyyy-MM-dd HH:mm') : iso;
}

/**
 * "5 minutes ago" / "5 分前" in the app's language; "just now" for the last 45 seconds,
 * where luxon would say "in 0 seconds" when the clocks of browser and server differ a bit.
 */
export function useRelativeTime(): (iso: string) => string {
  const { t } = useTranslationRef(vppTranslationRef);
  // Optional: apps without the language API (and plain tests) fall back to English.
  const languageApi = useApiHolder().get(appLanguageApiRef);
  const locale = languageApi?.getLanguage().language ?? 'en';
  return (iso: string) => {
    const date = DateTime.fromISO(iso);
    if (!date.isValid) {
      return iso;
    }
    if (Math.abs(date.diffNow().as('seconds')) < 45) {
      return t('time.justNow');
    }
    return date.toRelative({ locale }) ?? iso;
  };
}
