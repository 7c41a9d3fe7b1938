import { ResponseError } from '@backstage/errors';
import {
  RegisterTokenRequest,
  RenewalPreview,
  RenewTokenRequest,
  ShareTokenRequest,
  UpdateTokenRequest,
  VppToken,
} from './tokens';
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

  async listTokens(): Promise<{ items: VppToken[] }> {
    return this.#request('GET', '/tokens');
  }

  async getToken(id: string): Promise<VppToken> {
    return this.#request('GET', `/tokens/${encodeURIComponent(id)}`);
  }

  async registerToken(request: RegisterTokenRequest): Promise<VppToken> {
    return this.#request('POST', '/tokens', request);
  }

  async previewRenewal(
    id: string,
    request: { tokenFile: string },
  ): Promise<RenewalPreview> {
    return this.#request(
      'POST',
      `/tokens/${encodeURIComponent(id)}/renew/preview`,
      request,
    );
  }

  async renewToken(id: string, request: RenewTokenRequest): Promise<VppToken> {
    return this.#request(
      'POST',
      `/tokens/${encodeURIComponent(id)}/renew`,
      request,
    );
  }

  async updateToken(
    id: string,
    request: UpdateTokenRequest,
  ): Promise<VppToken> {
    return this.#request('PATCH', `/tokens/${encodeURIComponent(id)}`, request);
  }

  async deleteToken(id: string): Promise<void> {
    await this.#request('DELETE', `/tokens/${encodeURIComponent(id)}`);
  }

  async shareToken(id: string, request: ShareTokenRequest): Promise<VppToken> {
    return this.#request(
      'POST',
      `/tokens/${encodeURIComponent(id)}/shares`,
      request,
    );
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
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}
