import express, { NextFunction, Request, Response, Router } from 'express';
import { serviceConfigErrorCodes, VppError } from '../errors';
import {
  AssetFilter,
  AssetRecord,
  availableCount,
  LocationState,
  toResponseUser,
} from '../location';
import { paginate, parsePageIndex } from '../pagination';
import { AuthResult, SimulatorState, TokenRecord } from '../state';
import {
  parseManageAssetsRequest,
  parseManageUsersRequest,
  parseRevokeAssetsRequest,
} from '../validation';
import {
  appleJsonBody,
  asyncHandler,
  methodNotAllowed,
  originOf,
  queryBoolean,
  queryEnum,
  queryInteger,
  queryString,
} from './http';

interface Authenticated {
  token: TokenRecord;
  location: LocationState;
}

function authOf(res: Response): Authenticated {
  return res.locals.auth as Authenticated;
}

/**
 * Every authenticated answer carries `uId`, `mdmInfo` once some MDM set it, and
 * `tokenExpirationDate` (always, or within 15 days of expiry — a switch).
 */
function sendAuthenticated(
  state: SimulatorState,
  res: Response,
  body: Record<string, unknown>,
): void {
  const { token, location } = authOf(res);
  const answer: Record<string, unknown> = { ...body };
  if (location.mdmInfo) {
    answer.mdmInfo = { ...location.mdmInfo };
  }
  const expiration = state.tokenExpirationDate(token);
  if (expiration) {
    answer.tokenExpirationDate = expiration;
  }
  answer.uId = location.uId;
  res.status(200).json(answer);
}

function toResponseAsset(asset: AssetRecord) {
  return {
    adamId: asset.adamId,
    assignedCount: asset.assignedCount,
    availableCount: availableCount(asset),
    deviceAssignable: asset.deviceAssignable,
    pricingParam: asset.pricingParam,
    productType: asset.productType,
    retiredCount: asset.retiredCount,
    revocable: asset.revocable,
    supportedPlatforms: [...asset.supportedPlatforms],
    totalCount: asset.totalCount,
  };
}

/** `UnlimitedResponseAsset` omits availableCount, totalCount and retiredCount. */
function toUnlimitedResponseAsset(asset: AssetRecord) {
  return {
    adamId: asset.adamId,
    assignedCount: asset.assignedCount,
    deviceAssignable: asset.deviceAssignable,
    pricingParam: asset.pricingParam,
    productType: asset.productType,
    revocable: asset.revocable,
    supportedPlatforms: [...asset.supportedPlatforms],
  };
}

function pageFields(page: {
  currentPageIndex: number;
  nextPageIndex?: number;
  totalPages: number;
  start: number;
  end: number;
}) {
  const fields: Record<string, number> = {
    currentPageIndex: page.currentPageIndex,
  };
  if (page.nextPageIndex !== undefined) {
    fields.nextPageIndex = page.nextPageIndex;
  }
  fields.size = page.end - page.start;
  fields.totalPages = page.totalPages;
  return fields;
}

