import { ResponseError } from '@backstage/errors';
import { VppDeviceQuery } from '@internal/plugin-vpp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { VppActionOptions } from './helpers';

/**
 * The distribution API (`/api/vpp/distributions`) as the install action uses it, with
 * the names issue 11 fixes ("Names other tools rely on"). Kept here until the shared
 * client in vpp-common offers the same calls.
 */

/** Who gets the apps: listed devices, or every device matching the `GET /devices` filters. */
export type DistributionTargets =
  | { deviceIds: string[] }
  | (Omit<VppDeviceQuery, 'adamId'> & { adamId?: string });

/** Body of `POST /distributions`. */
export interface DistributionRequest {
  tokenId: string;
  adamIds: string[];
  platform: 'ios' | 'macos';
  licenseMode: 'auto' | 'manual';
  targets: DistributionTargets;
  /** App configuration id per adamId. */
  appConfigIds?: Record<string, string>;
  vpnConfigId?: string;
  removeWithMdmProfile?: boolean;
  preventBackup?: boolean;
  removable?: boolean;
  scheduledAt?: string;
  allowPartial?: boolean;
  dryRun?: boolean;
}

/** What a distribution will do (and, for a dry run, all that is answered). */
export interface DistributionPlan {
  devicesMatched: number;
  leftOut: Array<{ reason: string; count: number }>;
  apps: Array<{
    adamId: string;
    needed: number;
    alreadyLicensed: number;
    available: number;
  }>;
}

export type DistributionState =
  | 'scheduled'
  | 'running'
  | 'completed'
  | 'completed-with-failures'
  | 'cancelled';

/** `GET /distributions/:id` (the fields the action reads). */
export interface Distribution {
  id: string;
  tokenId: string;
  adamIds: string[];
  state: DistributionState;
  /** Items per item state (`pending`, `licensed`, `installed`, `failed`, …). */
  counts: Record<string, number>;
  plan: DistributionPlan;
  scheduledAt?: string | null;
}

/** Distribution states in which the engine does no more work. */
export const FINAL_STATES: DistributionState[] = [
  'completed',
  'completed-with-failures',
  'cancelled',
];

export interface DistributionApi {
  create(request: DistributionRequest): Promise<Distribution>;
  dryRun(request: DistributionRequest): Promise<DistributionPlan>;
  get(id: string): Promise<Distribution>;
}

/**
 * Calls the distribution API as the user who started the task. Failures are
 * `ResponseError`s, which `callVpp` turns into the backend's own sentence.
 */
export function createDistributionApi(
  credentials: BackstageCredentials,
  options: VppActionOptions,
): DistributionApi {
  const { auth, discovery } = options;
  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> => {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'vpp',
    });
    const baseUrl = await discovery.getBaseUrl('vpp');
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    // Parsed here rather than with response.json(): the scaffolder's templating takes
    // only plain objects of this realm, and fetch may come from another (as under Jest).
    return JSON.parse(await response.text()) as T;
  };
  return {
    create: r => request('POST', '/distributions', { ...r, dryRun: false }),
    dryRun: async r => {
      const answer = await request<
        DistributionPlan | { plan: DistributionPlan }
      >('POST', '/distributions', { ...r, dryRun: true });
      // The dry run answers the plan alone; accept it wrapped as well.
      return 'plan' in answer ? answer.plan : answer;
    },
    get: id => request('GET', `/distributions/${encodeURIComponent(id)}`),
  };
}
