/**
 * The VPP frontend plugin: Apple Apps and Books content tokens, purchased content and
 * app distribution in Backstage.
 *
 * The default export is the plugin for the new frontend system. Apps on the legacy
 * frontend system use `vppLegacyPlugin` and `EntityVppTokenCard`.
 *
 * @packageDocumentation
 */
export { vppPlugin as default } from './plugin';
export { rootRouteRef, tokenRouteRef } from './routes';
export { vppApiRef } from './api';
export type { VppApi } from './api';
export { vppTranslationRef } from './translation';
export { vppLegacyPlugin, EntityVppTokenCard } from './legacy';
