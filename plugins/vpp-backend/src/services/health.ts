import { VppHealth } from '@internal/plugin-vpp-common';
import { Knex } from 'knex';
import { version } from '../../package.json';

/** Apple's production endpoint; anything else is treated as a simulator or a proxy. */
export const APPLE_VPP_BASE_URL = 'https://vpp.itunes.apple.com/mdm/v2';

/** Builds the health answer once at start-up; nothing in it changes while running. */
export function describeHealth(options: {
  knex: Knex;
  appleBaseUrl: string;
}): VppHealth {
  const client = options.knex.client.config.client;
  return {
    status: 'ok',
    version,
    database: {
      client: typeof client === 'string' ? client : options.knex.client.dialect,
    },
    apple: {
      baseUrl: options.appleBaseUrl,
      simulated: options.appleBaseUrl !== APPLE_VPP_BASE_URL,
    },
  };
}
