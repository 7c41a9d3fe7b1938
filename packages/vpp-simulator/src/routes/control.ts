import express, { Request, Router } from 'express';
import { FaultInput } from '../faults';
import { availableCount } from '../location';
import { RequestLogFilter } from '../requestLog';
import { locationSummary, SimulatorState } from '../state';
import { PricingParam, SimulatorOptionsInput, TokenState } from '../types';
import {
  controlRouteHandler,
  endControlRouter,
  queryText,
} from './controlRoutes';

/** Control routes, listed by `GET /control` and documented in the README. */
export const CONTROL_ROUTES = [
  'GET    /control                                   this list',
  'GET    /control/state                             locations, tokens, faults, options',
  'POST   /control/reset                             back to the fixture',
  'GET    /control/options                           current switches',
  'POST   /control/options                           change switches {name: value}',
  'POST   /control/rate-limit                        {enabled: boolean}',
  'GET    /control/tokens[?locationId=]              tokens with file content and state',
  'POST   /control/tokens/state                      {token, state: valid|expired|revoked|invalid}',
  'POST   /control/locations/:id/tokens              {expiresAt?} issue a token (JSON answer)',
  'POST   /control/locations/:id/purchase            {adamId, pricingParam?, countDelta}',
  'POST   /control/locations/:id/users/:clientUserId/associate   accept invitation',
  'GET    /control/faults                            pending faults',
  'POST   /control/faults                            {kind, count?, pathPrefix?, method?, status?, retryAfter?, delayMs?}',
  'DELETE /control/faults[/:id]                      remove one or all faults',
  'GET    /control/requests[?tokenId&locationId&pathPrefix&since]   request log',
  'GET    /control/requests/stats[?same filters]     per-token counts per second',
  'DELETE /control/requests                          clear the request log',
  'GET    /control/events[?locationId=]              async events',
  'POST   /control/events/complete                   complete all pending events now',
  'GET    /control/notifications                     notification deliveries',
];

function logFilter(req: Request): RequestLogFilter {
  const since = queryText(req, 'since');
  let sinceMs: number | undefined;
  if (since !== undefined) {
    sinceMs = /^\d+$/.test(since) ? Number(since) : Date.parse(since);
    if (Number.isNaN(sinceMs)) {
      throw new Error('since must be epoch milliseconds or an ISO date');
    }
  }
  return {
    tokenId: queryText(req, 'tokenId'),
    locationId: queryText(req, 'locationId'),
    pathPrefix: queryText(req, 'pathPrefix'),
    since: sinceMs,
  };
}

/** JSON control API (no auth) for tests and local development. */
export function createControlRouter(state: SimulatorState): Router {
  const router = express.Router();
  router.use(express.json({ strict: false, type: () => true }));

  const handle = controlRouteHandler((_error, message) =>
    /^Unknown (location|token)/.test(message),
  );

  router.get(
    '/',
    handle(() => ({ routes: CONTROL_ROUTES })),
  );

  router.get(
    '/state',
    handle(() => ({
      options: state.options,
      locations: [...state.locations.values()].map(location => ({
        ...locationSummary(location),
        mdmInfo: location.mdmInfo,
        notificationUrl: location.notificationUrl,
        subscribedNotificationTypes: location.subscribedNotificationTypes,
        versionIds: {
          assets: location.versions.assets.versionId,
          assignments: location.versions.assignments.versionId,
          users: location.versions.users.versionId,
        },
        assets: [...location.assets.values()].map(asset => ({
          adamId: asset.adamId,
          pricingParam: asset.pricingParam,
          productType: asset.productType,
          unlimited: asset.unlimited,
          totalCount: asset.totalCount,
          assignedCount: asset.assignedCount,
          availableCount: availableCount(asset),
        })),
        userCount: location.users.length,
      })),
      tokens: state.listTokens(),
      faults: state.listFaults(),
      pendingEvents: state.events
        .list()
        .filter(event => event.eventStatus === 'PENDING').length,
    })),
  );

  router.post(
    '/reset',
    handle(() => {
      state.reset();
      return { ok: true };
    }),
  );

  router.get(
    '/options',
    handle(() => state.options),
  );
  router.post(
    '/options',
    handle(req => state.setOptions(req.body as SimulatorOptionsInput)),
  );
  router.post(
    '/rate-limit',
    handle(req => {
      if (typeof req.body?.enabled !== 'boolean') {
        throw new Error('enabled must be a boolean');
      }
      state.setRateLimit(req.body.enabled);
      return { rateLimit: state.options.rateLimit };
    }),
  );

  router.get(
    '/tokens',
    handle(req => state.listTokens(queryText(req, 'locationId'))),
  );
  router.post(
    '/tokens/state',
    handle(req => {
      const { token, state: tokenState } = req.body ?? {};
      if (typeof token !== 'string') {
        throw new Error('token (id, file content or secret) is required');
      }
      return state.setTokenState(token, tokenState as TokenState);
    }),
  );

  router.post(
    '/locations/:id/tokens',
    handle(req => {
      const fileContent = state.downloadToken(
        req.params.id,
        req.body?.expiresAt,
      );
      return state.listTokens().find(t => t.fileContent === fileContent);
    }),
  );
  router.post(
    '/locations/:id/purchase',
    handle(req => {
      const { adamId, pricingParam, countDelta } = req.body ?? {};
      if (typeof adamId !== 'string' && typeof adamId !== 'number') {
        throw new Error('adamId is required');
      }
      const asset = state.purchase(
        req.params.id,
        String(adamId),
        (pricingParam ?? 'STDQ') as PricingParam,
        countDelta,
      );
      return {
        adamId: asset.adamId,
        pricingParam: asset.pricingParam,
        totalCount: asset.totalCount,
        assignedCount: asset.assignedCount,
        availableCount: availableCount(asset),
        versionId: state.location(req.params.id).versions.assets.versionId,
      };
    }),
  );
  router.post(
    '/locations/:id/users/:clientUserId/associate',
    handle(req => {
      const { user } = state.associateUser({
        locationId: req.params.id,
        clientUserId: req.params.clientUserId,
      });
      return {
        clientUserId: user.clientUserId,
        status: user.status,
        idHash: user.idHash,
      };
    }),
  );

  router.get(
    '/faults',
    handle(() => state.listFaults()),
  );
  router.post(
    '/faults',
    handle(req => state.injectFault(req.body as FaultInput)),
  );
  router.delete(
    '/faults',
    handle(() => {
      state.clearFaults();
      return { ok: true };
    }),
  );
  router.delete(
    '/faults/:id',
    handle(req => ({ removed: state.faults.remove(req.params.id) })),
  );

  router.get(
    '/requests',
    handle(req => state.requests(logFilter(req))),
  );
  router.get(
    '/requests/stats',
    handle(req => state.requestStats(logFilter(req))),
  );
  router.delete(
    '/requests',
    handle(() => {
      state.clearRequestLog();
      return { ok: true };
    }),
  );

  router.get(
    '/events',
    handle(req => state.events.list(queryText(req, 'locationId'))),
  );
  router.post(
    '/events/complete',
    handle(() => {
      state.completePendingEvents();
      return { ok: true };
    }),
  );

  router.get(
    '/notifications',
    handle(() => state.notifications()),
  );

  endControlRouter(router, 'Unknown control route', CONTROL_ROUTES);
  return router;
}
