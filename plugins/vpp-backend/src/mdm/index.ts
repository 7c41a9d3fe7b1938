/**
 * The MDM side of the vpp backend: NanoMDM's command API client, Apple MDM command
 * builders, NanoMDM webhook parsing and the built-in `nanomdm` connector. A plain library
 * (no Backstage imports); see README.md.
 */
export * from './apiResult';
export * from './commands';
export * from './commandUuid';
export * from './delivery';
export * from './errors';
export * from './NanoMdmClient';
export * from './NanoMdmConnector';
export * from './platform';
export * from './webhook';
export { decodeRawPayload } from './deviceAnswers';
