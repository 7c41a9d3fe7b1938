import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  CatalogFilterBlueprint,
  EntityCardBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  VPP_TOKEN_ENTITY_TYPE,
  VppApiClient,
} from '@internal/plugin-vpp-common';
import { RiAppleLine } from '@remixicon/react';
import { vppApiRef } from './api';
import {
  appInstallStatusRouteRef,
  deviceRouteRef,
  devicesRouteRef,
  distributionRouteRef,
  distributionsRouteRef,
  licensesRouteRef,
  rootRouteRef,
  settingsRouteRef,
  tokenRouteRef,
} from './routes';

export { rootRouteRef, tokenRouteRef } from './routes';

/** `api:vpp` — the typed client of the VPP backend. */
const vppApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: vppApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new VppApiClient({ discoveryApi, fetchApi }),
    }),
});

/** `page:vpp` — `/vpp`: content tokens, and one token at `/vpp/tokens/:tokenId`. */
const vppPage = PageBlueprint.make({
  params: {
    path: '/vpp',
    title: 'Apps and Books',
    icon: <RiAppleLine />,
    routeRef: rootRouteRef,
    // VppPage draws the header itself, with the title in the viewer's language.
    noHeader: true,
    loader: () => import('./components/VppPage').then(m => <m.VppPage />),
  },
});

/** `entity-card:vpp/vpp-token-status` — status card on content-token entities. */
const vppTokenEntityCard = EntityCardBlueprint.make({
  name: 'vpp-token-status',
  params: {
    filter: { kind: 'resource', 'spec.type': VPP_TOKEN_ENTITY_TYPE },
    loader: () =>
      import('./components/EntityVppTokenCard').then(m => (
        <m.EntityVppTokenCard />
      )),
  },
});

/** `catalog-filter:vpp/token-status` — narrows token entities by status (R-BS-1). */
const vppTokenStatusCatalogFilter = CatalogFilterBlueprint.make({
  name: 'token-status',
  params: {
    loader: () =>
      import('./catalog/VppTokenStatusPicker').then(m => (
        <m.VppTokenStatusPicker />
      )),
  },
});

/** Scaffolder field `VppTokenFile`: the token file as a template secret (R-TOK-9). */
const vppTokenFileField = FormFieldBlueprint.make({
  name: 'vpp-token-file',
  params: {
    field: () => import('./scaffolder').then(m => m.vppTokenFileFormField),
  },
});

/**
 * Scaffolder fields of the install and license templates (`ui:field: VppTokenPicker`,
 * `VppAppPicker`, `VppDevicePicker`, `VppAppConfigPicker`, `VppVpnPicker`,
 * `VppScheduleDatePicker`, `VppDistributionReview`).
 */
const vppInstallFormFields = (
  [
    ['vpp-token-picker', 'vppTokenPickerFormField'],
    ['vpp-app-picker', 'vppAppPickerFormField'],
    ['vpp-device-picker', 'vppDevicePickerFormField'],
    ['vpp-app-config-picker', 'vppAppConfigPickerFormField'],
    ['vpp-vpn-picker', 'vppVpnPickerFormField'],
    ['vpp-schedule-date-picker', 'vppScheduleDatePickerFormField'],
    ['vpp-distribution-review', 'vppDistributionReviewFormField'],
  ] as const
).map(([name, exported]) =>
  FormFieldBlueprint.make({
    name,
    params: {
      field: () => import('./scaffolder').then(m => m[exported]),
    },
  }),
);

/**
 * The VPP frontend plugin (new frontend system).
 *
 * @public
 */
export const vppPlugin = createFrontendPlugin({
  pluginId: 'vpp',
  title: 'Apps and Books',
  icon: <RiAppleLine />,
  routes: {
    root: rootRouteRef,
    token: tokenRouteRef,
    devices: devicesRouteRef,
    device: deviceRouteRef,
    appInstallStatus: appInstallStatusRouteRef,
    licenses: licensesRouteRef,
    settings: settingsRouteRef,
    distributions: distributionsRouteRef,
    distribution: distributionRouteRef,
  },
  extensions: [
    vppApi,
    vppPage,
    vppTokenEntityCard,
    vppTokenStatusCatalogFilter,
    vppTokenFileField,
    ...vppInstallFormFields,
  ],
});
