/**
 * English text of the scaffolder form fields (VppTokenPicker, VppAppPicker,
 * VppDevicePicker, VppAppConfigPicker, VppVpnPicker, VppScheduleDatePicker,
 * VppDistributionReview). Part of `vppTranslationRef`'s messages; the Japanese is in
 * `translations/jaScaffolderFields.ts`.
 */
export const scaffolderFieldMessages = {
  scaffolderFields: {
    loadError: 'Could not load the choices: {{message}}',
    none: 'None',
    chooseTokenFirst: 'Choose the content token first.',
    chooseAppFirst: 'Choose the app first.',
    token: {
      label: 'Content token',
      expires: 'expires {{date}}',
      notUsable: 'Cannot be used: {{reason}}',
      empty: 'No content tokens you may use are registered.',
    },
    app: {
      label: 'Apps',
      search: 'Search apps',
      licenses: '{{available}} of {{total}} licenses available',
      book: 'Books cannot be installed on devices.',
      notDeviceAssignable:
        'This app cannot be assigned to devices (for example bought as redemption codes).',
      otherPlatform: 'Not for this operating system.',
      empty: 'The token has no apps for this operating system.',
      selected_one: '{{count}} app chosen',
      selected_other: '{{count}} apps chosen',
    },
    devices: {
      group: 'Group',
      allGroups: 'All groups',
      includeSubgroups: 'Include subgroups',
      search: 'Search',
      searchField: 'Field',
      allFields: 'All 14 fields',
      installState: 'Install state of the app',
      installStates: {
        any: 'Any',
        'no-inventory': 'No inventory yet',
        'not-installed': 'Not installed',
        installed: 'Installed',
      },
      version: 'Installed version',
      anyVersion: 'Any version',
      inventoryBefore: 'Inventory older than',
      selectAll: 'Select all {{n}} matching devices',
      allSelected:
        'All {{n}} matching devices are chosen (the search is kept, so devices that match when the distribution starts are included).',
      someSelected_one: '{{count}} device chosen',
      someSelected_other: '{{count}} devices chosen',
      noneSelected: 'No devices chosen yet.',
      otherPlatform: 'Other platform: left out',
      empty: 'No devices match.',
      columns: {
        name: 'Name',
        serialNumber: 'Serial number',
        platform: 'OS',
        osVersion: 'OS version',
        group: 'Group',
        userName: 'User',
        inventoryAt: 'Inventory',
      },
    },
    settings: {
      appConfig: 'Managed app configuration',
      vpn: 'Per-app VPN',
      noAppConfigs: 'No managed app configurations for the chosen apps.',
      noVpns: 'No VPN settings for this operating system.',
    },
    schedule: {
      label: 'Scheduled date',
      helper: 'Optional; at most {{date}}, the day before the token expires.',
      tooLate:
        '{{date}} is too late: the last allowed day is {{last}}, the day before the token expires.',
      past: '{{date}} has passed.',
    },
    review: {
      loading: 'Computing the plan (nothing is changed)…',
      incomplete: 'Fill in the token, the apps and the devices first.',
      devicesMatched: 'Devices matched: {{n}}',
      leftOut: 'Left out: {{n}} ({{reason}})',
      leftOutReasons: {
        'other-platform': 'other platform',
        'os-below-minimum': "OS below the app's minimum",
        unenrolled: 'not enrolled',
        'no-serial-number': 'no serial number yet',
        'no-license-available': 'no license available',
      },
      columns: {
        app: 'App',
        needed: 'Licenses needed',
        alreadyLicensed: 'Already licensed',
        available: 'Available',
      },
      alreadyLicensedNote:
        'Devices that already hold a license are not assigned one again, so their licenses are not reclaimed automatically.',
      short:
        'Not enough licenses: {{apps}}. Buy more in Apple Business Manager, choose fewer devices, or allow installing on as many devices as there are licenses.',
      shortApp: '{{app}} needs {{needed}}, {{available}} available',
      refused: 'The distribution cannot start: {{message}}',
      ready: 'Ready: {{items}} installs on {{devices}} devices.',
      summary: '{{devices}} devices, {{licenses}} licenses to assign',
    },
  },
} as const;
