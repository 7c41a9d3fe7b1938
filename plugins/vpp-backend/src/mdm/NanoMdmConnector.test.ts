import { ConfigReader } from '@backstage/config';
import plist from 'plist';
import type {
  MdmAppInstall,
  MdmSendRequest,
  MdmTarget,
} from '@internal/plugin-vpp-node';
import { Clock } from '../apple/clock';
import { MdmCommandInputError } from './commands';
import { MdmUnreachableError } from './errors';
import {
  NanoMdmConnector,
  nanoMdmConnectorFactory,
  planDeliveries,
} from './NanoMdmConnector';
import { NanoMdmClient } from './NanoMdmClient';
import { checkCommandPlist } from './__testUtils__/appleSchema';
import {
  commandOf,
  NanoMdmTestServer,
  PostgresLikeNanoMdm,
} from './__testUtils__/nanoMdmServer';

const API_KEY = 'nanomdm-api-key-s3cret';
const COMMAND_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

const immediateClock: Clock = {
  now: () => 0,
  sleep: (_ms, signal) =>
    signal
      ? new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        )
      : Promise.resolve(),
};

const TARGETS: MdmTarget[] = [
  { enrollmentId: 'IPHONE-IOS13', platform: 'ios', osVersion: '13.7' },
  { enrollmentId: 'IPHONE-IOS17', platform: 'ios', osVersion: '17.4.1' },
  { enrollmentId: 'IPAD-IOS16', platform: 'ipados', osVersion: '16.6' },
  { enrollmentId: 'MAC-14', platform: 'macos', osVersion: '14.5' },
];

const APP: MdmAppInstall = {
  adamId: '361309726',
  bundleId: 'com.example.app',
  platform: 'ios',
  removeWithMdmProfile: true,
  preventBackup: false,
  removable: false,
};

