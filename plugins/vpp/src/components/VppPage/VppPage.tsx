import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../../api';

/** The VPP start page: for now, what the backend reports about itself. */
export function VppPage() {
  const vppApi = useApi(vppApiRef);
  const { value: health, loading, error } = useAsync(
    () => vppApi.getHealth(),
    [vppApi],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <Content>
        <ResponseErrorPanel error={error} title="The VPP backend did not answer" />
      </Content>
    );
  }
  return (
    <Content>
      <InfoCard title="VPP backend">
        <StructuredMetadataTable
          metadata={{
            Status: health!.status,
            Version: health!.version,
            Database: health!.database.client,
            'Apple API': health!.apple.baseUrl,
            Mode: health!.apple.simulated
              ? 'Simulator (not Apple)'
              : 'Apple production',
          }}
        />
      </InfoCard>
    </Content>
  );
}
