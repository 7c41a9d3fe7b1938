import {
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  VppDistribution,
  vppDeviceReadPermission,
  vppDistributionCreatePermission,
  vppDistributionReadPermission,
} from '@internal/plugin-vpp-common';
import express from 'express';
import Router from 'express-promise-router';
import { vppDeviceResourceRef } from '../devicePermissions';
import { vppTokenResourceRef } from '../permissions';
import { DeviceAccess } from '../services/deviceAccess';
import { DistributionService } from '../services/distributions/DistributionService';
import { Access, Audited, userRef } from './access';
import {
  createDistributionSchema,
  listDistributionsQuerySchema,
  listItemsQuerySchema,
} from './distributionSchemas';
import { parseBody } from './schemas';

/**
 * `/distributions` (R-DIST): creating needs `vpp.distribution.create` on the token (so
 * `IS_TOKEN_OWNER` scopes it to the token's owner group) and reading the target devices
 * (`vpp.device.read`, `IS_DEVICE_IN_GROUP`); reading needs `vpp.distribution.read`.
 * Creation, cancel and retry are audited with the token in the history.
 */
export function createDistributionsRouter(options: {
  distributions: DistributionService;
  access: Access;
  audited: Audited;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
}): express.Router {
  const { distributions, access, audited, permissions, httpAuth } = options;
  const toTokenFilter = createConditionTransformer(
    options.permissionsRegistry.getPermissionRuleset(vppTokenResourceRef),
  );
  const toDeviceFilter = createConditionTransformer(
    options.permissionsRegistry.getPermissionRuleset(vppDeviceResourceRef),
  );
  const router = Router();

  async function deviceAccess(req: express.Request): Promise<DeviceAccess> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorizeConditional(
      [{ permission: vppDeviceReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `You are not allowed to read devices (permission ${vppDeviceReadPermission.name}), so you cannot target them.`,
      );
    }
    return decision.result === AuthorizeResult.CONDITIONAL
      ? toDeviceFilter(decision.conditions)
      : undefined;
  }

  const readToken = (req: express.Request, tokenId: string) =>
    access.authorize(
      req,
      vppDistributionReadPermission,
      "see this content token's distributions",
      { resourceRef: tokenId, allow: ['user', 'service'] },
    );
  const manageToken = (req: express.Request, tokenId: string, what: string) =>
    access.authorize(req, vppDistributionCreatePermission, what, {
      resourceRef: tokenId,
    });

  router.post('/distributions', async (req, res) => {
    const body = parseBody(createDistributionSchema, req.body);
    const credentials = await manageToken(
      req,
      body.tokenId,
      "distribute this content token's apps",
    );
    const devices = await deviceAccess(req);
    const run = () => distributions.create(body, userRef(credentials), devices);
    if (body.dryRun) {
      res.json(await run());
      return;
    }
    const created = await audited(
      req,
      'distribution-create',
      {
        tokenId: body.tokenId,
        adamIds: body.adamIds.join(','),
        platform: body.platform,
        licenseMode: body.licenseMode,
        ...(body.scheduledAt ? { scheduledAt: body.scheduledAt } : {}),
      },
      run,
      result => {
        const d = result as VppDistribution;
        return {
          distributionId: d.id,
          devicesMatched: d.plan.devicesMatched,
          items: d.plan.items,
        };
      },
    );
    res.status(201).json(created);
  });

  router.get('/distributions', async (req, res) => {
    const query = parseBody(listDistributionsQuerySchema, req.query);
    if (query.tokenId) {
      await readToken(req, query.tokenId);
      res.json(await distributions.list(query as never));
      return;
    }
    const credentials = await access.credentials(req, ['user', 'service']);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: vppDistributionReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      res.json({ items: [], totalCount: 0 });
      return;
    }
    res.json(
      await distributions.list(
        query as never,
        decision.result === AuthorizeResult.CONDITIONAL
          ? toTokenFilter(decision.conditions)
          : undefined,
      ),
    );
  });

  router.get('/distributions/:id', async (req, res) => {
    const record = await distributions.record(req.params.id);
    await readToken(req, record.tokenId);
    res.json(await distributions.get(record.id));
  });

  router.get('/distributions/:id/items', async (req, res) => {
    const query = parseBody(listItemsQuerySchema, req.query);
    const record = await distributions.record(req.params.id);
    await readToken(req, record.tokenId);
    res.json(await distributions.listItems(record.id, query as never));
  });

  for (const action of ['cancel', 'retry'] as const) {
    router.post(`/distributions/:id/${action}`, async (req, res) => {
      const record = await distributions.record(req.params.id);
      await manageToken(
        req,
        record.tokenId,
        `${action} distributions of this content token`,
      );
      res.json(
        await audited(
          req,
          `distribution-${action}`,
          { tokenId: record.tokenId, distributionId: record.id },
          () => distributions[action](record.id),
          d => ({ state: d.state }),
        ),
      );
    });
  }

  return router;
}