describe('NanoMdmConnector', () => {
  let server: NanoMdmTestServer;
  let nanomdm: PostgresLikeNanoMdm;
  let connector: NanoMdmConnector;

  beforeEach(async () => {
    nanomdm = new PostgresLikeNanoMdm(
      API_KEY,
      new Set(TARGETS.map(t => t.enrollmentId)),
    );
    server = await NanoMdmTestServer.start(request => nanomdm.handle(request));
    connector = new NanoMdmConnector({
      baseUrl: server.baseUrl,
      apiKey: API_KEY,
      clock: immediateClock,
      retry: { maxAttempts: 2 },
    });
  });

  afterEach(() => server.close());

  const enqueued = () =>
    server.requests
      .filter(r => r.url.includes('/enqueue/'))
      .map(r => ({ ids: r.ids, body: r.body, ...commandOf(r.body) }));

  it('installs an app with one command per distinct body, each valid for its devices', async () => {
    const request: MdmSendRequest = {
      commandId: COMMAND_ID,
      action: { type: 'install-app', app: APP },
      targets: TARGETS,
    };
    const result = await connector.send(request);

    // iOS 13 (no Removable), iOS/iPadOS 14+ (Removable), macOS (InstallAsManaged).
    const requests = enqueued();
    expect(requests.map(r => r.ids)).toEqual([
      ['IPHONE-IOS13'],
      ['IPAD-IOS16', 'IPHONE-IOS17'],
      ['MAC-14'],
    ]);
    for (const { ids, body } of requests) {
      for (const id of ids) {
        const target = TARGETS.find(t => t.enrollmentId === id)!;
        expect({ id, problems: checkCommandPlist(body, target) }).toEqual({
          id,
          problems: [],
        });
      }
    }
    const commands = requests.map(r => (plist.parse(r.body) as any).Command);
    expect(commands[0].Attributes).toBeUndefined();
    expect(commands[1].Attributes).toEqual({ Removable: false });
    expect(commands[2].InstallAsManaged).toBe(true);

    // Variant ids are derived from the request's id and the body.
    const uuids = requests.map(r => r.commandUuid);
    expect(new Set(uuids).size).toBe(3);
    expect(uuids).not.toContain(COMMAND_ID);
    expect(result.commandId).toBe(COMMAND_ID);
    expect(result.results).toEqual([
      { enrollmentId: 'IPHONE-IOS13', commandId: uuids[0], queued: true },
      { enrollmentId: 'IPHONE-IOS17', commandId: uuids[1], queued: true },
      { enrollmentId: 'IPAD-IOS16', commandId: uuids[1], queued: true },
      { enrollmentId: 'MAC-14', commandId: uuids[2], queued: true },
    ]);

    // A retried send derives the same ids and finds them queued.
    const again = await connector.send({
      ...request,
      targets: [...TARGETS].reverse(),
    });
    expect(
      again.results.map(r => [r.enrollmentId, r.commandId, r.queued]).sort(),
    ).toEqual(
      result.results.map(r => [r.enrollmentId, r.commandId, true]).sort(),
    );
    expect([...nanomdm.stored.keys()].sort()).toEqual([...uuids].sort());
  });

  it('keeps the request id when every target takes the same body', async () => {
    const result = await connector.send({
      commandId: COMMAND_ID,
      action: { type: 'install-app', app: APP },
      targets: TARGETS.slice(1, 3),
    });
    expect(result.results.map(r => r.commandId)).toEqual([
      COMMAND_ID,
      COMMAND_ID,
    ]);
  });

  it.each<[MdmSendRequest['action'], string, Record<string, unknown>]>([
    [
      { type: 'remove-app', bundleId: 'com.example.app' },
      'RemoveApplication',
      { Identifier: 'com.example.app' },
    ],
    [
      { type: 'installed-apps' },
      'InstalledApplicationList',
      { ManagedAppsOnly: false },
    ],
    [
      { type: 'installed-apps', bundleIds: ['com.a'] },
      'InstalledApplicationList',
      { ManagedAppsOnly: false, Identifiers: ['com.a'] },
    ],
    [
      { type: 'managed-apps', bundleIds: ['com.a'] },
      'ManagedApplicationList',
      { Identifiers: ['com.a'] },
    ],
    [
      { type: 'device-information' },
      'DeviceInformation',
      { Queries: expect.arrayContaining(['SerialNumber', 'WiFiMAC']) },
    ],
  ])('sends %j as one %s command', async (action, requestType, keys) => {
    const result = await connector.send({
      commandId: COMMAND_ID,
      action,
      targets: TARGETS,
    });
    const [request, ...rest] = enqueued();
    expect(rest).toEqual([]);
    expect(request.commandUuid).toBe(COMMAND_ID);
    expect(request.requestType).toBe(requestType);
    expect((plist.parse(request.body) as any).Command).toEqual({
      RequestType: requestType,
      ...keys,
    });
    expect(
      result.results.every(r => r.queued && r.commandId === COMMAND_ID),
    ).toBe(true);
  });

  it('sends several actions with every command queued before one push per device', async () => {
    const second = 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    const targets = TARGETS.slice(1, 3);
    const results = await connector.sendMany([
      {
        commandId: COMMAND_ID,
        action: { type: 'install-app', app: APP },
        targets,
      },
      {
        commandId: second,
        action: {
          type: 'install-app',
          app: { ...APP, adamId: '408709785', bundleId: 'com.example.b' },
        },
        targets,
      },
    ]);
    expect(results.map(r => r.commandId)).toEqual([COMMAND_ID, second]);
    expect(results.map(r => r.results.map(t => t.commandId))).toEqual([
      [COMMAND_ID, COMMAND_ID],
      [second, second],
    ]);
    // Both enqueues without a push, then one push naming each device once.
    const kinds = server.requests.map(r => {
      if (r.url.includes('/enqueue/')) {
        return `enqueue${r.url.includes('nopush=1') ? ' nopush' : ''}`;
      }
      return r.url.includes('/push/') ? `push ${[...r.ids].sort()}` : r.url;
    });
    expect(kinds).toEqual([
      'enqueue nopush',
      'enqueue nopush',
      'push IPAD-IOS16,IPHONE-IOS17',
    ]);
  });

  it('reports unknown devices as not queued and push failures as queued', async () => {
    nanomdm = new PostgresLikeNanoMdm(
      API_KEY,
      new Set(['IPHONE-IOS17', 'IPAD-IOS16']),
      new Set(['IPAD-IOS16']),
    );
    const result = await connector.send({
      commandId: COMMAND_ID,
      action: { type: 'device-information' },
      targets: [...TARGETS, TARGETS[1]],
    });
    expect(result.results).toEqual([
      {
        enrollmentId: 'IPHONE-IOS13',
        commandId: expect.any(String),
        queued: false,
        error: expect.stringContaining('does not know'),
      },
      {
        enrollmentId: 'IPHONE-IOS17',
        commandId: expect.any(String),
        queued: true,
      },
      {
        enrollmentId: 'IPAD-IOS16',
        commandId: expect.any(String),
        queued: true,
        pushError: 'push data missing for id',
      },
      {
        enrollmentId: 'MAC-14',
        commandId: expect.any(String),
        queued: false,
        error: expect.stringContaining('does not know'),
      },
    ]);
  });

  it('sends nothing for an action no command can be built from', async () => {
    await expect(
      connector.send({
        commandId: COMMAND_ID,
        action: {
          type: 'install-app',
          app: { ...APP, adamId: 'not-a-number' },
        },
        targets: TARGETS,
      }),
    ).rejects.toBeInstanceOf(MdmCommandInputError);
    await expect(
      connector.send({
        commandId: ' ',
        action: { type: 'device-information' },
        targets: TARGETS,
      }),
    ).rejects.toThrow('commandId must be a non-empty string');
    await expect(
      connector.send({
        commandId: COMMAND_ID,
        action: { type: 'reboot' } as any,
        targets: TARGETS,
      }),
    ).rejects.toThrow('Unknown MDM action "reboot"');
    expect(server.requests).toEqual([]);
  });

  it('rejects when NanoMDM cannot be reached', async () => {
    server.handler = () => ({ status: 503, headers: {}, body: 'down' });
    await expect(
      connector.send({
        commandId: COMMAND_ID,
        action: { type: 'device-information' },
        targets: TARGETS,
      }),
    ).rejects.toBeInstanceOf(MdmUnreachableError);
  });

  it('parses webhooks', () => {
    expect(connector.name).toBe('nanomdm');
    expect(
      connector.parseWebhook({
        headers: {},
        body: { topic: 'mdm.GetToken', created_at: '2026-12-06T15:55:59Z' },
      }),
    ).toEqual([]);
  });
});

