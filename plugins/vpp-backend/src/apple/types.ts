/*
 * Request and response types of Apple's "App and Book Management API 2", with their loose
 * response schemas, one file per area (`typesCommon.ts` says how they are validated).
 */
export * from './typesCommon';
export * from './typesConfig';
export * from './typesAssets';
export * from './typesAssignments';
export * from './typesEvents';
export * from './typesUsers';
