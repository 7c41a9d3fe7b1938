/**
 * English text of the distributions pages (the list, one distribution's progress, the
 * token page's section). Part of `vppTranslationRef`'s messages; the Japanese is in
 * `translations/jaDistributions.ts`.
 */
export const distributionMessages = {
  distributions: {
    nav: 'Distributions',
    title: 'Distributions',
    description:
      'Apps sent to devices: licenses at Apple, then the install over MDM, followed until each device runs the app.',
    loadError: 'Could not load the distributions',
    empty: {
      title: 'No distributions yet',
      description:
        'Start one from Create with the "Install apps on devices" template, or from an app\'s install status ("install on these devices").',
      noMatch: 'No distribution matches these filters.',
    },
    filters: {
      token: 'Token',
      allTokens: 'All tokens',
      state: 'State',
      allStates: 'All states',
      creator: 'Created by',
      creatorHelper: 'A user reference, e.g. user:default/tanaka',
    },
    columns: {
      state: 'State',
      token: 'Token',
      apps: 'Apps',
      devices: 'Devices',
      creator: 'Created by',
      when: 'Start',
    },
    devices_one: '{{count}} device',
    devices_other: '{{count}} devices',
    when: {
      scheduled: 'Scheduled for {{date}}',
      started: 'Started {{date}}',
      created: 'Created {{date}}',
    },
    state: {
      scheduled: 'Scheduled',
      running: 'Running',
      completed: 'Completed',
      completedWithFailures: 'Completed with failures',
      cancelled: 'Cancelled',
    },
    itemState: {
      pending: 'Pending',
      licensing: 'Assigning license',
      licensed: 'Licensed',
      queued: 'Sent to MDM',
      acknowledged: 'Acknowledged by device',
      installing: 'Installing',
      installed: 'Installed',
      failed: 'Failed',
      cancelled: 'Cancelled',
    },
  },
  distribution: {
    back: 'All distributions',
    title: 'Distribution {{id}}',
    loadError: 'Could not load this distribution',
    live: 'Updates by itself while the distribution runs.',
    options: {
      title: 'Options',
      token: 'Token',
      apps: 'Apps',
      platform: 'Platform',
      licenseMode: 'Licenses',
      licenseModeAuto: 'Automatic license assignment',
      licenseModeManual: 'Manual license assignment (already assigned)',
      appConfig: 'Managed app configuration',
      vpn: 'VPN',
      none: 'None',
      removeWithMdmProfile: 'Remove with the MDM profile',
      preventBackup: 'Prevent backup of app data',
      removable: 'User can remove the app',
      scheduledAt: 'Scheduled distribution',
      immediate: 'Immediately',
      createdBy: 'Created by',
      createdAt: 'Created',
      startedAt: 'Started',
      finishedAt: 'Finished',
      yes: 'Yes',
      no: 'No',
    },
    plan: {
      title: 'Plan',
      devicesMatched: 'Devices matched',
      items: 'Device × app items',
      leftOut: 'Left out',
      leftOutNone: 'No device was left out.',
      reasons: {
        otherPlatform: 'Other platform',
        osBelowMinimum: "OS older than the app's minimum",
        unenrolled: 'Not enrolled in the MDM',
        noSerialNumber: 'No serial number',
        noLicenseAvailable: 'No license available',
      },
      columns: {
        app: 'App',
        needed: 'Licenses needed',
        alreadyLicensed: 'Already licensed',
        available: 'Available',
        goWithout: 'Go without',
      },
      alreadyLicensedNote:
        'Devices that already held a license were not re-assigned, so that license is not reclaimed automatically when the app is removed.',
      withoutLicense: 'Devices that go without an app for lack of licenses',
      unlimited: 'Unlimited',
    },
    progress: {
      title: 'Progress',
      finished: '{{done}} of {{total}} items finished',
    },
    items: {
      title: 'Devices and apps',
      state: 'State',
      allStates: 'All states',
      empty: 'No item in this state.',
      loadError: 'Could not load the devices of this distribution',
      columns: {
        device: 'Device',
        app: 'App',
        state: 'State',
        version: 'Installed version',
        details: 'Error and next step',
        updated: 'Updated',
      },
      error: 'Error {{number}}',
      nextStep: 'Next step: {{text}}',
    },
    actions: {
      cancel: 'Cancel',
      retry: 'Retry failed',
      cancelTitle: 'Cancel this distribution?',
      cancelBody:
        'Items not yet sent to devices are cancelled. Installs already sent cannot be called back, and licenses already assigned stay assigned (reclaim them from Licenses if needed).',
      cancelConfirm: 'Cancel distribution',
      keep: 'Keep it',
      cancelled: 'The distribution was cancelled.',
      retried: 'The failed items are being sent again.',
      failed: 'The request failed',
      noPermission:
        'Only the group that owns this token and administrators can change its distributions (permission vpp.distribution.create).',
      notCancellable:
        'Only a scheduled or running distribution can be cancelled.',
      noFailures: 'No item has failed.',
      notStarted:
        'Failed items can be retried once the distribution has started.',
    },
  },
  tokenDistributions: {
    title: 'Distributions',
    description: "The latest distributions of this token's apps.",
    viewAll: 'All distributions of this token',
    empty:
      'No distribution of this token\'s apps yet. Start one from Create with the "Install apps on devices" template.',
    loadError: "Could not load this token's distributions",
  },
} as const;
