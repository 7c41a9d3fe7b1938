import { createApiRef } from '@backstage/frontend-plugin-api';
import { VppApiClient } from '@internal/plugin-vpp-common';

/**
 * The VPP backend API as the frontend sees it.
 *
 * @public
 */
export type VppApi = Pick<VppApiClient, keyof VppApiClient>;

/** @public */
export const vppApiRef = createApiRef<VppApi>().with({
  id: 'plugin.vpp.api',
  pluginId: 'vpp',
});
