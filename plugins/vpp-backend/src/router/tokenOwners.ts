import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { vppTokenUpdatePermission } from '@internal/plugin-vpp-common';
import { TokenRecord } from '../database/TokenStore';
import { vppTokenResourceRef } from '../permissions';

/**
 * Which owners a user may register tokens for. The permission policy cannot see the
 * owner in the request body, so registering "for group X" is allowed when the user could
 * manage a token X owns: the policy's decision for `vpp.token.update` (often conditional,
 * e.g. `IS_TOKEN_OWNER`) is applied to the would-be token here.
 */
export function createTokenOwnerCheck(options: {
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
}) {
  const isAllowed = createConditionAuthorizer(
    options.permissionsRegistry.getPermissionRuleset(vppTokenResourceRef),
  );

  /** The given owners (group refs) the caller may register tokens for. */
  async function allowedOwners(
    credentials: BackstageCredentials,
    owners: string[],
  ): Promise<string[]> {
    const [decision] = await options.permissions.authorizeConditional(
      [{ permission: vppTokenUpdatePermission }],
      { credentials },
    );
    // Rules only look at what a token is before it exists: its owner.
    return owners.filter(owner => {
      const normalised = normaliseGroupRef(owner);
      return (
        normalised !== undefined &&
        isAllowed(decision, { owner: normalised } as TokenRecord)
      );
    });
  }

  /** Throws a 403 naming the permission when the caller may not register for `owner`. */
  async function assertMayRegisterFor(
    credentials: BackstageCredentials,
    owner: string,
  ): Promise<void> {
    const normalised = normaliseGroupRef(owner);
    if (!normalised) {
      return; // Not a group ref: registration refuses it with a 400, nothing is written.
    }
    const [allowed] = await allowedOwners(credentials, [normalised]);
    if (!allowed) {
      throw new NotAllowedError(
        `You may register content tokens only for groups whose tokens you may manage, and ${normalised} is not one of them (permission ${vppTokenUpdatePermission.name} on tokens owned by ${normalised}). Choose one of your own groups, or ask an administrator.`,
      );
    }
  }

  return { allowedOwners, assertMayRegisterFor };
}

/** `group:default/x` for a group ref, undefined for anything else. */
export function normaliseGroupRef(ref: string): string | undefined {
  try {
    const parsed = parseEntityRef(ref.trim(), { defaultKind: 'group' });
    return parsed.kind.toLocaleLowerCase('en-US') === 'group'
      ? stringifyEntityRef({ ...parsed, kind: 'group' })
      : undefined;
  } catch {
    return undefined;
  }
}
