/**
 * The VPP frontend plugin: Apple Apps and Books content tokens, purchased content and
 * app distribution in Backstage.
 *
 * @packageDocumentation
 */
export { vppPlugin as default } from './plugin';
export { vppApiRef } from './api';
export type { VppApi } from './api';
