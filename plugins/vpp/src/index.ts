/**
 * The VPP frontend plugin: Apple Apps and Books content tokens, purchased content and
 * app distribution in Backstage.
 *
 * The default export is the plugin for the new frontend system. Apps on the legacy
 * frontend system use `vppLegacyPlugin` and `EntityVppTokenCard`. The catalog's token columns
 * (`withVppTokenColumns`) and status filter (`VppTokenStatusPicker`) work in both.
 *
 * @packageDocumentation
 */
export { vppPlugin as default } from './plugin';
export { rootRouteRef, tokenRouteRef } from './routes';
export { vppApiRef } from './api';
export type { VppApi } from './api';
export { vppTranslationRef } from './translation';
export {
  vppLegacyPlugin,
  EntityVppTokenCard,
  VppTokenPickerFieldExtension,
  VppAppPickerFieldExtension,
  VppDevicePickerFieldExtension,
  VppAppConfigPickerFieldExtension,
  VppVpnPickerFieldExtension,
  VppScheduleDatePickerFieldExtension,
  VppDistributionReviewFieldExtension,
} from './legacy';
export type {
  VppAppPickerUiOptions,
  VppDevicePickerUiOptions,
  VppDeviceTargets,
} from './scaffolder';
export {
  VppTokenStatusPicker,
  VppTokenStatusFilter,
  VPP_TOKEN_STATUSES,
  isVppTokenEntity,
  vppTokenColumns,
  withVppTokenColumns,
} from './catalog';
export type {
  VppCatalogFilters,
  VppCatalogEntity,
  VppCatalogRow,
} from './catalog';
export { TokensAttention } from './components/TokensAttention';
