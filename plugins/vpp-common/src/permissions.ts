import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
  PermissionAttributes,
  PermissionCondition,
  PermissionCriteria,
  PermissionRuleParams,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Resource type of content tokens in the permission framework. @public */
export const VPP_TOKEN_RESOURCE_TYPE = 'vpp-token';

/** Resource type of managed devices in the permission framework. @public */
export const VPP_DEVICE_RESOURCE_TYPE = 'vpp-device';

/** A permission checked on one resource of `resourceType` (a token, a device). */
function resourcePermission<TResourceType extends string>(
  resourceType: TResourceType,
  name: string,
  action: PermissionAttributes['action'],
): ResourcePermission<TResourceType> {
  return createPermission({ name, attributes: { action }, resourceType });
}

/** Read a token and what it holds. @public */
export const vppTokenReadPermission = resourcePermission(
  VPP_TOKEN_RESOURCE_TYPE,
  'vpp.token.read',
  'read',
);

/** Register a new token (there is no resource yet, so this is a basic permission). @public */
export const vppTokenCreatePermission = createPermission({
  name: 'vpp.token.create',
  attributes: { action: 'create' },
});

/** Renew, edit, share and sync a token, and change its reminder settings. @public */
export const vppTokenUpdatePermission = resourcePermission(
  VPP_TOKEN_RESOURCE_TYPE,
  'vpp.token.update',
  'update',
);

/** Remove a token (and release our claim on its location at Apple). @public */
export const vppTokenDeletePermission = resourcePermission(
  VPP_TOKEN_RESOURCE_TYPE,
  'vpp.token.delete',
  'delete',
);

/**
 * Assign and revoke device licenses of a token's apps without installing them (R-LIC-2).
 * Checked on the token, so `IS_TOKEN_OWNER` limits it to the token's owner group.
 *
 * @public
 */
export const vppLicenseManagePermission = resourcePermission(
  VPP_TOKEN_RESOURCE_TYPE,
  'vpp.license.manage',
  'update',
);

/** Start a distribution (licenses and installs) with a token's apps. @public */
export const vppDistributionCreatePermission = resourcePermission(
  VPP_TOKEN_RESOURCE_TYPE,
  'vpp.distribution.create',
  'create',
);

/** See the distributions of a token's apps and their progress. @public */
export const vppDistributionReadPermission = resourcePermission(
  VPP_TOKEN_RESOURCE_TYPE,
  'vpp.distribution.read',
  'read',
);

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

/** See devices, their inventory and the install state of apps on them. @public */
export const vppDeviceReadPermission = resourcePermission(
  VPP_DEVICE_RESOURCE_TYPE,
  'vpp.device.read',
  'read',
);

/**
 * Edit a device's attributes and group, import attributes from CSV, ask devices for
 * their inventory.
 *
 * @public
 */
export const vppDeviceUpdatePermission = resourcePermission(
  VPP_DEVICE_RESOURCE_TYPE,
  'vpp.device.update',
  'update',
);

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

/**
 * Builds the condition of `rule`, a rule the vpp backend registers for `resourceType`
 * (what `createConditionFactory` does in backend code; this package runs in browsers too).
 */
function ruleCondition<
  TResourceType extends string,
  TParams extends PermissionRuleParams,
>(
  resourceType: TResourceType,
  rule: string,
): (params: TParams) => PermissionCondition<TResourceType, TParams> {
  return params => ({ rule, resourceType, params });
}

/** A conditional decision the vpp plugin resolves, for a permission on one of its resources. */
function conditionalDecision<TResourceType extends string>(
  permission: ResourcePermission<TResourceType>,
  conditions: PermissionCriteria<PermissionCondition<TResourceType>>,
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'vpp',
    resourceType: permission.resourceType,
    conditions,
  };
}

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
  isTokenOwner: ruleCondition<
    typeof VPP_TOKEN_RESOURCE_TYPE,
    VppTokenOwnerParams
  >(VPP_TOKEN_RESOURCE_TYPE, 'IS_TOKEN_OWNER'),
};

/** A conditional decision for a `vpp-token` permission. @public */
export const createVppTokenConditionalDecision = conditionalDecision<
  typeof VPP_TOKEN_RESOURCE_TYPE
>;

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
  isDeviceInGroup: ruleCondition<
    typeof VPP_DEVICE_RESOURCE_TYPE,
    VppDeviceGroupParams
  >(VPP_DEVICE_RESOURCE_TYPE, 'IS_DEVICE_IN_GROUP'),
};

/** A conditional decision for a `vpp-device` permission. @public */
export const createVppDeviceConditionalDecision = conditionalDecision<
  typeof VPP_DEVICE_RESOURCE_TYPE
>;
