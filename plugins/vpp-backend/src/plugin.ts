import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  VPP_TOKEN_CHANGED_TOPIC,
  vppPermissions,
} from '@internal/plugin-vpp-common';
import { DatabaseTokenStore } from './database/DatabaseTokenStore';
import { vppTokenPermissionRules, vppTokenResourceRef } from './permissions';
import { createRouter } from './router/createRouter';
import { AppleClientTokenGateway } from './services/AppleClientTokenGateway';
import { describeHealth } from './services/health';
import { readVppConfig } from './services/config';
import { TokenCipher } from './services/TokenCipher';
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
      },
      async init(deps) {
        const { config, logger, database, httpRouter, events } = deps;
        const vpp = readVppConfig(config);
        const store = await DatabaseTokenStore.create({ database });
        const tokens = new TokenService({
          store,
          apple: new AppleClientTokenGateway({
            baseUrl: vpp.appleBaseUrl,
            identity: vpp.mdmIdentity,
          }),
          cipher: TokenCipher.fromSecret(vpp.encryptionKey),
          mdmIdentity: vpp.mdmIdentity,
          warningDays: vpp.warningDays,
          onChange: async (tokenId, change) => {
            logger.info(`Content token ${tokenId} ${change}`);
            await events.publish({
              topic: VPP_TOKEN_CHANGED_TOPIC,
              eventPayload: { tokenId, change },
            });
          },
        });

        deps.permissionsRegistry.addResourceType({
          resourceRef: vppTokenResourceRef,
          permissions: vppPermissions,
          rules: vppTokenPermissionRules,
          getResources: ids => tokens.getRecords(ids),
        });

        httpRouter.use(
          await createRouter({
            health: describeHealth({
              knex: await database.getClient(),
              appleBaseUrl: vpp.appleBaseUrl,
            }),
            tokens,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            permissionsRegistry: deps.permissionsRegistry,
            auditor: deps.auditor,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
