import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { startSimulator } from '@internal/vpp-simulator';
import path from 'node:path';
import { guestSignIn, seedVppDemoData } from './vppDemoData';

/**
 * Development convenience: when `vpp.simulator.enabled` is true, runs the Apple and MDM
 * simulator inside this backend process so `yarn start` needs nothing else. The
 * production configuration never enables it, and then this module does nothing.
 */
export const vppModuleSimulator = createBackendModule({
  pluginId: 'vpp',
  moduleId: 'simulator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
        discovery: coreServices.discovery,
      },
      async init({ config, logger, lifecycle, discovery }) {
        if (!config.getOptionalBoolean('vpp.simulator.enabled')) {
          return;
        }
        const port = config.getOptionalNumber('vpp.simulator.port') ?? 7010;
        // Kept beside the database by ./scripts/start.sh, so Apple's side survives a
        // restart as the portal's does.
        const stateFile = config.getOptionalString('vpp.simulator.stateFile');
        const simulator = await startSimulator({
          port,
          host: '127.0.0.1',
          stateFile: stateFile ? path.resolve(stateFile) : undefined,
          // The development backend listens on plain http://localhost; Apple needs https.
          allowHttpNotificationUrls: true,
          // The simulated NanoMDM posts its webhook to this backend with the shared secret
          // and accepts the connector's API key (vpp.mdm.*).
          mdm: {
            apiKey: config.getOptionalString('vpp.mdm.nanomdm.apiKey'),
            webhookUrl: `${config.getString(
              'backend.baseUrl',
            )}/api/vpp/mdm/webhook`,
            webhookPassword: config.getOptionalString('vpp.mdm.webhook.secret'),
            webhookHmacKey: config.getOptionalString('vpp.mdm.webhook.hmacKey'),
          },
        });
        logger.warn(
          `Apple VPP simulator running at ${simulator.baseUrl} — not for production`,
        );
        if (simulator.restored) {
          logger.info(`Apple VPP simulator state restored from ${stateFile}`);
        }
        lifecycle.addShutdownHook(() => simulator.close());
        // Once the webhook answers (startup hooks run after every plugin started), the
        // simulated devices enrol, so the device pages fill at once. A restored simulator
        // keeps its enrolments: enrolling again would clear the devices' queues.
        if (!simulator.restored) {
          lifecycle.addStartupHook(() => {
            const enrolled = simulator.mdm.enrollAll();
            logger.info(`Simulated NanoMDM: ${enrolled} devices enrolled`);
          });
        }

        if (config.getOptionalBoolean('vpp.simulator.demoData')) {
          // In the background: the backend must finish starting before the API answers.
          lifecycle.addStartupHook(() => {
            seedDemoData().catch(error =>
              logger.error(`Demo data could not be set up: ${error}`),
            );
          });
        }
        async function seedDemoData() {
          const outcome = await seedVppDemoData({
            simulator: simulator.state,
            vppBaseUrl: await discovery.getBaseUrl('vpp'),
            signIn: guestSignIn(await discovery.getBaseUrl('auth')),
            logger,
          });
          logger.info(
            outcome.seeded
              ? `Demo data: ${outcome.tokenIds.length} content token(s) registered`
              : `Demo data not added: ${outcome.reason}`,
          );
        }
      },
    });
  },
});
