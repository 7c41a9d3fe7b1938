import {
  createPermissionResourceRef,
  PermissionRule,
} from '@backstage/plugin-permission-node';
import { VPP_TOKEN_RESOURCE_TYPE } from '@internal/plugin-vpp-common';
import { TokenFilter, TokenRecord } from './database/TokenStore';

/** @public */
export const vppTokenResourceRef = createPermissionResourceRef<
  TokenRecord,
  TokenFilter
>().with({ pluginId: 'vpp', resourceType: VPP_TOKEN_RESOURCE_TYPE });

// No paramsSchema: with the installed zod 3.25 the schema union in PermissionRule makes
// TypeScript's instantiation explode; params are checked in apply/toQuery instead.
type OwnerParams = { owners: string[] };

/** Lets a policy allow teams to manage only the tokens their groups own. @public */
export const isTokenOwner: PermissionRule<
  TokenRecord,
  TokenFilter,
  typeof VPP_TOKEN_RESOURCE_TYPE,
  OwnerParams
> = {
  name: 'IS_TOKEN_OWNER',
  resourceType: VPP_TOKEN_RESOURCE_TYPE,
  description: 'Allow tokens owned by one of the given groups',
  apply: (token, params) => ownersOf(params).includes(token.owner),
  toQuery: params => ({ key: 'owner', values: ownersOf(params) }),
};

/** Rules a permission policy can use for content tokens (by name `IS_TOKEN_OWNER`). */
export const vppTokenPermissionRules: PermissionRule<
  TokenRecord,
  TokenFilter,
  typeof VPP_TOKEN_RESOURCE_TYPE,
  OwnerParams
>[] = [isTokenOwner];

function ownersOf(params: OwnerParams): string[] {
  if (!Array.isArray(params?.owners)) {
    throw new Error('IS_TOKEN_OWNER needs params { owners: string[] }');
  }
  return params.owners.filter((o): o is string => typeof o === 'string');
}
