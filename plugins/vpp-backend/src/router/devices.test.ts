import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { vppDeviceConditions } from '@internal/plugin-vpp-common';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import request from 'supertest';
import { vppPlugin } from '../plugin';
import { exampleOrgGroups } from '../__testUtils__/groups';
import { answerEvent, checkInEvent } from '../__testUtils__/nanoMdmEvents';

jest.setTimeout(60_000);

const SECRET = 'webhook-secret-webhook-secret';
const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 9, minute, 0, 0));

describe('device API', () => {
  let sim: RunningSimulator;
  let server: Parameters<typeof request>[0];
  /** What the permission policy answers, per permission name. */
  let decisions: Record<string, PolicyDecision>;
  let audits: Array<{ eventId: string; outcome: string }>;
  /** UDIDs of simulated devices, which the simulated NanoMDM accepts commands for. */
  let udids: string[];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rateLimit: false });
  });
  afterAll(() => sim.close());

  const webhook = (body: object) =>
    request(server)
      .post('/api/vpp/mdm/webhook')
      .auth('nanomdm', SECRET)
      .send(body)
      .expect(200);

  beforeEach(async () => {
    sim.mdm.reset();
    udids = [...sim.mdm.devices.all()].slice(0, 3).map(d => d.udid);
    decisions = {};
    audits = [];
    const decide = (name: string): PolicyDecision =>
      decisions[name] ?? { result: AuthorizeResult.ALLOW };
    const auditor = mockServices.auditor.mock({
      createEvent: async ({ eventId }) => ({
        success: async () => {
          audits.push({ eventId, outcome: 'success' });
        },
        fail: async () => {
          audits.push({ eventId, outcome: 'fail' });
        },
      }),
    });
    const backend = await startTestBackend({
      features: [
        vppPlugin,
        auditor.factory,
        catalogServiceMock.factory({ entities: exampleOrgGroups }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => {
              const d = decide(r.permission.name);
              return {
                result:
                  d.result === AuthorizeResult.CONDITIONAL
                    ? AuthorizeResult.DENY
                    : d.result,
              };
            }),
          authorizeConditional: async requests =>
            requests.map(r => decide(r.permission.name)),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: { baseUrl: sim.appleBaseUrl },
              mdm: {
                nanomdm: {
                  baseUrl: sim.nanomdmUrl,
                  apiKey: 'nanomdm-simulator-key',
                },
                webhook: { secret: SECRET },
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    // Three devices in three groups: Tokyo IT, Tokyo Sales, Osaka IT.
    const groups = ['tokyo-it', 'tokyo-sales', 'osaka-it'];
    for (const [i, udid] of udids.entries()) {
      await webhook(
        checkInEvent({
          topic: 'Authenticate',
          udid,
          createdAt: at(1),
          serialNumber: `SERIAL${i}`,
          group: groups[i],
        }),
      );
      await webhook(
        checkInEvent({ topic: 'TokenUpdate', udid, createdAt: at(2) }),
      );
    }
  });

  const api = () => request(server);
  const listed = async (query = '') => {
    const res = await api().get(`/api/vpp/devices${query}`).expect(200);
    return res.body as {
      items: Array<Record<string, unknown>>;
      totalCount: number;
    };
  };
  const bySerial = async (serial: string) =>
    (await listed(`?field=serialNumber&value=${serial}`)).items[0];

  const tokyoOnly = (permission: string) => {
    decisions[permission] = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'vpp',
      resourceType: 'vpp-device',
      conditions: vppDeviceConditions.isDeviceInGroup({
        groups: ['group:default/tokyo-office'],
      }),
    };
  };

  describe('GET /devices', () => {
    it('lists with paging, sorting and filters', async () => {
      const all = await listed('?sort=serialNumber&order=desc&limit=2');
      expect(all.totalCount).toBe(3);
      expect(all.items.map(d => d.serialNumber)).toEqual([
        'SERIAL2',
        'SERIAL1',
      ]);
      expect(
        (await listed('?group=tokyo-office&includeSubgroups=true')).totalCount,
      ).toBe(2);
      expect((await listed('?q=serial1')).items).toEqual([
        expect.objectContaining({ serialNumber: 'SERIAL1' }),
      ]);
      expect((await listed('?enrolled=false')).totalCount).toBe(0);
    });

    it('refuses unknown or malformed parameters with a 400 naming them', async () => {
      for (const [query, message] of [
        ['?shoeSize=42', /Unknown field shoeSize/],
        ['?field=shoeSize&value=1', /field must be one of/],
        ['?field=serialNumber', /field and value go together/],
        ['?sort=password', /sort must be one of/],
        ['?limit=100000', /limit must be between/],
        ['?installState=installed', /need an app/],
        [
          '?bundleId=x&inventoryBefore=soon',
          /inventoryBefore must be an ISO date/,
        ],
        ['?adamId=123', /bundle id of app 123 is not known/],
      ] as const) {
        const res = await api().get(`/api/vpp/devices${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
    });

    it('shows only what a conditional decision allows, and nothing on a denial', async () => {
      tokyoOnly('vpp.device.read');
      const { items } = await listed();
      expect(items.map(d => d.group).sort()).toEqual([
        'group:default/tokyo-it',
        'group:default/tokyo-sales',
      ]);
      const osaka = udids[2];
      const { body } = await api().get(`/api/vpp/devices?q=${osaka}`);
      expect(body.totalCount).toBe(0);
      decisions['vpp.device.read'] = { result: AuthorizeResult.DENY };
      expect(await listed()).toEqual({ items: [], totalCount: 0 });
    });
  });

  it('filters by install state and counts it per app', async () => {
    const [first] = udids;
    const [, list] = sim.mdm.commandLog.decoded(first);
    await webhook(
      answerEvent({
        udid: first,
        commandUuid: list.commandUuid,
        createdAt: at(3),
        report: {
          InstalledApplicationList: [
            {
              Identifier: 'com.example.notes',
              Name: 'Example Notes',
              ShortVersion: '4.1.0',
              AdamID: 6450000101,
            },
          ],
        },
      }),
    );
    expect(
      (await listed('?bundleId=com.example.notes&installState=installed'))
        .items,
    ).toEqual([expect.objectContaining({ serialNumber: 'SERIAL0' })]);
    expect(
      (await listed('?adamId=6450000101&installState=no-inventory')).totalCount,
    ).toBe(2);
    const status = await api()
      .get(
        '/api/vpp/apps/6450000101/install-status?group=tokyo-office&includeSubgroups=true',
      )
      .expect(200);
    expect(status.body).toEqual({
      adamId: '6450000101',
      bundleId: 'com.example.notes',
      noInventory: 1,
      notInstalled: 0,
      installed: 1,
      versions: [{ version: '4.1.0', count: 1 }],
    });
  });

  describe('PATCH /devices/:id', () => {
    it('updates attributes and the group, audited', async () => {
      const { id } = await bySerial('SERIAL0');
      const res = await api()
        .patch(`/api/vpp/devices/${id}`)
        .send({
          displayName: 'Front desk',
          phone1: '+81 3 1234 5678',
          group: 'osaka-it',
        })
        .expect(200);
      expect(res.body).toMatchObject({
        displayName: 'Front desk',
        phone1: '+81 3 1234 5678',
        group: 'group:default/osaka-it',
        installedApps: [],
      });
      expect(audits).toContainEqual({
        eventId: 'device-update',
        outcome: 'success',
      });
    });

    it('refuses what the import refuses, changing nothing', async () => {
      const { id } = await bySerial('SERIAL0');
      for (const [body, message] of [
        [{ email: 'not-an-address' }, /not an e-mail address/],
        [{ shoeSize: 42 }, /Unknown field shoeSize/],
        [{ displayName: 7 }, /displayName must be text or null/],
        [{ group: 'nagoya-it' }, /not in the catalog/],
        [{ group: 'user:default/taro' }, /not a group/],
      ] as const) {
        const res = await api().patch(`/api/vpp/devices/${id}`).send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
      expect(await bySerial('SERIAL0')).toMatchObject({
        email: null,
        group: 'group:default/tokyo-it',
      });
    });

    it('refuses devices outside the caller’s groups with a 403', async () => {
      tokyoOnly('vpp.device.update');
      const osaka = await bySerial('SERIAL2');
      const res = await api()
        .patch(`/api/vpp/devices/${osaka.id}`)
        .send({ notes1: 'x' });
      expect(res.status).toBe(403);
    });
  });

  describe('POST /devices/import', () => {
    it('imports JSON or text/csv, with a dry run first', async () => {
      const csv =
        'serialNumber,displayName,email\nSERIAL0,Desk,taro@example.com\n';
      const preview = await api()
        .post('/api/vpp/devices/import')
        .send({ csv, dryRun: true })
        .expect(200);
      expect(preview.body).toMatchObject({ dryRun: true, rows: 1, updated: 1 });
      expect((await bySerial('SERIAL0')).displayName).toBe('Test iPhone');

      const done = await api()
        .post('/api/vpp/devices/import')
        .set('Content-Type', 'text/csv')
        .send(csv)
        .expect(200);
      expect(done.body).toMatchObject({ dryRun: false, updated: 1 });
      expect(await bySerial('SERIAL0')).toMatchObject({
        displayName: 'Desk',
        email: 'taro@example.com',
      });
      expect(audits).toContainEqual({
        eventId: 'device-import',
        outcome: 'success',
      });
    });

    it('answers 400 listing every bad row, and writes nothing', async () => {
      const csv = [
        'serialNumber,email,notes1',
        'SERIAL0,taro@example.com,fine',
        'NOPE,,',
        'SERIAL1,hanako@,',
      ].join('\n');
      const res = await api()
        .post('/api/vpp/devices/import')
        .send({ csv })
        .expect(400);
      expect(res.body).toEqual({
        error: {
          name: 'InputError',
          message: '2 rows are bad; nothing was imported.',
        },
        response: { statusCode: 400 },
        rows: [
          { line: 3, reason: 'No device has serial number NOPE.' },
          { line: 4, reason: expect.stringMatching(/not an e-mail address/) },
        ],
      });
      expect((await bySerial('SERIAL0')).email).toBeNull();
      expect(audits).toContainEqual({
        eventId: 'device-import',
        outcome: 'fail',
      });
    });

    it('refuses a body that is neither', async () => {
      const res = await api()
        .post('/api/vpp/devices/import')
        .send({ file: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/csv is required/);
    });
  });

  it('asks devices for their inventory (POST /devices/inventory)', async () => {
    const { id } = await bySerial('SERIAL0');
    const before = sim.mdm.commandLog.decoded(udids[0]).length;
    const res = await api()
      .post('/api/vpp/devices/inventory')
      .send({ deviceIds: [id, 'nope'] })
      .expect(200);
    expect(res.body).toEqual({
      requested: 1,
      skipped: [{ id: 'nope', reason: 'No such device.' }],
    });
    expect(sim.mdm.commandLog.decoded(udids[0]).length).toBe(before + 2);
    expect(audits).toContainEqual({
      eventId: 'device-inventory-request',
      outcome: 'success',
    });
    await api()
      .post('/api/vpp/devices/inventory')
      .send({ deviceIds: [] })
      .expect(400);
  });

  it('exports the current search as CSV', async () => {
    const res = await api()
      .get(
        '/api/vpp/devices/export.csv?group=tokyo-office&includeSubgroups=true',
      )
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].split(',')).toEqual(
      expect.arrayContaining([
        'serialNumber',
        'displayName',
        'email',
        'notes3',
      ]),
    );
  });

  it('answers 404 for an unknown device', async () => {
    const res = await api().get('/api/vpp/devices/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No device nope');
  });
});
