import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { vppTokenReadPermission } from '@internal/plugin-vpp-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { HistoryService } from '../services/HistoryService';
import { parseBody, queryInteger } from './schemas';

const listHistoryQuerySchema = z
  .object({
    tokenId: z
      .string({
        required_error:
          'tokenId is required: the id of the content token whose history to show.',
      })
      .min(1, 'tokenId cannot be empty.')
      .max(64, 'tokenId can be at most 64 characters.'),
    offset: queryInteger('offset', 0, 1_000_000).optional(),
    limit: queryInteger('limit', 1, 200).optional(),
  })
  .strict();

/** `GET /history?tokenId=…`: a token's changes, newest first, for who may read it. */
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
    const [decision] = await permissions.authorize(
      [{ permission: vppTokenReadPermission, resourceRef: query.tokenId }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to read this content token's history (permission ${vppTokenReadPermission.name}).`,
      );
    }
    res.json(
      await history.listForToken(query.tokenId, {
        offset: query.offset,
        limit: query.limit,
      }),
    );
  });

  return router;
}
