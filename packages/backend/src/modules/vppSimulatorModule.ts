import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { startSimulator } from '@internal/vpp-simulator';

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
      },
      async init({ config, logger, lifecycle }) {
        if (!config.getOptionalBoolean('vpp.simulator.enabled')) {
          return;
        }
        const port = config.getOptionalNumber('vpp.simulator.port') ?? 7010;
        const simulator = await startSimulator({
          port,
          host: '127.0.0.1',
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
          },
        });
        logger.warn(
          `Apple VPP simulator running at ${simulator.baseUrl} — not for production`,
        );
        lifecycle.addShutdownHook(() => simulator.close());
        // Once the webhook answers (startup hooks run after every plugin started), the
        // simulated devices enrol, so the device pages fill at once.
        lifecycle.addStartupHook(() => {
          const enrolled = simulator.mdm.enrollAll();
          logger.info(`Simulated NanoMDM: ${enrolled} devices enrolled`);
        });
      },
    });
  },
});
