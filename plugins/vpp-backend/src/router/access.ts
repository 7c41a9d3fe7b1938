import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';

/**
 * Runs a change inside an audit event (and the history of changes): `createRouter`'s
 * `audited`. `describe` adds facts of the result to the history.
 */
export type Audited = <T>(
  req: Request,
  eventId: string,
  meta: Record<string, string>,
  fn: () => Promise<T>,
  describe?: (result: T) => Record<string, unknown>,
) => Promise<T>;

/**
 * Permission checks for the settings and license routes, with refusals that name what
 * was refused (the token routes' `authorize` speaks of content tokens).
 */
export function createAccess(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const { httpAuth, permissions } = options;

  /**
   * The caller's credentials when the policy allows `permission` (on `resourceRef`
   * when given); otherwise a 403 saying what may not be done.
   */
  async function authorize(
    req: Request,
    permission: BasicPermission | ResourcePermission,
    refused: string,
    scope: {
      resourceRef?: string;
      allow?: Array<'user' | 'service'>;
    } = {},
  ): Promise<BackstageCredentials> {
    const caller = await httpAuth.credentials(req, {
      allow: scope.allow ?? ['user'],
    });
    const [decision] = await permissions.authorize(
      [
        scope.resourceRef
          ? {
              permission: permission as ResourcePermission,
              resourceRef: scope.resourceRef,
            }
          : { permission: permission as BasicPermission },
      ],
      { credentials: caller },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${refused} (permission ${permission.name}).`,
      );
    }
    return caller;
  }

  /** The caller's credentials, for routes that ask the policy themselves. */
  function credentials(
    req: Request,
    allow: Array<'user' | 'service'> = ['user'],
  ): Promise<BackstageCredentials> {
    return httpAuth.credentials(req, { allow });
  }

  return { authorize, credentials };
}

export type Access = ReturnType<typeof createAccess>;

/** The user entity ref of a caller, or `unknown` for other principals. */
export function userRef(credentials: BackstageCredentials): string {
  const principal = credentials.principal as { userEntityRef?: string };
  return principal.userEntityRef ?? 'unknown';
}
