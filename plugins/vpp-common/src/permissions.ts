import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of content tokens in the permission framework. @public */
export const VPP_TOKEN_RESOURCE_TYPE = 'vpp-token';

/** Read a token and what it holds. @public */
export const vppTokenReadPermission = createPermission({
  name: 'vpp.token.read',
  attributes: { action: 'read' },
  resourceType: VPP_TOKEN_RESOURCE_TYPE,
});

/** Register a new token (there is no resource yet, so this is a basic permission). @public */
export const vppTokenCreatePermission = createPermission({
  name: 'vpp.token.create',
  attributes: { action: 'create' },
});

/** Renew, edit, share and sync a token, and change its reminder settings. @public */
export const vppTokenUpdatePermission = createPermission({
  name: 'vpp.token.update',
  attributes: { action: 'update' },
  resourceType: VPP_TOKEN_RESOURCE_TYPE,
});

/** Remove a token (and release our claim on its location at Apple). @public */
export const vppTokenDeletePermission = createPermission({
  name: 'vpp.token.delete',
  attributes: { action: 'delete' },
  resourceType: VPP_TOKEN_RESOURCE_TYPE,
});

/** @public */
export const vppPermissions = [
  vppTokenReadPermission,
  vppTokenCreatePermission,
  vppTokenUpdatePermission,
  vppTokenDeletePermission,
];
