import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { VppApiClient } from '@internal/plugin-vpp-common';
import { RiAppleLine } from '@remixicon/react';
import { vppApiRef } from './api';

/** @public */
export const rootRouteRef = createRouteRef();

const vppApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: vppApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new VppApiClient({ discoveryApi, fetchApi }),
    }),
});

const vppPage = PageBlueprint.make({
  params: {
    path: '/vpp',
    title: 'Apps and Books',
    icon: <RiAppleLine />,
    routeRef: rootRouteRef,
    loader: () => import('./components/VppPage').then(m => <m.VppPage />),
  },
});

/**
 * The VPP frontend plugin (new frontend system).
 *
 * @public
 */
export const vppPlugin = createFrontendPlugin({
  pluginId: 'vpp',
  title: 'Apps and Books',
  icon: <RiAppleLine />,
  routes: { root: rootRouteRef },
  extensions: [vppApi, vppPage],
});
