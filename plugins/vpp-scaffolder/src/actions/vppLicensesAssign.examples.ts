import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const TOKEN_ID = '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11';

export const examples: TemplateExample[] = [
  {
    description: 'Assign the licenses of two apps for two serial numbers.',
    example: yaml.stringify({
      steps: [
        {
          id: 'assign',
          action: 'vpp:licenses:assign',
          name: 'Assign licenses',
          input: {
            token: TOKEN_ID,
            adamIds: ['361309726', '361285480'],
            serials: ['C02XK1JHJGH5', 'DMPVQ0ABCD12'],
          },
        },
      ],
    }),
  },
  {
    description:
      'Assign the licenses of an app for every device of a group and its subgroups (targets as VppDevicePicker sends them).',
    example: yaml.stringify({
      steps: [
        {
          id: 'assign',
          action: 'vpp:licenses:assign',
          name: 'Assign licenses for a group',
          input: {
            token: `resource:default/vpp-token-${TOKEN_ID}`,
            adamIds: ['361309726'],
            targets: {
              group: 'group:default/tokyo-it',
              includeSubgroups: true,
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Dry run: report the calls Apple would get, without changing anything.',
    example: yaml.stringify({
      steps: [
        {
          id: 'assign',
          action: 'vpp:licenses:assign',
          name: 'Check the assign',
          input: {
            token: TOKEN_ID,
            adamIds: ['361309726'],
            serials: ['C02XK1JHJGH5'],
            dryRun: true,
          },
        },
      ],
    }),
  },
];
