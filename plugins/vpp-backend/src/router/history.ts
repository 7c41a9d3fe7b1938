import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  vppDeviceReadPermission,
  vppTokenReadPermission,
} from '@internal/plugin-vpp-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { HistoryService } from '../services/HistoryService';
import { parseBody, queryInteger } from './schemas';

const id = (name: string) =>
  z
    .string()
    .min(1, `${name} cannot be empty.`)
    .max(64, `${name} can be at most 64 characters.`);

const listHistoryQuerySchema = z
  .object({
    tokenId: id('tokenId').optional(),
    deviceId: id('deviceId').optional(),
    offset: queryInteger('offset', 0, 1_000_000).optional(),
    limit: queryInteger('limit', 1, 200).optional(),
  })
  .strict()
  .refine(q => (q.tokenId === undefined) !== (q.deviceId === undefined), {
    message:
      'Give either tokenId (the content token whose history to show) or deviceId (the device), not both.',
  });

/**
 * `GET /history?tokenId=…` or `?deviceId=…`: the changes of a token or a device, newest
 * first, for who may read it (a deleted token's history: administrators).
 */
export function createHistoryRouter(options: {
  history: HistoryService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { history, httpAuth, permissions } = options;
  const router = Router();

  router.get('/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseBody(listHistoryQuerySchema, req.query);
    const [permission, resourceRef, subject, what] = query.tokenId
      ? ([
          vppTokenReadPermission,
          query.tokenId,
          { tokenId: query.tokenId },
          "this content token's history",
        ] as const)
      : ([
          vppDeviceReadPermission,
          query.deviceId!,
          { deviceId: query.deviceId! },
          "this device's history",
        ] as const);
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to read ${what} (permission ${permission.name}).`,
      );
    }
    res.json(
      await history.list(subject, {
        offset: query.offset,
        limit: query.limit,
      }),
    );
  });

  return router;
}
