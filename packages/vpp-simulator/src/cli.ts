/* eslint-disable no-console */
import { parseArgs } from 'node:util';
import { builtInFixtureNames } from './fixtures';
import { startSimulator, StartSimulatorOptions } from './server';

const USAGE = `Usage: yarn simulator [options]

  --port <n>                       port (default 7010; 0 = ephemeral)
  --host <host>                    interface (default 127.0.0.1)
  --seed <name|path>               fixture: ${'{names}'} or a .json/.ts file (default: default)
  --event-delay-ms <n>             async event completion delay (default 300)
  --no-rate-limit                  do not enforce maxRequestPerSecond
  --revoke-on-new-download         a token download revokes the location's older tokens
  --token-expiration-date-always   tokenExpirationDate on every response
  --errors-with-status-200         token errors as HTTP 200 with an errorNumber body
  --allow-http-notification-urls   accept http: notification URLs
  --duplicate-notification-rate <p>  probability of a duplicate notification (default 0.1)
  --state-file <path>              keep the state in this JSON file across restarts
  --quiet                          no request log lines
  --help

NanoMDM side (under /nanomdm):
  --nanomdm-api-key <key>          API key (HTTP Basic password, user nanomdm; default nanomdm-simulator-key)
  --webhook-url <url>              where webhook events are POSTed (none: only recorded)
  --webhook-user <name>            HTTP Basic user of the webhook (default nanomdm)
  --webhook-secret <secret>        HTTP Basic password (or env VPP_SIMULATOR_WEBHOOK_SECRET)
  --webhook-hmac-key <key>         sign each event (X-Hmac-Signature), as NanoMDM's -webhook-hmac-key
  --devices <n>                    generate n devices instead of the built-in ones
  --device-seed <n>                seed of the generated devices (default 1)
  --enroll-devices                 every device enrols at start (Authenticate + TokenUpdate events)
  --push-delay-ms <n>              push → check-in delay (default 50)
  --install-time-ms <n>            how long an install stays Installing (default 3000)
  --not-now-rate <p>               probability of a NotNow answer (default 0)
  --duplicate-event-rate <p>       probability of a webhook event sent twice (default 0.05)
  --out-of-order-rate <p>          probability of a webhook event held back (default 0.05)
`;

export function parseCliArgs(argv: string[]): StartSimulatorOptions & {
  help: boolean;
  quiet: boolean;
  enrollDevices: boolean;
} {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'event-delay-ms': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      'revoke-on-new-download': { type: 'boolean' },
      'token-expiration-date-always': { type: 'boolean' },
      'errors-with-status-200': { type: 'boolean' },
      'allow-http-notification-urls': { type: 'boolean' },
      'duplicate-notification-rate': { type: 'string' },
      'state-file': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'nanomdm-api-key': { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-user': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'webhook-hmac-key': { type: 'string' },
      devices: { type: 'string' },
      'device-seed': { type: 'string' },
      'enroll-devices': { type: 'boolean' },
      'push-delay-ms': { type: 'string' },
      'install-time-ms': { type: 'string' },
      'not-now-rate': { type: 'string' },
      'duplicate-event-rate': { type: 'string' },
      'out-of-order-rate': { type: 'string' },
    },
  });
  const number = (name: string, text: string | undefined) => {
    if (text === undefined) {
      return undefined;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`--${name} needs a non-negative number, got ${text}`);
    }
    return value;
  };
  const deviceCount = number('devices', values.devices);
  return {
    help: values.help ?? false,
    quiet: values.quiet ?? false,
    enrollDevices: values['enroll-devices'] ?? false,
    mdm: {
      apiKey: values['nanomdm-api-key'],
      webhookUrl: values['webhook-url'],
      webhookUsername: values['webhook-user'],
      webhookPassword:
        values['webhook-secret'] ?? process.env.VPP_SIMULATOR_WEBHOOK_SECRET,
      webhookHmacKey: values['webhook-hmac-key'],
      devices:
        deviceCount === undefined
          ? undefined
          : {
              generate: Math.floor(deviceCount),
              seed: number('device-seed', values['device-seed']),
            },
      switches: {
        pushDelayMs: number('push-delay-ms', values['push-delay-ms']),
        installTimeMs: number('install-time-ms', values['install-time-ms']),
        notNowRate: number('not-now-rate', values['not-now-rate']),
        duplicateEventRate: number(
          'duplicate-event-rate',
          values['duplicate-event-rate'],
        ),
        outOfOrderRate: number(
          'out-of-order-rate',
          values['out-of-order-rate'],
        ),
      },
    },
    port: number('port', values.port) ?? 7010,
    host: values.host ?? '127.0.0.1',
    fixture: values.seed ?? 'default',
    eventDelayMs: number('event-delay-ms', values['event-delay-ms']),
    rateLimit: values['no-rate-limit'] ? false : undefined,
    revokeOnNewDownload: values['revoke-on-new-download'] || undefined,
    tokenExpirationDateAlways:
      values['token-expiration-date-always'] || undefined,
    errorsWithStatus200: values['errors-with-status-200'] || undefined,
    allowHttpNotificationUrls:
      values['allow-http-notification-urls'] || undefined,
    duplicateNotificationRate: number(
      'duplicate-notification-rate',
      values['duplicate-notification-rate'],
    ),
    stateFile: values['state-file'],
  };
}

async function main() {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(String((error as Error).message));
    console.error(USAGE.replace('{names}', builtInFixtureNames().join(', ')));
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE.replace('{names}', builtInFixtureNames().join(', ')));
    return;
  }
  const { help: _help, quiet, enrollDevices, ...startOptions } = options;
  const simulator = await startSimulator({
    ...startOptions,
    logger: quiet ? undefined : line => console.log(line),
  });
  const { baseUrl, state } = simulator;
  console.log(`VPP simulator (fixture "${state.fixture.name}") listening`);
  if (startOptions.stateFile) {
    console.log(
      `  state ${simulator.restored ? 'restored from' : 'kept in'}:        ${
        startOptions.stateFile
      }`,
    );
  }
  console.log(`  Apple Apps and Books API v2: ${simulator.appleBaseUrl}`);
  console.log(
    `  service config:              ${simulator.appleBaseUrl}/service/config`,
  );
  console.log(
    `  iTunes lookup:               ${simulator.lookupUrl}?id=<adamId>&country=JP`,
  );
  console.log(`  ABM token download:          ${baseUrl}/abm/locations`);
  console.log(`  control API:                 ${baseUrl}/control`);
  console.log(
    `  NanoMDM API:                 ${simulator.nanomdmUrl} (${
      simulator.mdm.devices.size
    } devices; webhook ${simulator.mdm.webhookTarget.url ?? 'off'})`,
  );
  if (enrollDevices) {
    console.log(`  enrolled ${simulator.mdm.enrollAll()} devices`);
  }
  console.log('Locations and tokens (Authorization: Bearer <token>):');
  for (const location of state.listLocations()) {
    console.log(
      `  ${location.id}  ${location.name} (${location.countryISO2ACode}, uId ${location.uId})`,
    );
    for (const token of state.listTokens(location.id)) {
      console.log(
        `    ${token.id} expires ${token.expDate}: ${token.fileContent}`,
      );
    }
  }
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
