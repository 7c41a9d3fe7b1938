/**
 * Scaffolder backend module with the VPP (Apple Apps and Books) template actions.
 *
 * @packageDocumentation
 */
export { scaffolderModuleVpp as default } from './module';
export {
  createVppTokenRegisterAction,
  REGISTER_DRY_RUN_OUTPUT,
} from './actions/vppTokenRegister';
export { createVppTokenRenewAction } from './actions/vppTokenRenew';
export { createVppTokenSyncAction } from './actions/vppTokenSync';
export type { VppTokenSyncActionOptions } from './actions/vppTokenSync';
export type { SyncClock } from './actions/waiting';
export type { VppActionOptions } from './actions/helpers';
export { createVppAppsInstallAction } from './actions/vppAppsInstall';
export type { VppAppsInstallActionOptions } from './actions/vppAppsInstall';
export { distributionUrl } from './actions/installReport';
export type { InstallWaitFor } from './actions/waitForDistribution';
export { createVppLicensesAssignAction } from './actions/vppLicensesAssign';
export { createVppLicensesRevokeAction } from './actions/vppLicensesRevoke';
