import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { VppTokenFileField } from './VppTokenFileField';

/** The `VppTokenFile` scaffolder form field (`ui:field: VppTokenFile`). */
export const vppTokenFileFormField = createFormField({
  name: 'VppTokenFile',
  component: VppTokenFileField,
});
