import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  VppHealth,
  vppTokenCreatePermission,
  vppTokenDeletePermission,
  vppTokenReadPermission,
  vppTokenUpdatePermission,
} from '@internal/plugin-vpp-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { vppTokenResourceRef } from '../permissions';
import { HistoryFacts, HistoryService } from '../services/HistoryService';
import { ReminderService } from '../services/ReminderService';
import { SyncService } from '../services/SyncService';
import { TokenService } from '../services/TokenService';
import { DeviceService } from '../services/DeviceService';
import { MdmConnector } from '@internal/plugin-vpp-node';
import { createDevicesRouter } from './devices';
import { createMdmWebhookRouter } from './mdmWebhook';
import { createHistoryRouter } from './history';
import {
  listAssetsQuerySchema,
  parseBody,
  registerTokenSchema,
  registrableOwnersSchema,
  reminderSettingsSchema,
  renewTokenSchema,
  shareTokenSchema,
  tokenFileSchema,
  updateTokenSchema,
} from './schemas';
import { createTokenOwnerCheck } from './tokenOwners';
import { SettingsService } from '../services/SettingsService';
import { LicenseService } from '../services/LicenseService';
import { createAccess } from './access';
import { createLicensesRouter } from './licenses';
import { createDistributionsRouter } from './distributions';
import { DistributionService } from '../services/distributions/DistributionService';
import { AppleNotificationRouter } from '../services/notificationRouter';
import { createSettingsRouter } from './settings';

