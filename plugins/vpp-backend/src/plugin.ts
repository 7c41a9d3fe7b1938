import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router/createRouter';
import { APPLE_VPP_BASE_URL, describeHealth } from './services/health';

/**
 * The VPP backend plugin: Apple Apps and Books content tokens, purchased content,
 * licenses and app distribution.
 *
 * @public
 */
export const vppPlugin = createBackendPlugin({
  pluginId: 'vpp',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, database, httpRouter }) {
        const appleBaseUrl =
          config.getOptionalString('vpp.apple.baseUrl') ?? APPLE_VPP_BASE_URL;
        const health = describeHealth({
          knex: await database.getClient(),
          appleBaseUrl,
        });

        httpRouter.use(await createRouter({ health }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