/** The `/mdm/v2` API: Apple's App and Book Management API 2. */
export function createAppleRouter(state: SimulatorState): Router {
  const router = express.Router({ caseSensitive: true, strict: false });

  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    const result: AuthResult = state.authenticate(req.headers.authorization);
    if (!result.ok) {
      next(new VppError(result.errorNumber));
      return;
    }
    res.locals.auth = { token: result.token, location: result.location };
    res.locals.locationId = result.location.id;
    if (
      state.options.rateLimit &&
      !state.rateLimiter.tryAcquire(
        result.token.id,
        state.options.limits.maxRequestPerSecond,
      )
    ) {
      res.set('Retry-After', '1');
      next(new VppError(9646));
      return;
    }
    next();
  };

  router
    .route('/service/config')
    .get((req, res) => {
      const base = `${originOf(req)}/mdm/v2`;
      res.json({
        errorCodes: serviceConfigErrorCodes(),
        limits: { ...state.options.limits },
        notificationTypes: [
          'ASSET_MANAGEMENT',
          'USER_MANAGEMENT',
          'USER_ASSOCIATED',
          'ASSET_COUNT',
        ],
        urls: {
          invitationEmail: `${originOf(
            req,
          )}/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount?inviteCode=%25inviteCode%25&mt=8`,
          clientConfig: `${base}/client/config`,
          createUsers: `${base}/users/create`,
          getAssignments: `${base}/assignments`,
          revokeAssets: `${base}/assets/revoke`,
          contentMetadataLookup: `${originOf(
            req,
          )}/WebObjects/MZStorePlatform.woa/wa/lookup`,
          getUsers: `${base}/users`,
          eventStatus: `${base}/status`,
          associateAssets: `${base}/assets/associate`,
          disassociateAssets: `${base}/assets/disassociate`,
          updateUsers: `${base}/users/update`,
          getAssets: `${base}/assets`,
          retireUsers: `${base}/users/retire`,
        },
      });
    })
    .all(methodNotAllowed);

  const sendClientConfig = (res: Response) => {
    const { location } = authOf(res);
    const body: Record<string, unknown> = {
      countryISO2ACode: location.countryISO2ACode,
      defaultPlatform: location.defaultPlatform,
      locationName: location.name,
    };
    if (location.notificationUrl) {
      body.notificationAuthToken = location.notificationAuthToken;
      body.notificationUrl = location.notificationUrl;
    }
    if (location.subscribedNotificationTypes.length > 0) {
      body.subscribedNotificationTypes = [
        ...location.subscribedNotificationTypes,
      ];
    }
    body.websiteURL = location.websiteURL;
    sendAuthenticated(state, res, body);
  };

  router
    .route('/client/config')
    .get(authenticate, (_req, res) => sendClientConfig(res))
    .post(
      authenticate,
      appleJsonBody,
      asyncHandler(async (req, res) => {
        await state.updateClientConfig(authOf(res).location, req.body);
        sendClientConfig(res);
      }),
    )
    .all(methodNotAllowed);

  router
    .route('/assets')
    .get(authenticate, (req, res) => {
      const { location } = authOf(res);
      const unlimited = queryBoolean(req, 'unlimited');
      const adamId = queryString(req, 'adamId');
      const filter: AssetFilter = {
        productType: queryEnum(req, 'productType', ['App', 'Book'] as const),
        pricingParam: queryEnum(req, 'pricingParam', ['STDQ', 'PLUS'] as const),
        revocable: queryBoolean(req, 'revocable'),
        deviceAssignable: queryBoolean(req, 'deviceAssignable'),
        minAvailableCount: queryInteger(req, 'minAvailableCount'),
        maxAvailableCount: queryInteger(req, 'maxAvailableCount'),
        minAssignedCount: queryInteger(req, 'minAssignedCount'),
        maxAssignedCount: queryInteger(req, 'maxAssignedCount'),
        adamIds:
          adamId === undefined || adamId === ''
            ? undefined
            : new Set(
                state.options.adamIdListFilter
                  ? adamId.split(',').map(id => id.trim())
                  : [adamId],
              ),
        unlimited: unlimited === false ? false : undefined,
      };
      const pageIndex = parsePageIndex(req.query.pageIndex);
      let records = location.queryAssets(filter);
      if (
        unlimited === true &&
        state.options.unlimitedTrueReturnsOnlyUnlimited
      ) {
        records = records.filter(asset => asset.unlimited);
      }
      const page = paginate(
        records.length,
        pageIndex,
        state.options.pageSizes.assets,
        state.options.emptyResultTotalPages,
      );
      const slice = records.slice(page.start, page.end);
      const body: Record<string, unknown> = {};
      if (unlimited === true) {
        // unlimited=true: unlimited assets move to their own array without counts.
        body.assets = slice.filter(a => !a.unlimited).map(toResponseAsset);
        body.unlimitedAssets = slice
          .filter(a => a.unlimited)
          .map(toUnlimitedResponseAsset);
      } else {
        body.assets = slice.map(toResponseAsset);
      }
      Object.assign(body, pageFields(page), {
        versionId: location.versions.assets.versionId,
      });
      sendAuthenticated(state, res, body);
    })
    .all(methodNotAllowed);

  router
    .route('/assignments')
    .get(authenticate, (req, res) => {
      const { location } = authOf(res);
      const sinceVersionId = queryString(req, 'sinceVersionId');
      const includeUserState = queryBoolean(req, 'includeUserState') ?? false;
      const pageIndex = parsePageIndex(req.query.pageIndex);
      const result = location.queryAssignments({
        adamId: queryString(req, 'adamId') || undefined,
        pricingParam: queryEnum(req, 'pricingParam', ['STDQ', 'PLUS'] as const),
        serialNumber: queryString(req, 'serialNumber') || undefined,
        clientUserId: queryString(req, 'clientUserId') || undefined,
        sinceSeq: sinceVersionId
          ? location.versions.assignments.resolve(sinceVersionId)
          : undefined,
        excludeInactiveUsers: queryBoolean(req, 'excludeInactiveUsers'),
      });
      const page = paginate(
        result.count,
        pageIndex,
        state.options.pageSizes.assignments,
        state.options.emptyResultTotalPages,
      );
      sendAuthenticated(state, res, {
        assignments: result.slice(page.start, page.end, includeUserState),
        ...pageFields(page),
        versionId: location.versions.assignments.versionId,
      });
    })
    .all(methodNotAllowed);

  const assetEvent =
    (eventType: 'ASSOCIATE' | 'DISASSOCIATE') =>
    (req: Request, res: Response) => {
      const input = parseManageAssetsRequest(req.body, state.options.limits);
      const event = state.startAssetEvent(
        authOf(res).location,
        eventType,
        input,
      );
      sendAuthenticated(state, res, { eventId: event.eventId });
    };

  router
    .route('/assets/associate')
    .post(authenticate, appleJsonBody, assetEvent('ASSOCIATE'))
    .all(methodNotAllowed);
  router
    .route('/assets/disassociate')
    .post(authenticate, appleJsonBody, assetEvent('DISASSOCIATE'))
    .all(methodNotAllowed);
  router
    .route('/assets/revoke')
    .post(authenticate, appleJsonBody, (req, res) => {
      const input = parseRevokeAssetsRequest(req.body, state.options.limits);
      const event = state.startRevokeEvent(authOf(res).location, input);
      sendAuthenticated(state, res, { eventId: event.eventId });
    })
    .all(methodNotAllowed);

  router
    .route('/status')
    .get(authenticate, (req, res) => {
      const eventId = queryString(req, 'eventId');
      if (!eventId) {
        throw new VppError(9602);
      }
      const event = state.events.get(eventId);
      if (!event || event.locationId !== authOf(res).location.id) {
        throw new VppError(9708);
      }
      const body: Record<string, unknown> = {
        eventStatus: event.eventStatus,
        eventType: event.eventType,
      };
      if (event.failures.length > 0) {
        body.failures = event.failures;
      }
      body.numCompleted = event.numCompleted;
      body.numRequested = event.numRequested;
      sendAuthenticated(state, res, body);
    })
    .all(methodNotAllowed);

  router
    .route('/users')
    .get(authenticate, (req, res) => {
      const { location } = authOf(res);
      const sinceVersionId = queryString(req, 'sinceVersionId');
      const pageIndex = parsePageIndex(req.query.pageIndex);
      const users = location.queryUsers({
        activeOnly: queryBoolean(req, 'activeOnly'),
        retiredOnly: queryBoolean(req, 'retiredOnly'),
        clientUserId: queryString(req, 'clientUserId') || undefined,
        sinceSeq: sinceVersionId
          ? location.versions.users.resolve(sinceVersionId)
          : undefined,
      });
      const page = paginate(
        users.length,
        pageIndex,
        state.options.pageSizes.users,
        state.options.emptyResultTotalPages,
      );
      sendAuthenticated(state, res, {
        ...pageFields(page),
        users: users.slice(page.start, page.end).map(toResponseUser),
        versionId: location.versions.users.versionId,
      });
    })
    .all(methodNotAllowed);

  for (const [path, eventType] of [
    ['/users/create', 'CREATE'],
    ['/users/update', 'UPDATE'],
    ['/users/retire', 'RETIRE'],
  ] as const) {
    router
      .route(path)
      .post(authenticate, appleJsonBody, (req, res) => {
        const users = parseManageUsersRequest(req.body, state.options.limits);
        const event = state.startUserEvent(
          authOf(res).location,
          eventType,
          users,
        );
        sendAuthenticated(state, res, { eventId: event.eventId });
      })
      .all(methodNotAllowed);
  }

  router.use((_req, res) => {
    res.status(404).json({ errorMessage: 'Not Found' });
  });

  return router;
}
