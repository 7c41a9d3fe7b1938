import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const TOKEN_ID = '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11';

export const examples: TemplateExample[] = [
  {
    description:
      'Install two apps on every iPhone and iPad of a group and its subgroups, licenses assigned as needed, and end once the distribution has started.',
    example: yaml.stringify({
      steps: [
        {
          id: 'install',
          action: 'vpp:apps:install',
          name: 'Install apps',
          input: {
            token: TOKEN_ID,
            adamIds: ['361309726', '361285480'],
            platform: 'ios',
            licenseMode: 'auto',
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
      'Install one app on chosen devices with a managed app configuration and per-app VPN, removed with the MDM profile, without backup, and wait until it is installed everywhere.',
    example: yaml.stringify({
      steps: [
        {
          id: 'install',
          action: 'vpp:apps:install',
          name: 'Install the sales app',
          input: {
            token: `resource:default/vpp-token-${TOKEN_ID}`,
            adamIds: ['361309726'],
            platform: 'ios',
            targets: { deviceIds: ['dev-0001', 'dev-0002'] },
            appConfigId: 'cfg-sales',
            vpnConfigId: 'vpn-sales',
            removeWithMdmProfile: true,
            preventBackup: true,
            removable: false,
            waitFor: 'installed',
            timeoutMinutes: 30,
          },
        },
      ],
    }),
  },
  {
    description:
      "Update an app on the Macs that have an older version (seed A's second flow), to the licenses the devices already hold, on a scheduled date.",
    example: yaml.stringify({
      steps: [
        {
          id: 'install',
          action: 'vpp:apps:install',
          name: 'Update the app',
          input: {
            token: TOKEN_ID,
            adamIds: ['497799835'],
            platform: 'macos',
            licenseMode: 'manual',
            targets: {
              adamId: '497799835',
              installState: 'installed',
              version: '15.2',
            },
            scheduledAt: '2026-12-20',
          },
        },
      ],
    }),
  },
  {
    description:
      'Only show the plan (devices matched and left out, licenses needed and available); nothing is assigned or installed.',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'vpp:apps:install',
          name: 'Plan the install',
          input: {
            token: TOKEN_ID,
            adamIds: ['361309726'],
            platform: 'ios',
            targets: { q: 'sales' },
            dryRun: true,
          },
        },
      ],
    }),
  },
];
