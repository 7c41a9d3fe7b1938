import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Sync the token chosen with EntityPicker and wait until its apps, books and license assignments are up to date.',
    example: yaml.stringify({
      steps: [
        {
          id: 'sync',
          action: 'vpp:token:sync',
          name: 'Sync purchased apps and books',
          input: {
            token:
              'resource:default/vpp-token-3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
          },
        },
      ],
    }),
  },
  {
    description:
      'Sync a large location given by token id, waiting up to an hour for the sync to end.',
    example: yaml.stringify({
      steps: [
        {
          id: 'sync',
          action: 'vpp:token:sync',
          name: 'Sync a large location',
          input: {
            token: '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
            timeoutMinutes: 60,
          },
        },
      ],
    }),
  },
  {
    description:
      'Start a sync without waiting for it; the result shows on the token page.',
    example: yaml.stringify({
      steps: [
        {
          id: 'sync',
          action: 'vpp:token:sync',
          name: 'Start a sync',
          input: {
            token: '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
            wait: false,
          },
        },
      ],
    }),
  },
];
