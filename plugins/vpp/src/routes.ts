import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The plugin's page, `/vpp` by default: the content tokens. @public */
export const rootRouteRef = createRouteRef();

/** One content token: `/vpp/tokens/:tokenId`. @public */
export const tokenRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/tokens/:tokenId',
});

/** The managed devices: `/vpp/devices`. @public */
export const devicesRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/devices',
});

/** One device: `/vpp/devices/:deviceId`. @public */
export const deviceRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/devices/:deviceId',
});

/** One app's install status over the devices: `/vpp/tokens/:tokenId/apps/:adamId`. @public */
export const appInstallStatusRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/tokens/:tokenId/apps/:adamId',
});

/** The license ledger: `/vpp/licenses`. @public */
export const licensesRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/licenses',
});

/** Managed app configurations and VPN settings: `/vpp/settings`. @public */
export const settingsRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/settings',
});

/** The distributions: `/vpp/distributions`. @public */
export const distributionsRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/distributions',
});

/** One distribution's progress: `/vpp/distributions/:distributionId`. @public */
export const distributionRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/distributions/:distributionId',
});
