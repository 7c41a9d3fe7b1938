/**
 * Permission policy module for VPP for Backstage: administrators may do every `vpp.*`
 * action, everyone else manages what their groups own; other plugins' permissions are
 * allowed.
 *
 * @packageDocumentation
 */
export { permissionModuleVppPolicy as default } from './module';
export { VppPermissionPolicy } from './VppPermissionPolicy';
export { readVppPolicyConfig, type VppPolicyConfig } from './config';
