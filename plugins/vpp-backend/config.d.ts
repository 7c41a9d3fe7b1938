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
         * @default { frequency: { hours: 24 }, timeout: { minutes: 30 }, initialDelay: { minutes: 2 } }
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /** Sync of purchased apps, books and license assignments (R-SYNC-1, R-SYNC-2). */
    sync?: {
      /**
       * When the scheduled sync of every token runs (global scope: one instance at a time).
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
    /** How this installation identifies itself to Apple in `mdmInfo` (R-TOK-3). */
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
    };
    apple?: {
      /**
       * Base URL of Apple's Apps and Books API v2.
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
    };
  };
}
