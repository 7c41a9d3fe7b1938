/**
 * Types and the typed HTTP client shared by the VPP frontend plugin, the VPP backend
 * plugin and its catalog and scaffolder modules.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './VppApiClient';
export * from './tokens';
export * from './sync';
export * from './reminders';
export * from './entities';
export * from './permissions';
export * from './devices';
export * from './settings';
export * from './licenses';
export * from './history';
export * from './distributions';
