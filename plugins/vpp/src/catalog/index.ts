export { VppTokenStatusPicker } from './VppTokenStatusPicker';
export type { VppCatalogFilters } from './VppTokenStatusPicker';
export {
  VppTokenStatusFilter,
  VPP_TOKEN_STATUSES,
} from './VppTokenStatusFilter';
export {
  isVppTokenEntity,
  vppTokenColumns,
  withVppTokenColumns,
} from './tokenColumns';
export type { VppCatalogEntity, VppCatalogRow } from './tokenColumns';
