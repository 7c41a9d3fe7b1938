import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { VppApiClient } from '@internal/plugin-vpp-common';

/**
 * A vpp API client that calls the vpp backend with this module's own service
 * credentials (the catalog plugin's), as a plugin-to-plugin request.
 *
 * A fresh token is requested for every call, so long-lived clients never send an
 * expired one.
 *
 * @internal
 */
export function createServiceVppClient(options: {
  auth: AuthService;
  discovery: DiscoveryService;
}): VppApiClient {
  const { auth, discovery } = options;
  return new VppApiClient({
    discoveryApi: discovery,
    getToken: async () => {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'vpp',
      });
      return token;
    },
  });
}
