import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import request from 'supertest';
import { format } from 'node:util';
import { vppPlugin } from '../plugin';
import { exampleOrgGroups } from '../__testUtils__/groups';
import { answerEvent, checkInEvent } from '../__testUtils__/nanoMdmEvents';

jest.setTimeout(60_000);

const SECRET = 'webhook-secret-webhook-secret';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 9, minute, 0, 0));

describe('POST /api/vpp/mdm/webhook', () => {
  let sim: RunningSimulator;
  let server: Parameters<typeof request>[0];
  const logs: string[] = [];
  const answers: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      rateLimit: false,
      mdm: { switches: { notNowRate: 0, duplicateEventRate: 0 } },
    });
    for (const level of ['error', 'warn', 'info', 'debug'] as const) {
      jest
        .spyOn(console, level)
        .mockImplementation((...args) => logs.push(format(...args)));
    }
  });
  afterAll(() => sim.close());

  beforeEach(async () => {
    sim.mdm.reset();
    const backend = await startTestBackend({
      features: [
        vppPlugin,
        mockServices.rootLogger.factory({ level: 'debug' }),
        catalogServiceMock.factory({ entities: exampleOrgGroups }),
        mockServices.rootConfig.factory({
          data: {
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: { baseUrl: sim.appleBaseUrl },
              mdm: {
                connector: 'nanomdm',
                nanomdm: {
                  baseUrl: sim.nanomdmUrl,
                  apiKey: 'nanomdm-simulator-key',
                },
                webhook: { secret: SECRET },
              },
              devices: { defaultGroup: 'group:default/unassigned-devices' },
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  const post = (body: unknown, authorization = basic('nanomdm', SECRET)) =>
    request(server)
      .post('/api/vpp/mdm/webhook')
      .set('Authorization', authorization)
      .send(body as object)
      .then(res => {
        answers.push(res.text);
        return res;
      });
  const devices = async () =>
    (await request(server).get('/api/vpp/devices?sort=serialNumber')).body;

  it('refuses requests without the shared secret, in any form', async () => {
    const event = checkInEvent({
      topic: 'Authenticate',
      udid: 'UDID-1',
      createdAt: at(1),
    });
    for (const authorization of [
      '',
      basic('nanomdm', 'wrong'),
      basic('nanomdm', `${SECRET}x`),
      `Bearer ${SECRET}`,
      'Basic !!!',
    ]) {
      const res = await post(event, authorization);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    }
    expect((await devices()).totalCount).toBe(0);
  });

  it('takes any user name with the secret', async () => {
    const res = await post(
      checkInEvent({ topic: 'Authenticate', udid: 'UDID-1', createdAt: at(1) }),
      basic('vpp', SECRET),
    );
    expect(res.status).toBe(200);
  });

  it('answers 400 with the reason for a malformed event and changes nothing', async () => {
    const good = checkInEvent({
      topic: 'Authenticate',
      udid: 'UDID-1',
      createdAt: at(1),
    });
    const cases: Array<[unknown, RegExp]> = [
      [{ ...good, topic: undefined }, /topic is missing/],
      [{ ...good, created_at: 'yesterday' }, /created_at/],
      [
        {
          ...good,
          checkin_event: {
            ...good.checkin_event,
            raw_payload: 'bm90IGEgcGxpc3Q=',
          },
        },
        /raw_payload/,
      ],
    ];
    for (const [body, reason] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(reason);
    }
    const notJson = await request(server)
      .post('/api/vpp/mdm/webhook')
      .set('Authorization', basic('nanomdm', SECRET))
      .set('Content-Type', 'application/json')
      .send('{"topic":');
    expect(notJson.status).toBe(400);
    expect((await devices()).totalCount).toBe(0);
  });

  it('creates, enrols and checks out a device; repeated and late events change nothing', async () => {
    const udid = [...sim.mdm.devices.all()][0].udid;
    const authenticate = checkInEvent({
      topic: 'Authenticate',
      udid,
      createdAt: at(1),
      serialNumber: 'DMPTK0001',
      group: 'tokyo-it',
    });
    const tokenUpdate = checkInEvent({
      topic: 'TokenUpdate',
      udid,
      createdAt: at(2),
    });
    for (const event of [
      authenticate,
      tokenUpdate,
      tokenUpdate,
      authenticate,
    ]) {
      expect((await post(event)).status).toBe(200);
    }
    const { items } = await devices();
    expect(items).toEqual([
      expect.objectContaining({
        udid,
        serialNumber: 'DMPTK0001',
        platform: 'ios',
        enrolled: true,
        group: 'group:default/tokyo-it',
        lastCheckInAt: at(2).toISOString(),
      }),
    ]);
    // One DeviceInformation and one InstalledApplicationList, despite the repeat.
    expect(sim.mdm.commandLog.decoded(udid).map(c => c.requestType)).toEqual([
      'DeviceInformation',
      'InstalledApplicationList',
    ]);

    await post(checkInEvent({ topic: 'CheckOut', udid, createdAt: at(5) }));
    // A TokenUpdate from before the check-out arrives late.
    await post(checkInEvent({ topic: 'TokenUpdate', udid, createdAt: at(4) }));
    expect((await devices()).items[0]).toMatchObject({ enrolled: false });
  });

  it('stores the installed apps a device reports', async () => {
    const udid = [...sim.mdm.devices.all()][0].udid;
    await post(checkInEvent({ topic: 'Authenticate', udid, createdAt: at(1) }));
    await post(checkInEvent({ topic: 'TokenUpdate', udid, createdAt: at(2) }));
    const [, list] = sim.mdm.commandLog.decoded(udid);
    const res = await post(
      answerEvent({
        udid,
        commandUuid: list.commandUuid,
        createdAt: at(3),
        report: {
          InstalledApplicationList: [
            {
              Identifier: 'com.example.notes',
              Name: 'Example Notes',
              ShortVersion: '4.1.0',
              Version: '410',
              IsValidated: true,
            },
          ],
        },
      }),
    );
    expect(res.status).toBe(200);
    const { items } = await devices();
    const detail = await request(server).get(`/api/vpp/devices/${items[0].id}`);
    expect(detail.body).toMatchObject({
      inventoryAt: at(3).toISOString(),
      installedApps: [
        expect.objectContaining({
          bundleId: 'com.example.notes',
          name: 'Example Notes',
          version: '4.1.0',
        }),
      ],
    });
  });

  it('never shows the secret in answers or logs', () => {
    expect([...answers, ...logs].join('\n')).not.toContain(SECRET);
  });
});
