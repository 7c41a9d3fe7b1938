import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createVppTokenRegisterAction } from './actions/vppTokenRegister';
import { createVppTokenRenewAction } from './actions/vppTokenRenew';
import { createVppTokenSyncAction } from './actions/vppTokenSync';
import { createVppAppsInstallAction } from './actions/vppAppsInstall';
import { createVppLicensesAssignAction } from './actions/vppLicensesAssign';
import { createVppLicensesRevokeAction } from './actions/vppLicensesRevoke';

/**
 * Scaffolder module with the VPP actions (`vpp:token:register`, `vpp:token:renew`,
 * `vpp:token:sync`, `vpp:apps:install`, `vpp:licenses:assign`, `vpp:licenses:revoke`).
 *
 * @public
 */
export const scaffolderModuleVpp = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'vpp',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolderActions, auth, discovery }) {
        scaffolderActions.addActions(
          createVppTokenRegisterAction({ auth, discovery }),
          createVppTokenRenewAction({ auth, discovery }),
          createVppTokenSyncAction({ auth, discovery }),
          createVppAppsInstallAction({ auth, discovery }),
          createVppLicensesAssignAction({ auth, discovery }),
          createVppLicensesRevokeAction({ auth, discovery }),
        );
      },
    });
  },
});
