export interface Config {
  /** Configuration of the VPP (Apple Apps and Books) plugins. */
  vpp?: {
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
