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
