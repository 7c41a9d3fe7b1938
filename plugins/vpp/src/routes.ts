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
