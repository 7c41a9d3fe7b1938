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
export type {
  SyncClock,
  VppTokenSyncActionOptions,
} from './actions/vppTokenSync';
export type { VppActionOptions } from './actions/helpers';
export {
  createVppAppsInstallAction,
  distributionUrl,
} from './actions/vppAppsInstall';
export type {
  InstallWaitFor,
  VppAppsInstallActionOptions,
} from './actions/vppAppsInstall';
export { createVppLicensesAssignAction } from './actions/vppLicensesAssign';
export { createVppLicensesRevokeAction } from './actions/vppLicensesRevoke';
