import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { VppDeviceQuery } from '@internal/plugin-vpp-common';

/**
 * Downloads `GET /devices/export.csv` for a search as a file. Fetched (not a plain link)
 * so that the request carries the viewer's Backstage token.
 */
export async function downloadDevicesCsv(
  discoveryApi: DiscoveryApi,
  fetchApi: FetchApi,
  query: VppDeviceQuery,
): Promise<void> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const baseUrl = await discoveryApi.getBaseUrl('vpp');
  const response = await fetchApi.fetch(
    `${baseUrl}/devices/export.csv${params.size ? `?${params}` : ''}`,
  );
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = 'devices.csv';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}
