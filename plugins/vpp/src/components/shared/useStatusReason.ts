import {
  appLanguageApiRef,
  useApiHolder,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { VppToken } from '@internal/plugin-vpp-common';
import { vppTranslationRef } from '../../translation';
import { formatDate } from './format';

/**
 * The sentence explaining a token's status in the viewer's language. The backend writes
 * `statusReason` in English; for other languages it is rebuilt from the status code and
 * the token's facts (the same content, without Apple's own English wording for an
 * invalid token). English viewers get the backend's sentence unchanged.
 */
export function useStatusReason(): (token: VppToken) => string {
  const { t } = useTranslationRef(vppTranslationRef);
  const languageApi = useApiHolder().get(appLanguageApiRef);
  const language = languageApi?.getLanguage().language ?? 'en';
  return token => {
    if (language === 'en' || !token.statusReason) {
      return token.statusReason;
    }
    const date = formatDate(token.expiresAt);
    const steps = t('tokenPage.banner.steps', {
      location: token.locationName,
    });
    switch (token.status) {
      case 'ok':
        return t('statusReason.ok', { date });
      case 'expiring':
        return t('statusReason.expiring', {
          date,
          count: token.daysLeft,
          steps,
        });
      case 'expired':
        return t('statusReason.expired', { date, steps });
      case 'revoked':
        return t('statusReason.revoked', { steps });
      case 'invalid':
        return t('statusReason.invalid', { steps });
      case 'claimed-elsewhere':
        return t('statusReason.claimedElsewhere', {
          location: token.locationName,
          mdm: token.claimedBy ?? '—',
        });
      default:
        return token.statusReason;
    }
  };
}
