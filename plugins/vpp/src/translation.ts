import { createTranslationRef } from '@backstage/frontend-plugin-api';

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
