import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { VppActionOptions } from './helpers';
import { createLicenseChangeAction } from './licenseChange';
import { licenseChangeExamples } from './licenseChange.examples';

/**
 * `vpp:licenses:assign`: pre-assigns device licenses without installing
 * (`POST /api/vpp/licenses/assign`), as the user who runs the template. Dry run: the
 * calls Apple would get, nothing changed.
 *
 * @public
 */
export function createVppLicensesAssignAction(
  options: VppActionOptions,
): TemplateAction<any, any, 'v2'> {
  return createLicenseChangeAction(
    'assign',
    options,
    licenseChangeExamples('assign'),
  );
}
