import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createVppDeviceConditionalDecision,
  createVppTokenConditionalDecision,
  VPP_DEVICE_RESOURCE_TYPE,
  VPP_TOKEN_RESOURCE_TYPE,
  vppDeviceConditions,
  vppTokenConditions,
  vppSettingsReadPermission,
  vppTokenCreatePermission,
} from '@internal/plugin-vpp-common';
import { VppPolicyConfig } from './config';

/**
 * Who may do what in VPP for Backstage (R-BS-5):
 *
 * - permissions of other plugins: allowed, as Backstage's allow-all policy would;
 * - `vpp.*` for the configured administrators (a user, or a group they belong to): allowed;
 * - `vpp-token` permissions for everyone else (tokens, and licenses and distributions,
 *   which are checked on their token): only tokens one of their groups owns
 *   (`IS_TOKEN_OWNER`), as a conditional decision so lists are filtered in the database;
 * - `vpp-device` permissions: only devices in one of their groups or its subgroups
 *   (`IS_DEVICE_IN_GROUP`);
 * - `vpp.token.create`: allowed; the vpp backend then requires that the user could manage
 *   a token of the requested owner (the policy cannot see the request body);
 * - `vpp.settings.read`: allowed; named settings belong to no team and hold no secret,
 *   and an owner must see them to pick one when installing (managing them stays with
 *   administrators);
 * - read permissions for everyone when `everyoneCanRead` is on;
 * - any other `vpp.*` permission: denied to non-administrators (the safe default for
 *   permissions this policy does not know yet).
 */
export class VppPermissionPolicy implements PermissionPolicy {
  readonly #admins: Set<string>;
  readonly #everyoneCanRead: boolean;
  readonly #userInfo: UserInfoService;

  constructor(options: { config: VppPolicyConfig; userInfo: UserInfoService }) {
    this.#admins = new Set(options.config.admins);
    this.#everyoneCanRead = options.config.everyoneCanRead;
    this.#userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('vpp.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      // Unauthenticated callers; services never get here (always allowed upstream).
      return { result: AuthorizeResult.DENY };
    }
    const info = await this.#userInfo.getUserInfo(user.credentials);
    const refs = uniqueRefs([info.userEntityRef, ...info.ownershipEntityRefs]);
    if (refs.some(ref => this.#admins.has(ref.toLocaleLowerCase('en-US')))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (this.#everyoneCanRead && permission.attributes.action === 'read') {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isPermission(permission, vppTokenCreatePermission) ||
      isPermission(permission, vppSettingsReadPermission)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission, VPP_TOKEN_RESOURCE_TYPE)) {
      return createVppTokenConditionalDecision(
        permission,
        vppTokenConditions.isTokenOwner({ owners: refs }),
      );
    }
    if (isResourcePermission(permission, VPP_DEVICE_RESOURCE_TYPE)) {
      return createVppDeviceConditionalDecision(
        permission,
        vppDeviceConditions.isDeviceInGroup({ groups: refs }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}

/**
 * The user's refs as given and lower-cased: stored owners are lower-case in kind and
 * namespace, catalog refs usually are too, but names keep their case.
 */
function uniqueRefs(refs: string[]): string[] {
  return [
    ...new Set(refs.flatMap(ref => [ref, ref.toLocaleLowerCase('en-US')])),
  ];
}
