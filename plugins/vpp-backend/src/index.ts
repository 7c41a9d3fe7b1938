/**
 * The VPP backend plugin for Backstage.
 *
 * @packageDocumentation
 */
export { vppPlugin as default } from './plugin';
