import { VppHealth } from '@internal/plugin-vpp-common';
import { Knex } from 'knex';
import { version } from '../../package.json';

import { APPLE_VPP_BASE_URL } from '../apple/AppleVppClient';

export { APPLE_VPP_BASE_URL };

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
