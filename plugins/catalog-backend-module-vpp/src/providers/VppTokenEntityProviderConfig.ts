import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/**
 * Where the provider's settings live in app-config.
 *
 * @internal
 */
export const VPP_TOKEN_PROVIDER_CONFIG_KEY = 'catalog.providers.vppTokens';

/**
 * Used when `catalog.providers.vppTokens.schedule` is not set. Changes reach the catalog
 * through `vpp.token.changed` events within seconds; the schedule is a safety net (and
 * keeps `days-left` current).
 *
 * @internal
 */
export const DEFAULT_VPP_TOKEN_PROVIDER_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 30 },
    timeout: { minutes: 5 },
  };

/** @internal */
export interface VppTokenEntityProviderConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** `app.baseUrl`, used for the link to the token page. */
  appBaseUrl?: string;
}

/**
 * Reads `catalog.providers.vppTokens` and `app.baseUrl`.
 *
 * @internal
 */
export function readVppTokenEntityProviderConfig(
  config: RootConfigService,
): VppTokenEntityProviderConfig {
  const scheduleConfig = config.getOptionalConfig(
    `${VPP_TOKEN_PROVIDER_CONFIG_KEY}.schedule`,
  );
  return {
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_VPP_TOKEN_PROVIDER_SCHEDULE,
    appBaseUrl: config.getOptionalString('app.baseUrl'),
  };
}
