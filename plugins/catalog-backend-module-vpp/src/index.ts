/**
 * Catalog backend module that puts Apple Apps and Books content tokens from the vpp
 * backend into the catalog.
 *
 * @packageDocumentation
 */
export { catalogModuleVppTokenProvider as default } from './module';
export { VppTokenEntityProvider } from './providers/VppTokenEntityProvider';
export type { VppTokenEntityProviderOptions } from './providers/VppTokenEntityProvider';
