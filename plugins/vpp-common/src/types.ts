/**
 * What `GET /api/vpp/health` answers. Open without sign-in, like Backstage's own
 * plugins' health routes, so operators and load balancers can probe it.
 *
 * @public
 */
export interface VppHealth {
  status: 'ok';
  /** Version of the vpp-backend plugin package. */
  version: string;
  database: {
    /** Knex client in use, e.g. `better-sqlite3` or `pg`. */
    client: string;
  };
  apple: {
    /** Base URL of Apple's Apps and Books API v2 that this backend talks to. */
    baseUrl: string;
    /** True when the base URL points at the local simulator rather than Apple. */
    simulated: boolean;
  };
}
