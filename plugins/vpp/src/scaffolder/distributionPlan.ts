import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  VppDistributionPlan,
  VppDistributionRequest,
} from '@internal/plugin-vpp-common';

/**
 * The plan of a distribution from a dry run (`POST /api/vpp/distributions` with
 * `dryRun: true`): nothing is assigned or installed. Failures are `ResponseError`s
 * carrying the backend's sentence (400 bad input, 409 capacity).
 */
export async function fetchDistributionPlan(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  request: VppDistributionRequest,
): Promise<VppDistributionPlan> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('vpp');
  const response = await apis.fetchApi.fetch(`${baseUrl}/distributions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...request, dryRun: true }),
  });
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  const body = await response.json();
  return body.plan ?? body;
}
