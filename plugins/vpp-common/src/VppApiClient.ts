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
import {
  ListAssetsQuery,
  ListAssetsResponse,
  StartSyncResponse,
  VppSyncStatus,
} from './sync';
import { VppReminderSettings, VppReminderState } from './reminders';
import {
  ListHistoryQuery,
  ListHistoryResponse,
  RegistrableOwnersResponse,
} from './history';
import {
  VppAppInstallStatus,
  VppDeviceDetail,
  VppDeviceImportRequest,
  VppDeviceImportResult,
  VppDeviceInventoryResult,
  VppDeviceList,
  VppDeviceListQuery,
  VppDevicePatch,
  VppDeviceQuery,
} from './devices';
import {
  VppAppConfig,
  VppAppConfigList,
  VppAppConfigListQuery,
  VppAppConfigRequest,
  VppVpnConfig,
  VppVpnConfigList,
  VppVpnConfigListQuery,
  VppVpnConfigRequest,
} from './settings';
import {
  VppLicenseChangeRequest,
  VppLicenseChangeResult,
  VppLicenseList,
  VppLicenseListQuery,
  VppLicenseOrphans,
} from './licenses';
import {
  VppDistribution,
  VppDistributionDryRun,
  VppDistributionItemList,
  VppDistributionItemQuery,
  VppDistributionList,
  VppDistributionListQuery,
  VppDistributionRequest,
} from './distributions';

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
 * token); backend modules pass `getToken` to {@link VppApiClient} instead.
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
  readonly #getToken?: () => Promise<string>;

  /**
   * @param options.getToken - for backend callers: a bearer for the vpp backend, asked
   *   for before every call (a plugin-to-plugin token, which expires within the hour).
   */
  constructor(options: {
    discoveryApi: VppDiscovery;
    fetchApi?: VppFetch;
    getToken?: () => Promise<string>;
  }) {
    this.#discovery = options.discoveryApi;
    this.#fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
    this.#getToken = options.getToken;
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

  async listAssets(
    id: string,
    query: ListAssetsQuery = {},
  ): Promise<ListAssetsResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.size ? `?${params}` : '';
    return this.#request(
      'GET',
      `/tokens/${encodeURIComponent(id)}/assets${search}`,
    );
  }

  async getSyncStatus(id: string): Promise<VppSyncStatus> {
    return this.#request('GET', `/tokens/${encodeURIComponent(id)}/sync`);
  }

  /** Starts a sync in the background (202); poll `getSyncStatus` for the outcome. */
  async startSync(id: string): Promise<StartSyncResponse> {
    return this.#request('POST', `/tokens/${encodeURIComponent(id)}/sync`);
  }

  /** Dismisses the "content may be out of date" banner until the next change. */
  async confirmContent(id: string): Promise<VppSyncStatus> {
    return this.#request(
      'POST',
      `/tokens/${encodeURIComponent(id)}/sync/confirm`,
    );
  }

  async getReminders(id: string): Promise<VppReminderState> {
    return this.#request(
      'GET',
      `/tokens/${encodeURIComponent(id)}/notifications`,
    );
  }

  async updateReminders(
    id: string,
    settings: VppReminderSettings,
  ): Promise<VppReminderState> {
    return this.#request(
      'PUT',
      `/tokens/${encodeURIComponent(id)}/notifications`,
      settings,
    );
  }

  async listDevices(query: VppDeviceListQuery = {}): Promise<VppDeviceList> {
    return this.#request('GET', `/devices${toSearch(query)}`);
  }

  async getDevice(id: string): Promise<VppDeviceDetail> {
    return this.#request('GET', `/devices/${encodeURIComponent(id)}`);
  }

  async updateDevice(
    id: string,
    patch: VppDevicePatch,
  ): Promise<VppDeviceDetail> {
    return this.#request('PATCH', `/devices/${encodeURIComponent(id)}`, patch);
  }

  /** Asks the devices for their installed apps and facts now. */
  async requestDeviceInventory(
    deviceIds: string[],
  ): Promise<VppDeviceInventoryResult> {
    return this.#request('POST', '/devices/inventory', { deviceIds });
  }

  /**
   * Imports administrator attributes from CSV. A file with a bad row is refused with a
   * 400 whose body ({@link VppDeviceImportFailure}) lists every bad row.
   */
  async importDevices(
    request: VppDeviceImportRequest,
  ): Promise<VppDeviceImportResult> {
    return this.#request('POST', '/devices/import', request);
  }

  /** Install state counts of one app over the devices a query selects. */
  async getAppInstallStatus(
    adamId: string,
    query: Pick<VppDeviceQuery, 'platform' | 'group' | 'includeSubgroups'> = {},
  ): Promise<VppAppInstallStatus> {
    return this.#request(
      'GET',
      `/apps/${encodeURIComponent(adamId)}/install-status${toSearch(query)}`,
    );
  }

  /** A token's or a device's history of changes, newest first (`GET /history`). */
  async listHistory(query: ListHistoryQuery): Promise<ListHistoryResponse> {
    const params = new URLSearchParams();
    if (query.tokenId !== undefined) params.set('tokenId', query.tokenId);
    if (query.deviceId !== undefined) params.set('deviceId', query.deviceId);
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    return this.#request('GET', `/history?${params}`);
  }

  /** Which of `owners` (group refs) the caller may register tokens for. */
  async getRegistrableOwners(
    owners: string[],
  ): Promise<RegistrableOwnersResponse> {
    return this.#request('POST', '/tokens/registrable-owners', { owners });
  }

  async listAppConfigs(
    query: VppAppConfigListQuery = {},
  ): Promise<VppAppConfigList> {
    return this.#request('GET', `/app-configs${toSearch(query)}`);
  }

  async getAppConfig(id: string): Promise<VppAppConfig> {
    return this.#request('GET', `/app-configs/${encodeURIComponent(id)}`);
  }

  /** A 409 when the name is taken; a 400 names the key of a value a plist cannot hold. */
  async createAppConfig(request: VppAppConfigRequest): Promise<VppAppConfig> {
    return this.#request('POST', '/app-configs', request);
  }

  /** Replaces every field. */
  async updateAppConfig(
    id: string,
    request: VppAppConfigRequest,
  ): Promise<VppAppConfig> {
    return this.#request(
      'PUT',
      `/app-configs/${encodeURIComponent(id)}`,
      request,
    );
  }

  /** A 409 while a scheduled or running distribution uses it. */
  async deleteAppConfig(id: string): Promise<void> {
    await this.#request('DELETE', `/app-configs/${encodeURIComponent(id)}`);
  }

  async listVpnConfigs(
    query: VppVpnConfigListQuery = {},
  ): Promise<VppVpnConfigList> {
    return this.#request('GET', `/vpn-configs${toSearch(query)}`);
  }

  async getVpnConfig(id: string): Promise<VppVpnConfig> {
    return this.#request('GET', `/vpn-configs/${encodeURIComponent(id)}`);
  }

  async createVpnConfig(request: VppVpnConfigRequest): Promise<VppVpnConfig> {
    return this.#request('POST', '/vpn-configs', request);
  }

  async updateVpnConfig(
    id: string,
    request: VppVpnConfigRequest,
  ): Promise<VppVpnConfig> {
    return this.#request(
      'PUT',
      `/vpn-configs/${encodeURIComponent(id)}`,
      request,
    );
  }

  async deleteVpnConfig(id: string): Promise<void> {
    await this.#request('DELETE', `/vpn-configs/${encodeURIComponent(id)}`);
  }

  /** The license ledger with pre-existing licenses (`GET /licenses`). */
  async listLicenses(query: VppLicenseListQuery = {}): Promise<VppLicenseList> {
    return this.#request('GET', `/licenses${toSearch(query)}`);
  }

  /**
   * Assigns every app to every serial number at Apple (or, with `dryRun`, reports what
   * Apple would be asked). Resolves when Apple has finished; per-pair failures are in
   * the result, not thrown.
   */
  async assignLicenses(
    request: VppLicenseChangeRequest,
  ): Promise<VppLicenseChangeResult> {
    return this.#request('POST', '/licenses/assign', request);
  }

  /** Revokes every app from every serial number; see {@link VppApiClient.assignLicenses}. */
  async revokeLicenses(
    request: VppLicenseChangeRequest,
  ): Promise<VppLicenseChangeResult> {
    return this.#request('POST', '/licenses/revoke', request);
  }

  async listLicenseOrphans(tokenId: string): Promise<VppLicenseOrphans> {
    return this.#request(
      'GET',
      `/licenses/orphans?tokenId=${encodeURIComponent(tokenId)}`,
    );
  }

  /**
   * Plans and starts a distribution (`POST /distributions`); with `dryRun` only the
   * plan comes back and nothing is written.
   */
  async createDistribution(
    request: VppDistributionRequest & { dryRun?: false },
  ): Promise<VppDistribution>;
  async createDistribution(
    request: VppDistributionRequest,
  ): Promise<VppDistribution | VppDistributionDryRun>;
  async createDistribution(
    request: VppDistributionRequest,
  ): Promise<VppDistribution | VppDistributionDryRun> {
    return this.#request('POST', '/distributions', request);
  }

  async listDistributions(
    query: VppDistributionListQuery = {},
  ): Promise<VppDistributionList> {
    return this.#request('GET', `/distributions${toSearch(query)}`);
  }

  async getDistribution(id: string): Promise<VppDistribution> {
    return this.#request('GET', `/distributions/${encodeURIComponent(id)}`);
  }

  async listDistributionItems(
    id: string,
    query: VppDistributionItemQuery = {},
  ): Promise<VppDistributionItemList> {
    return this.#request(
      'GET',
      `/distributions/${encodeURIComponent(id)}/items${toSearch(query)}`,
    );
  }

  async cancelDistribution(id: string): Promise<VppDistribution> {
    return this.#request(
      'POST',
      `/distributions/${encodeURIComponent(id)}/cancel`,
    );
  }

  /** Sends the failed items of a distribution through again. */
  async retryDistribution(id: string): Promise<VppDistribution> {
    return this.#request(
      'POST',
      `/distributions/${encodeURIComponent(id)}/retry`,
    );
  }

  async #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const baseUrl = await this.#discovery.getBaseUrl('vpp');
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (this.#getToken) {
      headers.Authorization = `Bearer ${await this.#getToken()}`;
    }
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers,
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

/** `?a=1&b=2` of the defined, non-empty values of a query, or `''`. */
function toSearch(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params.size ? `?${params}` : '';
}
