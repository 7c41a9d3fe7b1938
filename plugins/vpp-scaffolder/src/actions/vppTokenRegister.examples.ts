import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import {
  EXAMPLE_TOKEN_DATA_URL,
  EXAMPLE_TOKEN_FILE,
} from './exampleTokenFiles';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the .vpptoken file uploaded in the form (`ui:widget: file`) for a group.',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'vpp:token:register',
          name: 'Register the content token',
          input: {
            tokenFile: EXAMPLE_TOKEN_DATA_URL,
            owner: 'group:default/tokyo-it',
          },
        },
      ],
    }),
  },
  {
    description:
      'Register with a display name and notes (e.g. the Apple Account used and the download date).',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'vpp:token:register',
          name: 'Register the content token',
          input: {
            tokenFile: EXAMPLE_TOKEN_DATA_URL,
            owner: 'group:default/tokyo-it',
            displayName: 'Tokyo HQ devices',
            notes:
              'Downloaded by it-admin@example.com (Apple Account) on 2026-03-31',
          },
        },
      ],
    }),
  },
  {
    description:
      'Take the location over from another MDM product that manages it, passing the file content instead of a data URL.',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'vpp:token:register',
          name: 'Register and take over the content token',
          input: {
            tokenFile: EXAMPLE_TOKEN_FILE,
            owner: 'group:default/osaka-it',
            takeOver: true,
          },
        },
      ],
    }),
  },
];
