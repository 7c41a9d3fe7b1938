import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readVppPolicyConfig } from './config';
import { VppPermissionPolicy } from './VppPermissionPolicy';

/**
 * Installs {@link VppPermissionPolicy} as the permission backend's policy, configured
 * under `vpp.permissions`. Add it instead of the allow-all policy module.
 *
 * @public
 */
export const permissionModuleVppPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'vpp-policy',
  register(env) {
    env.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        const policyConfig = readVppPolicyConfig(config);
        if (policyConfig.admins.length === 0) {
          logger.info(
            'vpp.permissions.admins is empty: people manage only what their groups own until an administrator is named',
          );
        }
        policy.setPolicy(
          new VppPermissionPolicy({ config: policyConfig, userInfo }),
        );
      },
    });
  },
});
