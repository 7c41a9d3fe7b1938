import { DateTime } from 'luxon';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
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
