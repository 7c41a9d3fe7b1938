import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { VppApiClient } from '@internal/plugin-vpp-common';
import { vppApiRef } from './api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  validateScheduleDate,
  VppAppConfigPickerField,
  VppAppPickerField,
  VppDevicePickerField,
  VppDistributionReviewField,
  VppScheduleDatePickerField,
  VppTokenPickerField,
  VppVpnPickerField,
} from './scaffolder';

/**
 * The VPP plugin for apps on the legacy frontend system (`@backstage/app-defaults`).
 * New-system apps use the package's default export instead.
 *
 * @public
 */
export const vppLegacyPlugin = createPlugin({
  id: 'vpp',
  apis: [
    createApiFactory({
      api: vppApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new VppApiClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * Content-token status card for legacy entity pages, e.g. inside
 * `<EntitySwitch.Case if={isResourceType('apple-vpp-token')}>`. Links point at the
 * plugin's default path `/vpp/tokens/:tokenId`.
 *
 * @public
 */
export const EntityVppTokenCard = vppLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityVppTokenCard',
    component: {
      lazy: () =>
        import('./components/EntityVppTokenCard').then(
          m => m.EntityVppTokenCard,
        ),
    },
  }),
);

/*
 * Scaffolder form fields for legacy apps: mount them inside
 * `<ScaffolderFieldExtensions>` of the `/create` route.
 */

/** `ui:field: VppTokenPicker` (legacy frontend system). @public */
export const VppTokenPickerFieldExtension = vppLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'VppTokenPicker',
    component: VppTokenPickerField,
  }),
);

/** `ui:field: VppAppPicker` (legacy frontend system). @public */
export const VppAppPickerFieldExtension = vppLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'VppAppPicker',
    component: VppAppPickerField,
  }),
);

/** `ui:field: VppDevicePicker` (legacy frontend system). @public */
export const VppDevicePickerFieldExtension = vppLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'VppDevicePicker',
    component: VppDevicePickerField,
  }),
);

/** `ui:field: VppAppConfigPicker` (legacy frontend system). @public */
export const VppAppConfigPickerFieldExtension = vppLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'VppAppConfigPicker',
    component: VppAppConfigPickerField,
  }),
);

/** `ui:field: VppVpnPicker` (legacy frontend system). @public */
export const VppVpnPickerFieldExtension = vppLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'VppVpnPicker',
    component: VppVpnPickerField,
  }),
);

/** `ui:field: VppScheduleDatePicker` (legacy frontend system). @public */
export const VppScheduleDatePickerFieldExtension = vppLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'VppScheduleDatePicker',
    component: VppScheduleDatePickerField,
    validation: validateScheduleDate,
  }),
);

/** `ui:field: VppDistributionReview` (legacy frontend system). @public */
export const VppDistributionReviewFieldExtension = vppLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'VppDistributionReview',
    component: VppDistributionReviewField,
  }),
);
