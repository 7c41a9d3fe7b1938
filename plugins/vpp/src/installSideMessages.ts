/**
 * English text of the install-side pages (devices, an app's install status, the license
 * ledger, the named settings) and of the plugin's navigation. Part of
 * `vppTranslationRef`'s messages; the Japanese is in `translations/jaInstallSide.ts`.
 */
export const installSideMessages = {
  nav: {
    title: 'Apps and Books',
    tokens: 'Tokens',
    devices: 'Devices',
    licenses: 'Licenses',
    settings: 'Settings',
  },
  statusReason: {
    ok: 'Valid until {{date}}.',
    expiring_one: 'This token expires on {{date}}, in {{count}} day. {{steps}}',
    expiring_other:
      'This token expires on {{date}}, in {{count}} days. {{steps}}',
    expired:
      'This token expired on {{date}}. Nothing can be assigned, revoked or synced with it. {{steps}}',
    revoked:
      "Apple has revoked this token (error 9625), for example because a newer token was downloaded or the Managed Apple Account's password changed. {{steps}}",
    invalid: 'Apple no longer accepts this token. {{steps}}',
    claimedElsewhere:
      'The location "{{location}}" is now managed by another MDM product ({{mdm}}). Take it back by renewing with "take over", or remove this token here.',
  },
  devices: {
    title: 'Devices',
    description:
      'Managed devices from the MDM, with the attributes you keep for them. Search any of the 14 fields, or one of them.',
    loadError: 'The devices could not be loaded',
    noInventory: 'No inventory yet',
    enrolledYes: 'Enrolled',
    enrolledNo: 'Not enrolled',
    export: 'Export CSV',
    exportError: 'The CSV export failed: {{message}}',
    fields: {
      displayName: 'Device name',
      deviceNumber: 'Device number',
      udid: 'UDID',
      wifiMac: 'Wi-Fi MAC address',
      osVersion: 'OS version',
      userName: 'User name',
      serialNumber: 'Serial number',
      employeeNumber: 'Employee number',
      phone1: 'Phone number 1',
      phone2: 'Phone number 2',
      email: 'E-mail',
      notes1: 'Notes 1',
      notes2: 'Notes 2',
      notes3: 'Notes 3',
      platform: 'Platform',
      model: 'Model',
      group: 'Group',
      enrolled: 'Enrolment',
      lastCheckInAt: 'Last check-in',
      inventoryAt: 'Install status fetched',
    },
    filters: {
      field: 'Search in',
      allFields: 'All fields',
      search: 'Search',
      searchPlaceholder: 'Name, serial, employee number, e-mail…',
      platform: 'Platform',
      allPlatforms: 'All platforms',
      enrolled: 'Enrolment',
      enrolledAny: 'Enrolled or not',
    },
    groups: {
      title: 'Groups',
      all: 'All groups',
      includeSubgroups: 'Include subgroups',
      loadError: 'The groups could not be loaded from the catalog: {{message}}',
    },
    empty: {
      title: 'No devices yet',
      description:
        'Devices appear here once they enrol in the MDM server and it reports them to the portal. Check that the MDM connector is configured (vpp.mdm) and that devices have enrolled.',
      noMatch: 'No device matches these filters.',
      clearFilters: 'Clear filters',
    },
    import: {
      open: 'Import CSV',
      title: 'Import device attributes from CSV',
      description:
        'The first row names the columns: serialNumber or udid to find the device, then any of the attributes (displayName, deviceNumber, userName, employeeNumber, phone1, phone2, email, notes1–3, group). Preview first: nothing is written until every row is valid.',
      chooseFile: 'Choose a file…',
      csv: 'CSV',
      preview: 'Preview',
      submit: 'Import',
      line: 'Line',
      reason: 'Reason',
      changes: 'Changes',
      refused_one: '{{count}} row is wrong — nothing will be imported',
      refused_other: '{{count}} rows are wrong — nothing will be imported',
      previewTitle:
        'All {{rows}} rows are valid: {{updated}} devices would change. Import to write them.',
      done: 'Imported {{rows}} rows: {{updated}} devices changed.',
    },
  },
  device: {
    back: 'All devices',
    loadError: 'The device could not be loaded',
    refresh: 'Refresh inventory',
    refreshRequested:
      'The device was asked for its installed apps; the list updates when it answers (at its next check-in).',
    refreshSkipped: 'The device was not asked: {{reason}}',
    refreshError: 'The inventory could not be requested: {{message}}',
    attributes: {
      title: 'Attributes',
      description: 'What your organisation records for this device.',
      saved: 'Saved.',
      saveError: 'The attributes were not saved: {{message}}',
      reset: 'Undo changes',
    },
    apps: {
      title: 'Installed apps',
      fetchedAt: 'Install status fetched {{date}}',
      neverFetched: 'The installed apps have not been fetched yet',
      none: 'The device reported no apps.',
      refreshHint:
        'Use "Refresh inventory" to ask the device for its installed apps.',
      name: 'App',
      bundleId: 'Bundle ID',
      version: 'Version',
      state: 'State',
      installing: 'Installing',
      managed: 'Managed',
    },
    licenses: {
      title: 'Licenses',
      description:
        'App licenses assigned to this serial number at Apple, and how they came to be.',
      noSerial: 'The device has not reported its serial number yet.',
      none: 'No license is assigned to this device.',
      loadError: 'The licenses could not be loaded',
    },
    history: {
      empty: 'No change has been recorded for this device yet.',
    },
  },
  installStatus: {
    back: 'Back to {{token}}',
    appLoadError: 'The app could not be loaded',
    loadError: 'The install status could not be loaded',
    notInToken:
      'This token has no such app (yet). Sync the token if it was bought recently.',
    install: 'Install on these devices',
    inventoryBefore: 'Install status fetched before',
    inventoryBeforeHelp: 'Only devices whose list is older (or missing)',
    noDevices:
      'No device matches. Devices appear once they enrol in the MDM server.',
    noneInState: 'No device in this state.',
    versionLabel: 'Version {{version}}',
    facts: {
      identity: 'App',
      version: 'Version',
      licenses: 'Licenses',
      licenseCounts:
        '{{total}} in total · {{assigned}} assigned · {{available}} available',
      platforms: 'Platforms',
    },
    state: {
      any: 'All devices',
      'no-inventory': 'No inventory yet',
      'not-installed': 'Not installed',
      installed: 'Installed',
    },
  },
  licenses: {
    title: 'Licenses',
    description:
      'Every device license of your tokens: how it was assigned, by whom, when and by which distribution.',
    loadError: 'The licenses could not be loaded',
    allTokens: 'All tokens',
    chooseToken: 'Choose a token',
    assign: 'Assign licenses',
    revoke: 'Revoke',
    unmanaged: 'Not a managed device',
    distribution: 'Distribution {{id}}',
    tabs: {
      ledger: 'Ledger',
      orphans: 'Orphans',
    },
    columns: {
      token: 'Token',
      app: 'App',
      serial: 'Serial number',
      device: 'Device',
      mode: 'Assigned by',
      by: 'By whom',
      when: 'When',
    },
    filters: {
      app: 'App (Adam ID)',
      serial: 'Serial number',
      allModes: 'All kinds',
    },
    mode: {
      auto: 'Automatic (distribution)',
      manual: 'Manual',
      'pre-existing': 'Pre-existing',
    },
    state: {
      assigning: 'Assigning…',
      assigned: 'Assigned',
      revoking: 'Revoking…',
    },
    empty: {
      title: 'No licenses yet',
      description:
        'Licenses appear when a distribution or a manual assignment gives an app to a device, and when a sync finds licenses assigned before. Sync a token or assign licenses.',
      noMatch: 'No license matches these filters.',
    },
    change: {
      title: {
        assign: 'Assign licenses',
        revoke: 'Revoke licenses',
      },
      description: {
        assign:
          'Assigns every app to every serial number at Apple, without installing anything. Preview shows what Apple will be asked.',
        revoke:
          'Takes the licenses back at Apple; the apps stop working on the devices. Preview shows what Apple will be asked.',
      },
      apps: 'Apps (Adam IDs)',
      appsHelp: 'Separated by commas or spaces.',
      serials: 'Serial numbers',
      serialsHelp: 'Separated by commas, spaces or lines.',
      preview: 'Preview',
      planTitle: {
        assign: 'Apple will be asked to assign:',
        revoke: 'Apple will be asked to revoke:',
      },
      planLine: 'apps {{apps}} for serial numbers {{serials}}',
      appCounts:
        '{{app}}: {{requested}} licenses requested, {{available}} available at the last sync',
      nothingToAsk: 'Nothing to ask Apple: every pair is skipped.',
      confirm: {
        assign: 'Assign',
        revoke: 'Revoke',
      },
    },
    orphans: {
      chooseToken:
        'Choose a token to compare its licenses at Apple with the ledger and the managed devices.',
      loadError: 'The orphans could not be loaded',
      comparedWith: 'Compared with the full sync of {{date}}.',
      neverSynced:
        'The token has not been fully synced yet, so nothing was compared. Sync it on its page.',
      notChecked: 'Serial numbers were not checked: no device inventory yet.',
      none: 'None.',
      reclaim: 'Reclaim',
      notAtApple: {
        title_one: 'In the ledger but not at Apple ({{count}})',
        title_other: 'In the ledger but not at Apple ({{count}})',
        description:
          'Licenses the ledger records that Apple no longer shows (revoked elsewhere, or the answer was lost).',
      },
      unmanagedSerials: {
        title_one: 'At Apple for devices not managed here ({{count}})',
        title_other: 'At Apple for devices not managed here ({{count}})',
        description:
          'Licenses Apple shows for serial numbers that no managed device has. Reclaim them to free the licenses.',
      },
    },
  },
  settings: {
    title: 'Settings for distributions',
    description:
      'Managed app configurations and per-app VPN settings, chosen by name when apps are distributed.',
    edit: 'Edit',
    saved: 'Saved "{{name}}".',
    deleted: 'Deleted "{{name}}".',
    fields: {
      name: 'Name',
      adamId: 'App (Adam ID)',
      bundleId: 'Bundle ID',
      description: 'Description',
      app: 'App',
      keys: 'Keys',
      updated: 'Last changed',
      vpnUuid: 'VPN UUID',
      platforms: 'Platforms',
    },
    delete: {
      button: 'Delete',
      title: 'Delete "{{name}}"?',
      description:
        'Distributions already run keep what they sent. A setting that a scheduled or running distribution uses cannot be deleted.',
      confirm: 'Delete',
    },
    appConfigs: {
      tab: 'Managed app configurations',
      create: 'New app configuration',
      loadError: 'The app configurations could not be loaded',
      emptyTitle: 'No managed app configuration yet',
      emptyDescription:
        'Create one to send settings (server URLs, feature switches…) with an app when it is installed.',
    },
    vpn: {
      tab: 'VPN settings',
      create: 'New VPN setting',
      loadError: 'The VPN settings could not be loaded',
      emptyTitle: 'No VPN setting yet',
      emptyDescription:
        'Create one with the VPNUUID of a VPN payload installed on the devices to route an app through it (per-app VPN).',
      createTitle: 'New VPN setting',
      editTitle: 'Edit VPN setting',
      uuidHelp:
        'The VPNUUID of the VPN payload already installed on the devices.',
    },
    appConfig: {
      createTitle: 'New managed app configuration',
      editTitle: 'Edit managed app configuration',
      appHelp: 'The app it is for: Adam ID, bundle ID or both.',
      modeRows: 'Keys and values',
      modePaste: 'Paste JSON or plist',
      paste: 'JSON object or property list XML',
      pasteHelp:
        'A JSON object ({"key": "value"}, dates as {"$date": "2027-04-01T00:00:00Z"}) or the XML of a plist whose root is a dictionary.',
      key: 'Key',
      type: 'Type',
      value: 'Value',
      addKey: 'Add key',
      removeKey: 'Remove key',
      types: {
        string: 'Text',
        integer: 'Integer',
        real: 'Number',
        boolean: 'Yes/no',
        date: 'Date',
        json: 'Dictionary or array (JSON)',
      },
      problems: {
        emptyKey: 'Give the key a name.',
        duplicateKey: 'This key is already used.',
        number: 'Not a number of this type.',
        date: 'Not a date (e.g. 2027-04-01T00:00:00Z).',
        json: 'Not valid JSON (e.g. {"a": 1} or [1, 2]).',
      },
      pasteError: {
        json: 'Neither JSON nor XML: check the brackets and quotes.',
        notDict: 'The JSON must be an object: {"key": "value"}.',
      },
    },
  },
} as const;
