import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
  PermissionCondition,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

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

/**
 * Assign and revoke device licenses of a token's apps without installing them (R-LIC-2).
 * Checked on the token, so `IS_TOKEN_OWNER` limits it to the token's owner group.
 *
 * @public
 */
export const vppLicenseManagePermission = createPermission({
  name: 'vpp.license.manage',
  attributes: { action: 'update' },
  resourceType: VPP_TOKEN_RESOURCE_TYPE,
});

/** Start a distribution (licenses and installs) with a token's apps. @public */
export const vppDistributionCreatePermission = createPermission({
  name: 'vpp.distribution.create',
  attributes: { action: 'create' },
  resourceType: VPP_TOKEN_RESOURCE_TYPE,
});

/** See the distributions of a token's apps and their progress. @public */
export const vppDistributionReadPermission = createPermission({
  name: 'vpp.distribution.read',
  attributes: { action: 'read' },
  resourceType: VPP_TOKEN_RESOURCE_TYPE,
});

/**
 * See the named settings installs can use (managed app configurations, VPN settings).
 * They belong to no token, so this is a basic permission.
 *
 * @public
 */
export const vppSettingsReadPermission = createPermission({
  name: 'vpp.settings.read',
  attributes: { action: 'read' },
});

/** Create, change and delete named settings. @public */
export const vppSettingsManagePermission = createPermission({
  name: 'vpp.settings.manage',
  attributes: { action: 'update' },
});

/** Resource type of managed devices in the permission framework. @public */
export const VPP_DEVICE_RESOURCE_TYPE = 'vpp-device';

/** See devices, their inventory and the install state of apps on them. @public */
export const vppDeviceReadPermission = createPermission({
  name: 'vpp.device.read',
  attributes: { action: 'read' },
  resourceType: VPP_DEVICE_RESOURCE_TYPE,
});

/**
 * Edit a device's attributes and group, import attributes from CSV, ask devices for
 * their inventory.
 *
 * @public
 */
export const vppDeviceUpdatePermission = createPermission({
  name: 'vpp.device.update',
  attributes: { action: 'update' },
  resourceType: VPP_DEVICE_RESOURCE_TYPE,
});

/** @public */
export const vppDevicePermissions = [
  vppDeviceReadPermission,
  vppDeviceUpdatePermission,
];

/** @public */
export const vppPermissions = [
  vppTokenReadPermission,
  vppTokenCreatePermission,
  vppTokenUpdatePermission,
  vppTokenDeletePermission,
  vppLicenseManagePermission,
  vppDistributionCreatePermission,
  vppDistributionReadPermission,
  vppSettingsReadPermission,
  vppSettingsManagePermission,
  ...vppDevicePermissions,
];

/** Parameters of the `IS_TOKEN_OWNER` rule. @public */
export type VppTokenOwnerParams = { owners: string[] };

/**
 * Conditions for permission policies, naming the rules the vpp backend registers for
 * `vpp-token` resources (what `createConditionExports` would produce).
 *
 * @example
 * ```ts
 * if (isPermission(request.permission, vppTokenUpdatePermission)) {
 *   return createVppTokenConditionalDecision(
 *     request.permission,
 *     vppTokenConditions.isTokenOwner({ owners: user.identity.ownershipEntityRefs }),
 *   );
 * }
 * ```
 * @public
 */
export const vppTokenConditions = {
  /** Only tokens owned by one of `owners` (group entity refs). */
  isTokenOwner: (
    params: VppTokenOwnerParams,
  ): PermissionCondition<
    typeof VPP_TOKEN_RESOURCE_TYPE,
    VppTokenOwnerParams
  > => ({
    rule: 'IS_TOKEN_OWNER',
    resourceType: VPP_TOKEN_RESOURCE_TYPE,
    params,
  }),
};

/** A conditional decision for a `vpp-token` permission. @public */
export function createVppTokenConditionalDecision(
  permission: ResourcePermission<typeof VPP_TOKEN_RESOURCE_TYPE>,
  conditions: PermissionCriteria<
    PermissionCondition<typeof VPP_TOKEN_RESOURCE_TYPE>
  >,
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'vpp',
    resourceType: permission.resourceType,
    conditions,
  };
}

/** Parameters of the `IS_DEVICE_IN_GROUP` rule. @public */
export type VppDeviceGroupParams = { groups: string[] };

/**
 * Conditions for permission policies, naming the rules the vpp backend registers for
 * `vpp-device` resources.
 *
 * @example
 * ```ts
 * if (isPermission(request.permission, vppDeviceUpdatePermission)) {
 *   return createVppDeviceConditionalDecision(
 *     request.permission,
 *     vppDeviceConditions.isDeviceInGroup({ groups: user.identity.ownershipEntityRefs }),
 *   );
 * }
 * ```
 * @public
 */
export const vppDeviceConditions = {
  /**
   * Only devices whose group is one of `groups` (group entity refs) or a subgroup of
   * one of them (the catalog's parent/child relations).
   */
  isDeviceInGroup: (
    params: VppDeviceGroupParams,
  ): PermissionCondition<
    typeof VPP_DEVICE_RESOURCE_TYPE,
    VppDeviceGroupParams
  > => ({
    rule: 'IS_DEVICE_IN_GROUP',
    resourceType: VPP_DEVICE_RESOURCE_TYPE,
    params,
  }),
};

/** A conditional decision for a `vpp-device` permission. @public */
export function createVppDeviceConditionalDecision(
  permission: ResourcePermission<typeof VPP_DEVICE_RESOURCE_TYPE>,
  conditions: PermissionCriteria<
    PermissionCondition<typeof VPP_DEVICE_RESOURCE_TYPE>
  >,
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'vpp',
    resourceType: permission.resourceType,
    conditions,
  };
}
