import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { vppMdmConnectorExtensionPoint } from '@internal/plugin-vpp-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  VPP_TOKEN_CHANGED_TOPIC,
  vppPermissions,
} from '@internal/plugin-vpp-common';
import { AppleRequestHolds, ITunesLookupClient } from './apple';
import { DatabaseContentStore } from './database/DatabaseContentStore';
import { DatabaseHistoryStore } from './database/DatabaseHistoryStore';
import { DatabaseReminderStore } from './database/DatabaseReminderStore';
import { DatabaseTokenStore } from './database/DatabaseTokenStore';
import { DatabaseLicenseStore } from './database/DatabaseLicenseStore';
import { DatabaseSettingsStore } from './database/DatabaseSettingsStore';
import { LicenseService } from './services/LicenseService';
import { SettingsService } from './services/SettingsService';
import { vppTokenPermissionRules, vppTokenResourceRef } from './permissions';
import { DatabaseDeviceStore } from './database/DatabaseDeviceStore';
import {
  vppDevicePermissionRules,
  vppDeviceResourceRef,
} from './devicePermissions';
import { nanoMdmConnectorFactory } from './mdm';
import { DeviceGroups } from './services/deviceGroups';
import { DeviceService } from './services/DeviceService';
import {
  createMdmConnector,
  MdmConnectorRegistry,
} from './services/mdmConnectors';
import { createRouter } from './router/createRouter';
import { AppleClientTokenGateway } from './services/AppleClientTokenGateway';
import { describeHealth } from './services/health';
import { HistoryService } from './services/HistoryService';
import { readVppConfig } from './services/config';
import { readReminderConfig } from './services/reminderConfig';
import { createReminderMailer } from './services/ReminderMailer';
import { ReminderService } from './services/ReminderService';
import { TokenCipher } from './services/TokenCipher';
import { SyncService } from './services/SyncService';
import { DatabaseDistributionStore } from './database/DatabaseDistributionStore';
import {
  AppleClients,
  AutoReclaimer,
  DistributionService,
  DistributionWorker,
} from './services/distributions';
import {
  AppleNotificationRouter,
  assetManagementEventId,
} from './services/notificationRouter';
import { TokenService } from './services/TokenService';

/**
 * The VPP backend plugin: Apple Apps and Books content tokens, purchased content,
 * licenses and app distribution.
 *
 * @public
 */
