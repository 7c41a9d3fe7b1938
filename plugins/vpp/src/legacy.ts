import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { VppApiClient } from '@internal/plugin-vpp-common';
import { vppApiRef } from './api';

/**
 * The VPP plugin for apps on the legacy frontend system (`@backstage/app-defaults`).
 * New-system apps use the package's default export instead.
 *
 * @public
 */
export const vppLegacyPlugin = createPlugin({
  id: 'vpp',
  apis: [
    createApiFactory({
      api: vppApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new VppApiClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * Content-token status card for legacy entity pages, e.g. inside
 * `<EntitySwitch.Case if={isResourceType('apple-vpp-token')}>`. Links point at the
 * plugin's default path `/vpp/tokens/:tokenId`.
 *
 * @public
 */
export const EntityVppTokenCard = vppLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityVppTokenCard',
    component: {
      lazy: () =>
        import('./components/EntityVppTokenCard').then(
          m => m.EntityVppTokenCard,
        ),
    },
  }),
);