/** Translates HTTP to the VPP services and back; no domain logic lives here. */
export async function createRouter(options: {
  health: VppHealth;
  tokens: TokenService;
  sync: SyncService;
  reminders: ReminderService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  history: HistoryService;
  settings: SettingsService;
  licenses: LicenseService;
  devices: DeviceService;
  /** Distributions (R-DIST); without it `/distributions` is not served. */
  distributions?: DistributionService;
  /** Apple's notifications routed by type; without it the sync handles them alone. */
  appleNotifications?: AppleNotificationRouter;
  mdmWebhook: {
    secret?: string;
    hmacKey?: string;
    connector?: MdmConnector;
    logger: LoggerService;
  };
}): Promise<express.Router> {
  const { tokens, sync, httpAuth, permissions, auditor, history } = options;
  const tokenOwners = createTokenOwnerCheck(options);
  const toTokenFilter = createConditionTransformer(
    options.permissionsRegistry.getPermissionRuleset(vppTokenResourceRef),
  );
  const router = Router();
  // Before the shared JSON parser: these routes read their bodies with their own limits.
  router.use(
    createMdmWebhookRouter({ ...options.mdmWebhook, sink: options.devices }),
    createDevicesRouter({ ...options, audited }),
  );
  // Token files are at most 64 KiB; leave room for JSON escaping of the other fields.
  router.use(express.json({ limit: '256kb' }));

  router.get('/health', (_req, res) => {
    res.json(options.health);
  });

  async function authorize(
    req: Request,
    permission: BasicPermission | ResourcePermission<'vpp-token'>,
    resourceRef?: string,
    allow: Array<'user' | 'service'> = ['user'],
  ): Promise<BackstageCredentials> {
    const credentials = await httpAuth.credentials(req, { allow });
    const [decision] = await permissions.authorize(
      [
        resourceRef
          ? { permission: permission as ResourcePermission, resourceRef }
          : { permission: permission as BasicPermission },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.attributes.action ?? 'use'} ${
          resourceRef ? 'this content token' : 'content tokens'
        } (permission ${permission.name}).`,
      );
    }
    return credentials;
  }

  /**
   * Runs a change with an audit event that records success or failure, and records it in
   * the history (who, when, what, outcome) for the token or device page. `meta` and what
   * `describe` returns must hold no secret: they are what the history shows
   * (`tokenId`/`deviceId` say which token or device the change is about).
   */
  async function audited<T>(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    fn: () => Promise<T>,
    describe?: (result: T) => HistoryFacts,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    const actor = actorOf(await httpAuth.credentials(req));
    try {
      const result = await fn();
      await event.success();
      await history.record({
        action: eventId,
        actor,
        outcome: 'succeeded',
        facts: { ...meta, ...describe?.(result) },
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      await history.record({
        action: eventId,
        actor,
        outcome: 'failed',
        facts: meta,
        error,
      });
      throw error;
    }
  }

  function actorOf(credentials: BackstageCredentials): string {
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    return principal.userEntityRef ?? principal.subject ?? 'unknown';
  }

  function userRef(credentials: BackstageCredentials): string {
    const principal = credentials.principal as { userEntityRef?: string };
    return principal.userEntityRef ?? 'unknown';
  }

  router.get('/tokens', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorizeConditional(
      [{ permission: vppTokenReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      res.json({ items: [] });
      return;
    }
    const items = await tokens.listTokens(
      decision.result === AuthorizeResult.CONDITIONAL
        ? toTokenFilter(decision.conditions)
        : undefined,
    );
    res.json({ items });
  });

  router.get('/tokens/:id', async (req, res) => {
    await authorize(req, vppTokenReadPermission, req.params.id, [
      'user',
      'service',
    ]);
    res.json(await tokens.getToken(req.params.id));
  });

  router.post('/tokens', async (req, res) => {
    const credentials = await authorize(req, vppTokenCreatePermission);
    const body = parseBody(registerTokenSchema, req.body);
    await tokenOwners.assertMayRegisterFor(credentials, body.owner);
    const token = await audited(
      req,
      'token-register',
      { owner: body.owner },
      () => tokens.register(body, userRef(credentials)),
      registered => ({
        tokenId: registered.id,
        location: registered.locationName,
        expiresAt: registered.expiresAt,
        ...(body.takeOver ? { takeOver: true } : {}),
      }),
    );
    res.status(201).json(token);
  });

  // Which of the given groups the caller may register tokens for (the portal greys out
  // the others); the same check POST /tokens makes.
  router.post('/tokens/registrable-owners', async (req, res) => {
    const credentials = await authorize(req, vppTokenCreatePermission);
    const body = parseBody(registrableOwnersSchema, req.body);
    res.json({
      owners: await tokenOwners.allowedOwners(credentials, body.owners),
    });
  });

  router.post('/tokens/:id/renew/preview', async (req, res) => {
    await authorize(req, vppTokenUpdatePermission, req.params.id);
    const body = parseBody(tokenFileSchema, req.body);
    res.json(await tokens.previewRenewal(req.params.id, body));
  });

  router.post('/tokens/:id/renew', async (req, res) => {
    await authorize(req, vppTokenUpdatePermission, req.params.id);
    const body = parseBody(renewTokenSchema, req.body);
    res.json(
      await audited(
        req,
        'token-renew',
        { tokenId: req.params.id },
        () => tokens.renew(req.params.id, body),
        // A failed check fails the renewal with that check's message (the error).
        renewed => ({
          checks: 'all five passed',
          expiresAt: renewed.expiresAt,
          ...(body.takeOver ? { takeOver: true } : {}),
        }),
      ),
    );
  });

  router.patch('/tokens/:id', async (req, res) => {
    await authorize(req, vppTokenUpdatePermission, req.params.id);
    const body = parseBody(updateTokenSchema, req.body);
    res.json(
      await audited(
        req,
        'token-update',
        { tokenId: req.params.id },
        () => tokens.update(req.params.id, body),
        () => ({
          changed: Object.keys(body).join(', '),
          ...(body.owner ? { owner: body.owner } : {}),
        }),
      ),
    );
  });

  router.delete('/tokens/:id', async (req, res) => {
    await authorize(req, vppTokenDeletePermission, req.params.id);
    await audited(
      req,
      'token-delete',
      { tokenId: req.params.id },
      () => tokens.delete(req.params.id),
      deleted => ({ releasedAtApple: deleted.releasedAtApple }),
    );
    res.status(204).end();
  });

  router.get('/tokens/:id/sync', async (req, res) => {
    await authorize(req, vppTokenReadPermission, req.params.id, [
      'user',
      'service',
    ]);
    res.json(await sync.getStatus(req.params.id));
  });

  router.post('/tokens/:id/sync', async (req, res) => {
    await authorize(req, vppTokenUpdatePermission, req.params.id, [
      'user',
      'service',
    ]);
    const started = await audited(
      req,
      'token-sync',
      { tokenId: req.params.id },
      () => sync.startSync(req.params.id),
      outcome => ({ started: outcome.started, message: outcome.message }),
    );
    res.status(202).json(started);
  });

  router.post('/tokens/:id/sync/confirm', async (req, res) => {
    await authorize(req, vppTokenUpdatePermission, req.params.id);
    res.json(await sync.confirm(req.params.id));
  });

  router.get('/tokens/:id/assets', async (req, res) => {
    await authorize(req, vppTokenReadPermission, req.params.id, [
      'user',
      'service',
    ]);
    const query = parseBody(listAssetsQuerySchema, req.query);
    res.json(await sync.listAssets(req.params.id, query));
  });

  // Apple's notifications: no Backstage credentials, authenticated by the bearer token
  // we gave Apple for the location (checked by the sync service).
  router.post('/apple/notifications', async (req, res) => {
    const { authorization } = req.headers;
    await (options.appleNotifications
      ? options.appleNotifications.handle(authorization, req.body)
      : sync.handleAppleNotification(authorization, req.body));
    res.status(200).json({ received: true });
  });

  router.post('/tokens/:id/shares', async (req, res) => {
    const credentials = await authorize(
      req,
      vppTokenUpdatePermission,
      req.params.id,
    );
    const body = parseBody(shareTokenSchema, req.body);
    const share = await audited(
      req,
      'token-share',
      { tokenId: req.params.id, owner: body.owner },
      () => tokens.share(req.params.id, body, userRef(credentials)),
      created => ({ shareId: created.id }),
    );
    res.status(201).json(share);
  });

  // Renewal reminders (R-TOK-6): settings and the deliveries for the current expiry.
  router.get('/tokens/:id/notifications', async (req, res) => {
    await authorize(req, vppTokenReadPermission, req.params.id, [
      'user',
      'service',
    ]);
    res.json(await options.reminders.getState(req.params.id));
  });

  router.put('/tokens/:id/notifications', async (req, res) => {
    await authorize(req, vppTokenUpdatePermission, req.params.id);
    const body = parseBody(reminderSettingsSchema, req.body);
    res.json(
      await audited(
        req,
        'token-reminders-update',
        { tokenId: req.params.id },
        () => options.reminders.updateSettings(req.params.id, body),
        () => ({ enabled: body.enabled, emailCount: body.emails.length }),
      ),
    );
  });

  router.use(createHistoryRouter({ history, httpAuth, permissions }));
  // Named settings (app configurations, VPN) and the license ledger.
  const access = createAccess({ httpAuth, permissions });
  router.use(
    createSettingsRouter({ settings: options.settings, access, audited }),
    createLicensesRouter({ ...options, access, audited }),
  );
  if (options.distributions) {
    router.use(
      createDistributionsRouter({
        ...options,
        distributions: options.distributions,
        access,
        audited,
      }),
    );
  }

  return router;
}
