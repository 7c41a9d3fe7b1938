import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { VppTokenFileField } from './VppTokenFileField';
import { VppTokenPickerField } from './VppTokenPickerField';
import { VppAppPickerField } from './VppAppPickerField';
import { VppDevicePickerField } from './VppDevicePickerField';
import {
  VppAppConfigPickerField,
  VppVpnPickerField,
} from './VppSettingPickerFields';
import {
  validateScheduleDate,
  VppScheduleDatePickerField,
} from './VppScheduleDatePickerField';
import { VppDistributionReviewField } from './VppDistributionReviewField';

/** The `VppTokenFile` scaffolder form field (`ui:field: VppTokenFile`). */
export const vppTokenFileFormField = createFormField({
  name: 'VppTokenFile',
  component: VppTokenFileField,
});

/** `ui:field: VppTokenPicker` — a content token id. */
export const vppTokenPickerFormField = createFormField({
  name: 'VppTokenPicker',
  component: VppTokenPickerField,
});

/** `ui:field: VppAppPicker` — adamIds of the chosen token's apps. */
export const vppAppPickerFormField = createFormField({
  name: 'VppAppPicker',
  component: VppAppPickerField,
});

/** `ui:field: VppDevicePicker` — the `targets` of a distribution. */
export const vppDevicePickerFormField = createFormField({
  name: 'VppDevicePicker',
  component: VppDevicePickerField as any,
});

/** `ui:field: VppAppConfigPicker` — a managed app configuration id. */
export const vppAppConfigPickerFormField = createFormField({
  name: 'VppAppConfigPicker',
  component: VppAppConfigPickerField,
});

/** `ui:field: VppVpnPicker` — a per-app VPN setting id. */
export const vppVpnPickerFormField = createFormField({
  name: 'VppVpnPicker',
  component: VppVpnPickerField,
});

/** `ui:field: VppScheduleDatePicker` — an ISO date before the token's expiry. */
export const vppScheduleDatePickerFormField = createFormField({
  name: 'VppScheduleDatePicker',
  component: VppScheduleDatePickerField,
  validation: validateScheduleDate as any,
});

/** `ui:field: VppDistributionReview` — the dry-run plan on the last page. */
export const vppDistributionReviewFormField = createFormField({
  name: 'VppDistributionReview',
  component: VppDistributionReviewField,
});

export {
  VppTokenPickerField,
  VppAppPickerField,
  VppDevicePickerField,
  VppAppConfigPickerField,
  VppVpnPickerField,
  VppScheduleDatePickerField,
  validateScheduleDate,
  VppDistributionReviewField,
};
export type { VppAppPickerUiOptions } from './VppAppPickerField';
export type {
  VppDevicePickerUiOptions,
  VppDeviceTargets,
} from './VppDevicePickerField';
