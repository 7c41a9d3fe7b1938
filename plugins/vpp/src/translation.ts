import { createTranslationRef } from '@backstage/frontend-plugin-api';
import { distributionMessages } from './distributionMessages';
import { installSideMessages } from './installSideMessages';
import { scaffolderFieldMessages } from './scaffolderFieldMessages';

/**
 * Every user-visible text of the VPP plugin (R-BS-7). English is the default; the
 * Japanese resource is loaded on demand when the app's language is `ja`
 * (`app.extensions: - api:app/app-language: { config: { availableLanguages: [en, ja] } }`).
 *
 * Interpolation uses i18next's `{{name}}`; keys ending in `_one` / `_other` are plurals
 * selected with `count`.
 *
 * @public
 */
export const vppTranslationRef = createTranslationRef({
  id: 'plugin.vpp',
  messages: {
    ...installSideMessages,
    ...scaffolderFieldMessages,
    ...distributionMessages,
    permissions: {
      noRegister:
        'You may not register content tokens (permission vpp.token.create).',
      noUpdate:
        'Only the group that owns this token and administrators can change it (permission vpp.token.update).',
      noDelete:
        'Only the group that owns this token and administrators can delete it (permission vpp.token.delete).',
      notYourGroup: '{{group}} — not your group',
      ownersHelper:
        'You can register tokens only for groups you belong to; ask an administrator for another group.',
    },
    history: {
      title: 'History',
      description:
        'Every change to this token: who made it, when, and whether it went through.',
      columns: {
        when: 'When',
        who: 'Who',
        what: 'What',
        outcome: 'Outcome',
        details: 'Details',
      },
      actions: {
        tokenRegister: 'Registered',
        tokenRenew: 'Renewed',
        tokenUpdate: 'Edited',
        tokenShare: 'Shared licenses',
        tokenDelete: 'Deleted',
        tokenSync: 'Started a sync',
        tokenRemindersUpdate: 'Changed reminders',
      },
      outcome: {
        succeeded: 'Done',
        failed: 'Failed',
      },
      empty: 'No change has been recorded yet.',
      loadError: 'The history could not be loaded',
    },
    common: {
      cancel: 'Cancel',
      close: 'Close',
      save: 'Save',
      unknownError: 'Something went wrong: {{message}}',
    },
    status: {
      ok: 'OK',
      expiring: 'Expiring',
      expired: 'Expired',
      revoked: 'Revoked',
      invalid: 'Invalid',
      'claimed-elsewhere': 'Managed by another MDM',
    },
    days: {
      left_one: '{{count}} day left',
      left_other: '{{count}} days left',
      today: 'expires today',
      expiredAgo_one: 'expired {{count}} day ago',
      expiredAgo_other: 'expired {{count}} days ago',
    },
    health: {
      title: 'VPP backend',
      status: 'Status',
      version: 'Version',
      database: 'Database',
      appleApi: 'Apple API',
      mode: 'Mode',
      simulator: 'Simulator (not Apple)',
      production: 'Apple production',
      error: 'The VPP backend did not answer',
    },
    tokensPage: {
      title: 'Content tokens',
      description:
        'One content token (.vpptoken) per Apple Business Manager location. Tokens expire every year; renew them before they do.',
      register: 'Register token',
      loadError: 'The content tokens could not be loaded',
      emptyTitle: 'No content tokens yet',
      emptyDescription:
        'In Apple Business Manager, go to Preferences → Payments and Billing → Apps and Books and download the token for a location, then register it here.',
      columns: {
        name: 'Name',
        location: 'Location',
        owner: 'Owner',
        expires: 'Expires',
        daysLeft: 'Days left',
        status: 'Status',
        actions: 'Actions',
      },
      renew: 'Renew',
      sharesFrom: 'Shares licenses from {{name}}',
    },
    file: {
      choose: 'Choose .vpptoken file',
      none: 'No file chosen',
      chosen: 'File: {{name}}',
      readError: 'The file could not be read: {{message}}',
      preview: 'Organisation {{orgName}}, expires {{date}}',
      hintSuffix: 'The server checks the file when you submit it.',
      hint: {
        empty: 'The file is empty.',
        tooLarge:
          'The file is larger than 64 KiB; a .vpptoken file is much smaller.',
        extension: 'The file name does not end in .vpptoken.',
        notBase64:
          'This does not look like a .vpptoken file: it is not Base64 text.',
        notJson:
          'This does not look like a .vpptoken file: it does not decode to a token.',
        missingKeys:
          'This does not look like a .vpptoken file: {{keys}} is missing.',
      },
    },
    groups: {
      label: 'Owner group',
      helper: 'The catalog group responsible for this token',
      placeholder: 'Choose a group',
      loading: 'Loading groups…',
      error: 'Groups could not be loaded from the catalog: {{message}}',
    },
    register: {
      title: 'Register a content token',
      intro:
        'In Apple Business Manager, go to Preferences → Payments and Billing → Apps and Books, download the token for the location and choose the file here.',
      displayName: 'Display name',
      displayNameHelper: 'Optional. Defaults to the location name.',
      notes: 'Notes',
      notesHelper:
        'Record the Apple Account used to download the token and the download date',
      takeOver: 'Take over from another MDM',
      takeOverExplain:
        'Taking over makes this Backstage the MDM for the location; the other MDM product can no longer use its licenses.',
      submit: 'Register',
      submitTakeOver: 'Take over and register',
      submitting: 'Registering…',
      success: 'Registered the token for {{location}}. It expires on {{date}}.',
      missingFile: 'Choose the .vpptoken file first.',
      missingOwner: 'Choose the owner group.',
    },
    renew: {
      title: 'Renew {{name}}',
      intro:
        'Download the new token for {{location}} in Apple Business Manager (Preferences → Payments and Billing → Apps and Books) and choose it here. Nothing changes until you choose Renew.',
      checking: 'Checking the new file…',
      checksTitle: 'Checks before renewal',
      passed: 'Passed',
      failed: 'Failed',
      checks: {
        registered: 'The token is registered here',
        'later-expiry': 'The new file expires later than the current one',
        'not-other-mdm': 'The location is not managed by another MDM',
        'not-other-account':
          'The location is not registered under another owner here',
        'location-exists': 'The location still exists at Apple',
      },
      expiry: 'Expiry',
      location: 'Location',
      claimant: 'Current MDM',
      noClaimant: 'No other MDM',
      takeOver: 'Take over from another MDM',
      submit: 'Renew',
      submitting: 'Renewing…',
      success: 'Renewed. {{name}} now expires on {{date}}.',
      blocked: 'Renewal is not possible until every check passes.',
    },
    tokenPage: {
      back: 'All content tokens',
      loadError: 'The content token could not be loaded',
      facts: {
        location: 'Location',
        organisation: 'Organisation',
        owner: 'Owner',
        country: 'Country',
        expires: 'Expires',
        daysLeft: 'Days left',
        status: 'Status',
        notes: 'Notes',
        createdBy: 'Created by',
        createdAt: 'Created',
        sharesFrom: 'Shares licenses from',
      },
      actions: {
        renew: 'Renew',
        edit: 'Edit',
        share: 'Share licenses',
        delete: 'Delete',
      },
      banner: {
        expired: 'This token has expired',
        revoked: 'Apple revoked this token',
        invalid: 'Apple does not accept this token',
        'claimed-elsewhere': 'Another MDM manages this location',
        expiring: 'This token expires soon',
        steps:
          'In Apple Business Manager, go to Preferences → Payments and Billing → Apps and Books, download the token for {{location}}, then choose Renew here.',
        sharedSteps:
          'This record shares licenses from {{name}}; renew that token and this one is renewed with it.',
      },
      sharedNote:
        'Renewing this token also renews the tokens that share its licenses.',
    },
    edit: {
      title: 'Edit {{name}}',
      success: 'Saved.',
    },
    share: {
      title: 'Share licenses with another group',
      intro:
        'The group gets its own token record that uses the licenses of {{name}}. Renewing {{name}} renews the shared record too.',
      submit: 'Share',
      success: 'Shared the licenses of {{name}} with {{group}}.',
    },
    delete: {
      title: 'Delete {{name}}?',
      body: 'This removes the token for {{location}} from Backstage and releases this Backstage’s claim on the location at Apple. To use the location again, register its token again.',
      confirm: 'Delete',
      deleting: 'Deleting…',
    },
    time: {
      justNow: 'just now',
    },
    content: {
      title: 'Apps and books',
      sharedFrom:
        'This record shares licenses from another token; the counts are those of that token.',
      lastSynced: 'Last synced {{relative}} ({{absolute}})',
      neverSynced: 'Never synced',
      syncing: 'Syncing… started {{relative}}',
      syncingNow: 'Syncing…',
      totals: '{{assets}} apps and books · {{assignments}} license assignments',
      sync: 'Sync',
      confirm: 'Confirm',
      syncFinished:
        'Sync finished: {{assets}} apps and books and {{assignments}} license assignments are up to date.',
      syncError: 'The sync could not be started: {{message}}',
      confirmError: 'The content could not be confirmed: {{message}}',
      lastError: 'The last sync failed',
      lastErrorAt: 'Failed at {{absolute}}.',
      statusError: 'The sync status could not be loaded: {{message}}',
      loadError: 'The apps and books could not be loaded',
      outOfDate: {
        title: 'Content may be out of date',
        stale: 'The last sync is older than the configured maximum age.',
        'counts-changed':
          'Apple reported a license count change since the last sync.',
        'never-synced': 'This token has never been synced.',
        actions: 'Confirm hides this notice until the next change.',
        readOnly: 'Someone who may update this token can sync it.',
      },
      empty: {
        title: 'No apps or books yet',
        neverSynced:
          'Sync to fetch what this location bought in Apple Business Manager.',
        syncing:
          'The apps and books appear here as soon as the sync has finished.',
        none: 'Apple reports no apps or books bought for this location. Buy them in Apple Business Manager (Apps and Books), then sync again.',
        noMatchTitle: 'No apps or books match the filters',
        clearFilters: 'Clear filters',
      },
      filters: {
        type: 'Type',
        all: 'All',
        apps: 'Apps',
        books: 'Books',
        platform: 'Platform',
        allPlatforms: 'All platforms',
        search: 'Search',
        searchPlaceholder: 'Name, bundle ID or Adam ID',
      },
      columns: {
        name: 'Name',
        type: 'Type',
        platforms: 'Platforms',
        total: 'Total',
        assigned: 'Assigned',
        available: 'Available',
        retired: 'Retired',
      },
      type: {
        App: 'App',
        Book: 'Book',
      },
      unnamed: {
        App: 'App {{adamId}}',
        Book: 'Book {{adamId}}',
      },
      adamId: 'Adam ID {{adamId}}',
      version: 'version {{version}}',
      minimumOs: 'requires {{version}} or later',
      unlimited: 'Unlimited',
      lowLicense: 'Low',
      lowLicenseTooltip_one: 'Only {{count}} license left',
      lowLicenseTooltip_other: 'Only {{count}} licenses left',
      lowLicenseNote:
        'Apps with fewer than {{threshold}} available licenses are marked Low.',
      notAssignable: 'Cannot be distributed to devices',
      notAssignableExplain:
        'Apple does not allow assigning this app to devices, usually because it was bought as redemption codes. Buy it as licenses (not codes) in Apple Business Manager to distribute it.',
      bookUsers: 'Assigned to users, not devices',
      bookUsersExplain:
        'Apple assigns books to users with an Apple Account; books cannot be assigned to devices.',
      notRevocable: 'Licenses cannot be revoked',
      notRevocableExplain:
        'Apple does not allow revoking assigned licenses of this app; an assigned license stays in use.',
      rowsPerPage: 'Rows per page',
      range: '{{from}}–{{to}} of {{total}}',
    },
    reminders: {
      title: 'Renewal reminders',
      intro:
        'While reminders are on, the owner group gets a Backstage notification and the addresses below get an e-mail before the token expires.',
      schedule: 'Sent',
      daysBefore_one: '{{count}} day before expiry',
      daysBefore_other: '{{count}} days before expiry',
      atExpiry: 'At expiry',
      enabled: 'Send renewal reminders',
      on: 'Reminders are on',
      off: 'Reminders are off',
      emails: 'E-mail addresses',
      addLabel: 'Add an e-mail address',
      addHelper:
        'Press Enter or choose Add. Separate several addresses with commas.',
      add: 'Add',
      remove: 'Remove {{email}}',
      noEmails: 'No e-mail addresses: only the owner group is notified.',
      invalidEmail: '{{email}} is not a valid e-mail address.',
      duplicateEmail: '{{email}} is already in the list.',
      discard: 'Discard changes',
      saving: 'Saving…',
      saved: 'Reminder settings saved.',
      saveError: 'The reminder settings were not saved: {{message}}',
      readOnly: 'You can see these settings but not change them.',
      loadError: 'The reminder settings could not be loaded',
      deliveries: {
        title: 'Reminders for the current expiry date ({{date}})',
        none: 'No reminder has been sent for the current expiry date yet.',
        threshold: 'Reminder',
        channel: 'Channel',
        recipient: 'Recipient',
        status: 'Status',
        attempts: 'Attempts',
        lastError: 'Last error',
        sentAt: 'Sent',
        willRetry: 'Will be retried on the next run.',
        failedSummary_one:
          '{{count}} reminder could not be delivered; it will be retried on the next run.',
        failedSummary_other:
          '{{count}} reminders could not be delivered; they will be retried on the next run.',
      },
      channel: {
        notification: 'Backstage notification',
        email: 'E-mail',
      },
      deliveryStatus: {
        sent: 'Sent',
        failed: 'Failed',
        sending: 'Sending',
      },
    },
    catalog: {
      statusFilter: 'Token status',
      columns: {
        expires: 'Expires',
        daysLeft: 'Days left',
        status: 'Token status',
      },
    },
    attention: {
      title: 'Content tokens',
      needAttention_one: '{{count}} token needs attention',
      needAttention_other: '{{count}} tokens need attention',
      allFine: 'All content tokens are fine ({{total}}).',
      none: 'No content token is registered yet.',
      openAppsAndBooks: 'Open Apps and Books',
      loadError: 'The content tokens could not be loaded',
    },
    entityCard: {
      title: 'Content token',
      missingAnnotation: 'This entity has no {{annotation}} annotation.',
      open: 'Open token page',
      loadError: 'The content token could not be loaded',
    },
  },
  translations: {
    ja: () => import('./translations/ja'),
  },
});
