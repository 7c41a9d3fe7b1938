import { ResponseError } from '@backstage/errors';
import { VppHealth } from './types';

/**
 * The subset of Backstage's DiscoveryApi / DiscoveryService the client needs, so the
 * same client works in the browser (frontend APIs) and in backend modules.
 *
 * @public
 */
export interface VppDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * A fetch function. In the browser pass Backstage's `fetchApi` (it adds the user's
 * token); in backend modules pass a fetch that adds a plugin-to-plugin token.
 *
 * @public
 */
export interface VppFetch {
  fetch: typeof fetch;
}

/**
 * Typed HTTP client for the vpp backend API (`/api/vpp`).
 *
 * @public
 */
export class VppApiClient {
  readonly #discovery: VppDiscovery;
  readonly #fetchApi: VppFetch;

  constructor(options: { discoveryApi: VppDiscovery; fetchApi?: VppFetch }) {
    this.#discovery = options.discoveryApi;
    this.#fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  async getHealth(): Promise<VppHealth> {
    return this.#request<VppHealth>('GET', '/health');
  }

  async #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const baseUrl = await this.#discovery.getBaseUrl('vpp');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers:
        body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
