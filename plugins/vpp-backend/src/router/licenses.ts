import {
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  VppLicenseChangeResult,
  vppLicenseManagePermission,
  vppTokenReadPermission,
} from '@internal/plugin-vpp-common';
import express from 'express';
import Router from 'express-promise-router';
import { vppTokenResourceRef } from '../permissions';
import { LicenseService } from '../services/LicenseService';
import { Access, Audited, userRef } from './access';
import { parseBody } from './schemas';
import {
  licenseChangeSchema,
  licenseOrphansQuerySchema,
  listLicensesQuerySchema,
} from './settingsSchemas';

/** Serial numbers named in one audit event; the counts cover the rest. */
const AUDITED_SERIALS = 1000;

/**
 * `/licenses`: the license ledger (R-LIC-1, R-LIC-2, R-LIC-4). Reading needs
 * `vpp.token.read` on the token (licenses are part of what a token holds); assigning and
 * revoking need `vpp.license.manage` on it, so `IS_TOKEN_OWNER` scopes both to the
 * token's owner group. Every assignment and revocation is audited with its outcome.
 */
export function createLicensesRouter(options: {
  licenses: LicenseService;
  access: Access;
  audited: Audited;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
}): express.Router {
  const { licenses, access, audited, permissions } = options;
  const toTokenFilter = createConditionTransformer(
    options.permissionsRegistry.getPermissionRuleset(vppTokenResourceRef),
  );
  const router = Router();

  const readToken = (req: express.Request, tokenId: string) =>
    access.authorize(
      req,
      vppTokenReadPermission,
      "see this content token's licenses",
      { resourceRef: tokenId, allow: ['user', 'service'] },
    );

  router.get('/licenses', async (req, res) => {
    const query = parseBody(listLicensesQuerySchema, req.query);
    if (query.tokenId) {
      await readToken(req, query.tokenId);
      res.json(await licenses.list(query));
      return;
    }
    // Every token the caller may read, filtered in the database.
    const credentials = await access.credentials(req, ['user', 'service']);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: vppTokenReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      res.json({ items: [], totalCount: 0 });
      return;
    }
    res.json(
      await licenses.list(
        query,
        decision.result === AuthorizeResult.CONDITIONAL
          ? toTokenFilter(decision.conditions)
          : undefined,
      ),
    );
  });

  router.get('/licenses/orphans', async (req, res) => {
    const { tokenId } = parseBody(licenseOrphansQuerySchema, req.query);
    await readToken(req, tokenId);
    res.json(await licenses.findOrphans(tokenId));
  });

  for (const action of ['assign', 'revoke'] as const) {
    router.post(`/licenses/${action}`, async (req, res) => {
      const body = parseBody(licenseChangeSchema, req.body);
      const credentials = await access.authorize(
        req,
        vppLicenseManagePermission,
        `${action} licenses of this content token`,
        { resourceRef: body.tokenId },
      );
      const run = () => licenses[action](body, userRef(credentials));
      if (body.dryRun) {
        // Changes nothing, so there is nothing to audit.
        res.json(await run());
        return;
      }
      res.json(
        await audited(
          req,
          `license-${action}`,
          {
            tokenId: body.tokenId,
            adamIds: body.adamIds.join(','),
            serials: body.serials.slice(0, AUDITED_SERIALS).join(','),
            serialCount: String(body.serials.length),
          },
          run,
          outcome,
        ),
      );
    });
  }

  return router;
}

/** What the history keeps of a change's result. */
function outcome(result: VppLicenseChangeResult) {
  return {
    appleCalls: result.appleRequests.length,
    succeeded: result.succeeded.length,
    failed: result.failed.length,
    pending: result.pending.length,
    skipped: result.skipped.length,
    ...(result.failed.length > 0
      ? {
          failures: result.failed
            .slice(0, 20)
            .map(
              f =>
                `${f.adamId}/${f.serialNumber}${
                  f.errorNumber !== undefined ? ` (${f.errorNumber})` : ''
                }`,
            )
            .join(', '),
        }
      : {}),
  };
}
