import { resolveLimits } from './batching';
import { isAppleVppError } from './errors';
import type { AppleVppLogger } from './requestTypes';
import { describeError } from './responseInterpretation';
import { ServiceEndpoints, resolveServiceEndpoints } from './serviceConfig';
import { ServiceConfigLimits, ServiceConfigResponse } from './types';

/** What the request pipeline takes from Apple's service configuration. */
export interface ServiceSettings {
  limits: Required<ServiceConfigLimits>;
  endpoints: ServiceEndpoints;
}

/**
 * Limits from the service configuration, with Apple's documented example values for anything
 * missing; those defaults entirely if the configuration cannot be read.
 */
export async function readLimits(
  readConfig: () => Promise<ServiceConfigResponse>,
  context: { tokenFingerprint: string; logger?: AppleVppLogger },
): Promise<Required<ServiceConfigLimits>> {
  const config = await readConfigOrWarn(
    readConfig,
    context,
    'using default limits',
  );
  return resolveLimits(config?.limits);
}

/** Endpoint URLs per fetched service configuration (the cache shares one object per base URL). */
const RESOLVED_ENDPOINTS = new WeakMap<
  ServiceConfigResponse,
  { baseUrl: string; endpoints: ServiceEndpoints }
>();

/**
 * Limits and endpoint URLs from the (cached, 5-minute) service configuration; Apple's
 * documented example limits and the configured base URL when it cannot be read.
 */
export async function readServiceSettings(
  readConfig: () => Promise<ServiceConfigResponse>,
  context: {
    baseUrl: string;
    tokenFingerprint: string;
    logger?: AppleVppLogger;
  },
): Promise<ServiceSettings> {
  const config = await readConfigOrWarn(
    readConfig,
    context,
    'using default limits and the configured base URL',
  );
  if (!config) {
    return {
      limits: resolveLimits(undefined),
      endpoints: resolveServiceEndpoints(context.baseUrl, undefined),
    };
  }
  return {
    limits: resolveLimits(config.limits),
    endpoints: endpointsOf(config, context.baseUrl, context.logger),
  };
}

/** Resolved once per fetched configuration; refused URLs are logged then, once. */
function endpointsOf(
  config: ServiceConfigResponse,
  baseUrl: string,
  logger: AppleVppLogger | undefined,
): ServiceEndpoints {
  const known = RESOLVED_ENDPOINTS.get(config);
  if (known && known.baseUrl === baseUrl) {
    return known.endpoints;
  }
  const endpoints = resolveServiceEndpoints(baseUrl, config.urls);
  RESOLVED_ENDPOINTS.set(config, { baseUrl, endpoints });
  if (endpoints.refused.length > 0) {
    logger?.warn?.(
      'Apple VPP service configuration announces URLs that are neither HTTPS on an Apple host nor on the configured base URL; the content token is not sent there, the configured base URL is used for them instead',
      {
        refused: endpoints.refused.map(r => `${r.name}: ${r.url}`).join(', '),
      },
    );
  }
  return endpoints;
}

/**
 * The service configuration, or `undefined` when it cannot be read: then a warning says what is
 * used instead (`fallback`). An abort is thrown as it is.
 */
async function readConfigOrWarn(
  readConfig: () => Promise<ServiceConfigResponse>,
  context: { tokenFingerprint: string; logger?: AppleVppLogger },
  fallback: string,
): Promise<ServiceConfigResponse | undefined> {
  try {
    return await readConfig();
  } catch (error) {
    if (isAppleVppError(error) && error.kind === 'aborted') {
      throw error;
    }
    context.logger?.warn?.(
      `Apple VPP service configuration unavailable; ${fallback}`,
      { error: describeError(error), token: context.tokenFingerprint },
    );
    return undefined;
  }
}
