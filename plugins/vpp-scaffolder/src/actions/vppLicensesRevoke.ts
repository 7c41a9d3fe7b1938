import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { VppActionOptions } from './helpers';
import { createLicenseChangeAction } from './licenseChange';
import { licenseChangeExamples } from './licenseChange.examples';

/**
 * `vpp:licenses:revoke`: reclaims device licenses without removing apps
 * (`POST /api/vpp/licenses/revoke`), as the user who runs the template. Dry run: the
 * calls Apple would get, nothing changed.
 *
 * @public
 */
export function createVppLicensesRevokeAction(
  options: VppActionOptions,
): TemplateAction<any, any, 'v2'> {
  return createLicenseChangeAction(
    'revoke',
    options,
    licenseChangeExamples('revoke'),
  );
}
