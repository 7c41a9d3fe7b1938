import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const TOKEN_ID = '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11';

/**
 * The examples of `vpp:licenses:assign` and `vpp:licenses:revoke`: the two take the
 * same inputs, so their examples differ only in the verb.
 */
export function licenseChangeExamples(
  kind: 'assign' | 'revoke',
): TemplateExample[] {
  const Verb = kind === 'assign' ? 'Assign' : 'Revoke';
  const step = (name: string, input: Record<string, unknown>) =>
    yaml.stringify({
      steps: [{ id: kind, action: `vpp:licenses:${kind}`, name, input }],
    });
  return [
    {
      description: `${Verb} the licenses of two apps for two serial numbers.`,
      example: step(`${Verb} licenses`, {
        token: TOKEN_ID,
        adamIds: ['361309726', '361285480'],
        serials: ['C02XK1JHJGH5', 'DMPVQ0ABCD12'],
      }),
    },
    {
      description: `${Verb} the licenses of an app for every device of a group and its subgroups (targets as VppDevicePicker sends them).`,
      example: step(`${Verb} licenses for a group`, {
        token: `resource:default/vpp-token-${TOKEN_ID}`,
        adamIds: ['361309726'],
        targets: {
          group: 'group:default/tokyo-it',
          includeSubgroups: true,
        },
      }),
    },
    {
      description:
        'Dry run: report the calls Apple would get, without changing anything.',
      example: step(`Check the ${kind}`, {
        token: TOKEN_ID,
        adamIds: ['361309726'],
        serials: ['C02XK1JHJGH5'],
        dryRun: true,
      }),
    },
  ];
}
