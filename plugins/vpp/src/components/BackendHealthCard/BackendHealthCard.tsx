import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';

/** What the VPP backend reports about itself: version, database, Apple endpoint. */
export function BackendHealthCard() {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const {
    value: health,
    loading,
    error,
  } = useAsync(() => vppApi.getHealth(), [vppApi]);

  if (error) {
    return <ResponseErrorPanel error={error} title={t('health.error')} />;
  }
  return (
    <InfoCard title={t('health.title')} variant="gridItem">
      {loading || !health ? (
        <Progress />
      ) : (
        <StructuredMetadataTable
          dense
          options={{ titleFormat: key => key }}
          metadata={{
            [t('health.status')]: health.status,
            [t('health.version')]: health.version,
            [t('health.database')]: health.database.client,
            [t('health.appleApi')]: health.apple.baseUrl,
            [t('health.mode')]: health.apple.simulated
              ? t('health.simulator')
              : t('health.production'),
          }}
        />
      )}
    </InfoCard>
  );
}
