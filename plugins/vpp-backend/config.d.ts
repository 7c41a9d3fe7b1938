import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the VPP (Apple Apps and Books) plugins. */
  vpp?: {
    /**
     * Secret used to encrypt stored content token files (AES-256-GCM, key derived with
     * scrypt). At least 32 characters; keep it stable, tokens stored with one key cannot
     * be read with another. Required: the backend refuses to start without it.
     * @visibility secret
     */
    encryptionKey?: string;
    tokens?: {
      /**
       * Days before expiry from which a token's status is `expiring` (shown in red).
       * @default 30
       */
      warningDays?: number;
      /**
       * The status refresh asks Apple about every token (client config) to catch
       * revocation and claims by another MDM product early (R-TOK-5), and notices
       * purchases where notifications cannot reach us.
       */
      statusRefresh?: {
        /**
         * The timeout is also how long the refresh keeps backing off while Apple is busy.
         * @default { frequency: { hours: 24 }, timeout: { minutes: 30 }, initialDelay: { minutes: 2 } }
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /** Sync of purchased apps, books and license assignments (R-SYNC-1, R-SYNC-2). */
    sync?: {
      /**
       * When the scheduled sync of every token runs (global scope: one instance at a time).
       * The timeout is also the pass's budget for a busy Apple: within it, 9646 and 5xx
       * answers are backed off and retried (and Apple's Retry-After waited out) instead of
       * failing the pass; manual syncs running in the background get the same budget.
       * @default { frequency: { hours: 1 }, timeout: { hours: 1 }, initialDelay: { minutes: 1 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * A full pass over all license assignments at least this often; passes in between
       * only fetch what changed (`sinceVersionId`). Apple's incremental answers cannot
       * show removed assignments, so only full passes remove them.
       * @default { hours: 24 }
       */
      fullSyncInterval?: HumanDuration | string;
      /**
       * Content older than this gets the "Content may be out of date" banner (R-SYNC-3).
       * @default { hours: 24 }
       */
      maxAge?: HumanDuration | string;
      /**
       * App Store names, icons and versions are looked up again after this long.
       * @default { days: 7 }
       */
      metadataMaxAge?: HumanDuration | string;
      /**
       * A running sync renews its lease in the database; another instance takes over a
       * lease not renewed for this long (the first instance crashed).
       * @default { minutes: 10 }
       */
      lease?: HumanDuration | string;
    };
    /** How purchased content is shown. */
    content?: {
      /**
       * An app whose available licenses fall under this number gets a low-license warning.
       * @default 5
       */
      lowLicenseThreshold?: number;
    };
    /**
     * How this installation identifies itself to Apple in `mdmInfo` (R-TOK-3), and the
     * MDM server that reaches the devices (R-MDM-1).
     */
    mdm?: {
      /**
       * Unique id of this installation. Defaults to a hash of `backend.baseUrl`.
       * Two installations with the same id would not see each other's claims.
       */
      id?: string;
      /**
       * Product name other MDM products see as the location's manager.
       * @default VPP for Backstage
       */
      name?: string;
      /**
       * The active MDM connector: `nanomdm` (built in) or the name a backend module
       * added through `vppMdmConnectorExtensionPoint`; it reads `vpp.mdm.<name>`.
       * Unset: `nanomdm` when `vpp.mdm.nanomdm` is configured, otherwise none (devices
       * are listed and edited, but no command reaches them).
       */
      connector?: string;
      /** The built-in connector for NanoMDM's (and MicroMDM's) command API. */
      nanomdm?: {
        /** NanoMDM's base URL, under which `/v1/enqueue/…` and `/v1/push/…` live. */
        baseUrl: string;
        /**
         * NanoMDM's API key (HTTP Basic password, user `nanomdm`).
         * @visibility secret
         */
        apiKey: string;
        /**
         * Enrollment ids per enqueue request (queued without a push, one push at the end).
         * @default 500
         */
        batchSize?: number;
        /**
         * Time per attempt of a request to NanoMDM: milliseconds, `{ seconds: 30 }` or
         * ISO 8601 (`PT30S`).
         * @default { seconds: 30 }
         */
        timeout?: number | string | HumanDuration;
        /**
         * Attempts per request; 5xx answers and connection errors are retried with back-off.
         * @default 4
         */
        maxAttempts?: number;
      };
      /** `POST /api/vpp/mdm/webhook`, where the MDM server posts check-ins and answers. */
      webhook?: {
        /**
         * Shared secret: the HTTP Basic password the MDM sends (the user name is not
         * checked), e.g. NanoMDM's `-webhook-url https://vpp:SECRET@host/api/vpp/mdm/webhook`.
         * Unset: the webhook refuses every request.
         * @visibility secret
         */
        secret?: string;
        /**
         * Key of the body signature NanoMDM adds when started with `-webhook-hmac-key K`
         * (`X-Hmac-Signature`: base64 of HMAC-SHA256 of the body). Set: a request without
         * a valid signature is refused (401). Unset: the signature is not checked.
         * @visibility secret
         */
        hmacKey?: string;
      };
    };
    /** Distributions of apps to devices (R-DIST) and auto-reclaim (R-LIC-3). */
    distributions?: {
      /**
       * When the distribution worker runs (global scope: one instance per run; rows are
       * also leased, so overlapping runs are safe). Creating a distribution also starts
       * a run at once.
       * @default { frequency: { seconds: 5 }, timeout: { minutes: 10 }, initialDelay: { seconds: 10 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * How long a worker owns the rows it claimed; a dead worker's rows are taken over
       * after this: `{ minutes: 2 }` or ISO 8601 (`PT2M`).
       * @default { minutes: 2 }
       */
      lease?: HumanDuration | string;
      /**
       * Time between polls of Apple's event status (Apple asks for no more than one
       * poll of an event every 30 seconds). Apple's `ASSET_MANAGEMENT` notification, when
       * configured, makes a poll due at once.
       * @default { seconds: 30 }
       */
      eventPollInterval?: HumanDuration | string;
      /**
       * `InstallApplication` sends per device and app: a device that answers 9610 (its
       * license not visible yet) or reports an older version gets it again up to this.
       * @default 3
       */
      maxInstallAttempts?: number;
      /**
       * Wait after a device's answer before asking for its installed apps.
       * @default { seconds: 10 }
       */
      verifyDelay?: HumanDuration | string;
      /**
       * Time between asks for the installed apps while an install is not confirmed.
       * @default { minutes: 1 }
       */
      verifyInterval?: HumanDuration | string;
      /**
       * An associate call whose sender died before Apple answered is checked against
       * Apple's assignments after this long (Apple has finished it by then).
       * @default { minutes: 10 }
       */
      sendingGrace?: HumanDuration | string;
      reclaim?: {
        /**
         * The sweep that reclaims `auto` licenses of checked-out devices an event
         * missed (global scope).
         * @default { frequency: { minutes: 30 }, timeout: { minutes: 20 }, initialDelay: { minutes: 3 } }
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /** Managed devices (R-DEV). */
    devices?: {
      /**
       * Group entity ref of a device whose enrolment URL names no group the catalog
       * has (NanoMDM's `url_params.group`, a bare name or a ref).
       * @default group:default/unassigned-devices
       */
      defaultGroup?: string;
    };
    apple?: {
      /**
       * Base URL of Apple's Apps and Books API v2. `GET /service/config` is read here (every
       * 5 minutes); each endpoint then goes to the URL Apple announces there when it is HTTPS
       * on an Apple host (`apple.com` or a name under it) or on this URL's own origin, else,
       * with a warning, to this URL + the documented path. Content tokens go nowhere else.
       * @default https://vpp.itunes.apple.com/mdm/v2
       */
      baseUrl?: string;
      /**
       * URL of the iTunes lookup used for app metadata (names, icons, versions).
       * @default https://itunes.apple.com/lookup
       */
      lookupUrl?: string;
      /**
       * The https URL at which Apple can reach this backend's
       * `/api/vpp/apple/notifications`. When set, each sync subscribes the token's
       * location to ASSET_COUNT and ASSET_MANAGEMENT notifications, so purchases show at
       * once. Unset: no subscription; the status refresh notices purchases instead.
       */
      notificationUrl?: string;
    };
    /**
     * Runs the Apple/MDM simulator (`@internal/vpp-simulator`) inside the backend process
     * and points `vpp.apple.*` at it. For local development only; the production
     * configuration never sets it.
     */
    simulator?: {
      /** @default false */
      enabled?: boolean;
      /**
       * Port the embedded simulator listens on (loopback only).
       * @default 7010
       */
      port?: number;
      /**
       * On a start with no content token registered, registers the simulator's Tokyo
       * token and Osaka's soon-expiring token (as the guest user, for the Tokyo and Osaka
       * IT groups) and runs their first sync, so a newcomer sees a working portal. Only
       * with `enabled`; the development config turns it on, production never.
       * @default false
       */
      demoData?: boolean;
      /**
       * JSON file in which the simulator keeps its state (tokens, licenses, assignments,
       * users, client config) across restarts, so it stays consistent with a persistent
       * database. Relative to the backend's working directory. `./scripts/start.sh` sets
       * it to `.data/simulator.json`. Without it every start begins from the fixture.
       */
      stateFile?: string;
    };
    /**
     * Renewal reminders (R-TOK-6). For each token with reminders enabled (the default,
     * changed per token in the portal), a scheduled task sends one Backstage notification
     * to the token's owner and one e-mail per address of the token, once per token,
     * threshold and expiry date. Renewing a token re-arms them.
     */
    reminders?: {
      /**
       * Days before expiry at which a reminder goes out; 0 means at expiry. When several
       * are crossed at once (say a token registered with 10 days left) only the most
       * urgent is sent. An empty list sends no reminders.
       * @default [30, 0]
       */
      thresholdsDays?: number[];
      /**
       * When the reminder task runs. It always runs with global scope: one instance per
       * run, and every delivery is also claimed in the database. Defaults to daily:
       * `{ frequency: { hours: 24 }, timeout: { minutes: 15 }, initialDelay: { minutes: 1 } }`.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Languages of every reminder, `en` and/or `ja`. Each e-mail and notification holds
       * all of them in this order; the subject and title start with the first.
       * @default ["en", "ja"]
       */
      languages?: Array<'en' | 'ja'>;
      /**
       * The SMTP server reminder e-mails go through. Without `host`, no e-mail is sent:
       * each is recorded as failed with a message saying so (visible on the token page)
       * and retried on later runs; notifications still go out.
       */
      smtp?: {
        /** Host name of the SMTP server, e.g. smtp.example.com. */
        host?: string;
        /** Port of the SMTP server. Defaults to 587, or 465 when `secure` is true. */
        port?: number;
        /**
         * TLS from the first byte (implicit TLS, usually port 465). When false, the
         * connection is upgraded with STARTTLS if the server offers it.
         * @default false
         */
        secure?: boolean;
        /**
         * Refuse to send unless the server upgrades the connection with STARTTLS.
         * @default false
         */
        requireTLS?: boolean;
        /** Login, for servers that require one; give both or neither. */
        auth?: {
          user?: string;
          /** @visibility secret */
          pass?: string;
        };
        /**
         * Sender of reminder e-mails, e.g. `VPP for Backstage <vpp@example.com>`.
         * Required when `host` is set.
         */
        from?: string;
      };
    };
  };
}
