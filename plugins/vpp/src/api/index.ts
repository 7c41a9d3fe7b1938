export { vppApiRef } from './VppApi';
export type { VppApi } from './VppApi';