describe('planDeliveries', () => {
  it('derives variant ids from the request id and the body', () => {
    const deliveries = planDeliveries({
      commandId: COMMAND_ID,
      action: { type: 'install-app', app: APP },
      targets: TARGETS,
    });
    expect(deliveries.map(d => d.enrollmentIds)).toEqual([
      ['IPHONE-IOS13'],
      ['IPHONE-IOS17', 'IPAD-IOS16'],
      ['MAC-14'],
    ]);
    for (const delivery of deliveries) {
      expect(delivery.commandUuid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/,
      );
      expect(delivery.commandUuid).not.toBe(COMMAND_ID);
    }
    expect(
      planDeliveries({
        commandId: COMMAND_ID,
        action: { type: 'install-app', app: APP },
        targets: TARGETS,
      }).map(d => d.commandUuid),
    ).toEqual(deliveries.map(d => d.commandUuid));
  });
});

const silentLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

describe('nanoMdmConnectorFactory', () => {
  const create = (config: object) =>
    nanoMdmConnectorFactory.create({
      config: new ConfigReader(config),
      logger: silentLogger,
    }) as NanoMdmConnector;

  it('reads vpp.mdm.nanomdm', () => {
    const connector = create({
      baseUrl: 'http://127.0.0.1:7010/nanomdm/',
      apiKey: API_KEY,
      batchSize: 100,
      timeout: { seconds: 5 },
      maxAttempts: 2,
    });
    expect(nanoMdmConnectorFactory.name).toBe('nanomdm');
    expect(connector).toBeInstanceOf(NanoMdmConnector);
    expect(connector.client).toBeInstanceOf(NanoMdmClient);
    expect(connector.client.toJSON()).toEqual({
      baseUrl: 'http://127.0.0.1:7010/nanomdm',
      batchSize: 100,
    });
  });

  it('defaults the batch size to 500 and accepts ISO durations', () => {
    const connector = create({
      baseUrl: 'https://mdm.example.com',
      apiKey: API_KEY,
      timeout: 'PT10S',
    });
    expect(connector.client.batchSize).toBe(500);
  });

  it('names what is missing or wrong', () => {
    expect(() => create({ baseUrl: 'https://mdm.example.com' })).toThrow(
      "Missing required config value at 'apiKey'",
    );
    expect(() => create({ apiKey: API_KEY })).toThrow(
      "Missing required config value at 'baseUrl'",
    );
    expect(() =>
      create({
        baseUrl: 'https://mdm.example.com',
        apiKey: API_KEY,
        timeout: 'soon',
      }),
    ).toThrow('Invalid duration in vpp.mdm.nanomdm.timeout');
  });
});
