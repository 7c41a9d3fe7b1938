import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import {
  EXAMPLE_RENEWAL_DATA_URL,
  EXAMPLE_RENEWAL_FILE,
} from './exampleTokenFiles';

export const examples: TemplateExample[] = [
  {
    description:
      'Renew the token chosen with EntityPicker using the .vpptoken file uploaded in the form.',
    example: yaml.stringify({
      steps: [
        {
          id: 'renew',
          action: 'vpp:token:renew',
          name: 'Renew the content token',
          input: {
            token:
              'resource:default/vpp-token-3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
            tokenFile: EXAMPLE_RENEWAL_DATA_URL,
          },
        },
      ],
    }),
  },
  {
    description:
      'Renew a token given by id, taking the location back from another MDM product, with the file content instead of a data URL.',
    example: yaml.stringify({
      steps: [
        {
          id: 'renew',
          action: 'vpp:token:renew',
          name: 'Renew and take over the content token',
          input: {
            token: '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
            tokenFile: EXAMPLE_RENEWAL_FILE,
            takeOver: true,
          },
        },
      ],
    }),
  },
];