export const vppPlugin = createBackendPlugin({
  pluginId: 'vpp',
  register(env) {
    const connectors = new MdmConnectorRegistry([nanoMdmConnectorFactory]);
    env.registerExtensionPoint(vppMdmConnectorExtensionPoint, connectors);
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        events: eventsServiceRef,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, events } = deps;
        const vpp = readVppConfig(config);
        const store = await DatabaseTokenStore.create({ database });
        const cipher = TokenCipher.fromSecret(vpp.encryptionKey);
        const publishTokenChange = async (tokenId: string, change: string) => {
          logger.info(`Content token ${tokenId} ${change}`);
          await events.publish({
            topic: VPP_TOKEN_CHANGED_TOPIC,
            eventPayload: { tokenId, change },
          });
        };
        // Apple's Retry-After binds every Apple caller of this process, across scheduled runs.
        const appleHolds = new AppleRequestHolds();
        const content = await DatabaseContentStore.create({ database });
        const sync = new SyncService({
          holds: appleHolds,
          tokens: store,
          content,
          cipher,
          appleBaseUrl: vpp.appleBaseUrl,
          mdmIdentity: vpp.mdmIdentity,
          lookup: new ITunesLookupClient({ lookupUrl: vpp.sync.lookupUrl }),
          config: vpp.sync,
          warningDays: vpp.warningDays,
          logger: logger.child({ task: 'vpp-content-sync' }),
          onTokenStatusChanged: async ids => {
            for (const id of ids) await publishTokenChange(id, 'status');
          },
        });
        const tokens = new TokenService({
          store,
          apple: new AppleClientTokenGateway({
            baseUrl: vpp.appleBaseUrl,
            identity: vpp.mdmIdentity,
            holds: appleHolds,
            logger: logger.child({ part: 'vpp-tokens' }),
          }),
          cipher,
          mdmIdentity: vpp.mdmIdentity,
          warningDays: vpp.warningDays,
          onChange: async (tokenId, change) => {
            await publishTokenChange(tokenId, change);
            await sync.onTokenChanged(tokenId, change);
          },
        });
        // Global scope: one instance runs each pass; the per-token lease guards manual syncs.
        await deps.scheduler.scheduleTask({
          id: 'vpp-content-sync',
          ...vpp.sync.schedule,
          scope: 'global',
          fn: signal => sync.syncAll({ signal }),
        });
        await deps.scheduler.scheduleTask({
          id: 'vpp-token-status-refresh',
          ...vpp.sync.statusRefreshSchedule,
          scope: 'global',
          fn: signal => sync.refreshStatuses({ signal }),
        });
        // Background syncs (manual, or after a token change) end before the plugin does.
        deps.lifecycle.addShutdownHook(() => sync.stop());

        const reminderConfig = readReminderConfig(config);
        const reminders = new ReminderService({
          tokens: store,
          store: await DatabaseReminderStore.create({ database }),
          notifications: deps.notifications,
          mailer: createReminderMailer(reminderConfig.smtp),
          config: reminderConfig,
          logger: logger.child({ task: 'vpp-token-reminders' }),
        });
        // Global scope; each delivery is also claimed in the database, so overlapping runs are safe.
        await deps.scheduler.scheduleTask({
          id: 'vpp-token-reminders',
          ...reminderConfig.schedule,
          scope: 'global',
          fn: async signal => {
            await reminders.runDueReminders(new Date(), signal);
          },
        });

        deps.permissionsRegistry.addResourceType({
          resourceRef: vppTokenResourceRef,
          permissions: vppPermissions,
          rules: vppTokenPermissionRules,
          getResources: ids => tokens.getRecords(ids),
        });

        // Named settings installs can use (a setting a scheduled or running
        // distribution uses cannot be deleted), and the license ledger (R-LIC).
        const distributionStore = await DatabaseDistributionStore.create({
          database,
        });
        const settings = new SettingsService({
          store: await DatabaseSettingsStore.create({ database }),
          isInUse: setting => distributionStore.findUsingSetting(setting),
        });
        const deviceStore = await DatabaseDeviceStore.create({ database });
        const ledger = await DatabaseLicenseStore.create({ database });
        const licenses = new LicenseService({
          tokens: store,
          content,
          ledger,
          cipher,
          appleBaseUrl: vpp.appleBaseUrl,
          mdmIdentity: vpp.mdmIdentity,
          warningDays: vpp.warningDays,
          holds: appleHolds,
          logger: logger.child({ part: 'vpp-licenses' }),
          onTokenStatusChanged: async ids => {
            for (const id of ids) await publishTokenChange(id, 'status');
          },
          // Orphans (R-LIC-4): Apple's licenses for serials no managed device has.
          managedSerials: async serials =>
            new Set(
              (
                await deviceStore.findDevicesByKeys({
                  serialNumbers: serials,
                  udids: [],
                })
              ).map(d => d.serialNumber!),
            ),
        });

        // Devices (R-DEV) and the MDM connector (R-MDM-1) that reports on them.
        const connector = await createMdmConnector({
          config,
          logger,
          registry: connectors,
        });
        const devices = new DeviceService({
          store: deviceStore,
          groups: new DeviceGroups({ catalog: deps.catalog, auth: deps.auth }),
          connector,
          defaultGroup: vpp.devices.defaultGroup,
          logger: logger.child({ part: 'vpp-devices' }),
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: vppDeviceResourceRef,
          permissions: [],
          rules: vppDevicePermissionRules,
          getResources: ids => devices.getPermissionResources(ids),
        });
        // Distributions (R-DIST): the worker advances them every few seconds and at once
        // after a change; device answers and check-outs reach it and auto-reclaim.
        const worker = new DistributionWorker({
          store: distributionStore,
          tokens: store,
          ledger,
          apple: new AppleClients({
            tokens: store,
            cipher,
            appleBaseUrl: vpp.appleBaseUrl,
            mdmIdentity: vpp.mdmIdentity,
            holds: appleHolds,
          }),
          devices: deviceStore,
          settings,
          connector,
          logger: logger.child({ task: 'vpp-distributions' }),
          config: {
            ...vpp.distributions,
            eventFirstPollMs: Math.min(5_000, vpp.distributions.eventPollMs),
          },
        });
        const reclaimer = new AutoReclaimer({
          ledger,
          licenses,
          tokens: store,
          devices: deviceStore,
          logger: logger.child({ task: 'vpp-auto-reclaim' }),
        });
        devices.addListener(worker);
        devices.addListener(reclaimer);
        await deps.scheduler.scheduleTask({
          id: 'vpp-distribution-worker',
          ...vpp.distributions.schedule,
          scope: 'global',
          fn: signal => worker.runPass({ signal }),
        });
        await deps.scheduler.scheduleTask({
          id: 'vpp-auto-reclaim-sweep',
          ...vpp.distributions.reclaimSchedule,
          scope: 'global',
          fn: async () => {
            await reclaimer.sweep();
          },
        });
        const nudge = () => {
          deps.scheduler
            .triggerTask('vpp-distribution-worker')
            .catch(error =>
              logger.debug(
                `Distribution worker already running: ${
                  (error as Error).message
                }`,
              ),
            );
        };
        const distributions = new DistributionService({
          store: distributionStore,
          tokens: store,
          content,
          ledger,
          devices,
          settings,
          warningDays: vpp.warningDays,
          nudge,
        });
        // Apple's notifications by type: counts to the sync, events to the distributions.
        const appleNotifications = new AppleNotificationRouter({
          sync,
          logger: logger.child({ part: 'vpp-apple-notifications' }),
        }).on('ASSET_MANAGEMENT', async ({ notification }) => {
          const eventId = assetManagementEventId(notification);
          if (eventId && (await worker.eventProgressed(eventId))) nudge();
        });

        // Connectors that poll deliver through the same sink as the webhook.
        if (connector?.start) {
          const stop = await connector.start(devices);
          deps.lifecycle.addShutdownHook(() => stop());
        }

        httpRouter.use(
          await createRouter({
            health: describeHealth({
              knex: await database.getClient(),
              appleBaseUrl: vpp.appleBaseUrl,
            }),
            tokens,
            sync,
            reminders,
            settings,
            licenses,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            permissionsRegistry: deps.permissionsRegistry,
            auditor: deps.auditor,
            devices,
            distributions,
            appleNotifications,
            mdmWebhook: {
              secret: vpp.devices.webhookSecret,
              hmacKey: vpp.devices.webhookHmacKey,
              connector,
              logger: logger.child({ part: 'vpp-mdm-webhook' }),
            },
            history: new HistoryService({
              store: await DatabaseHistoryStore.create({ database }),
              logger: logger.child({ part: 'vpp-history' }),
            }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // The MDM server authenticates with the shared webhook secret (checked by the route).
        httpRouter.addAuthPolicy({
          path: '/mdm/webhook',
          allow: 'unauthenticated',
        });
        // Apple authenticates with the per-location bearer the sync gave it.
        httpRouter.addAuthPolicy({
          path: '/apple/notifications',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
