import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import plist from 'plist';
import { RunningSimulator } from '../server';
import {
  ReceivedNotification,
  startNotificationReceiver,
  startTestSimulator,
} from '../testUtils';
import { defaultDevices } from './fixtures';
import { seededRandom } from './random';
import { commandPlist, deviceBySerial, nanoClient } from './testUtils';
import { NanoClock } from './webhook';

const API_KEY = 'webhook-test-key';
const SECRET = 'webhook-secret';

function decodePayload(event: any): Record<string, any> {
  const inner = event.checkin_event ?? event.acknowledge_event;
  return plist.parse(
    Buffer.from(inner.raw_payload, 'base64').toString('utf8'),
  ) as Record<string, any>;
}

describe('webhook events', () => {
  let receiver: Awaited<ReturnType<typeof startNotificationReceiver>>;
  let sim: RunningSimulator;

  beforeAll(async () => {
    receiver = await startNotificationReceiver();
  });
  afterAll(() => receiver.close());
  afterEach(async () => {
    await sim?.close();
    receiver.received.length = 0;
  });

  async function start(
    switches: Record<string, number>,
    seed = 1,
  ): Promise<RunningSimulator> {
    sim = await startTestSimulator({
      mdm: {
        apiKey: API_KEY,
        webhookUrl: receiver.url,
        webhookPassword: SECRET,
        // Two fixture devices are enough here.
        devices: defaultDevices.filter(d =>
          ['DMPTK0001', 'C02US0001'].includes(d.serialNumber),
        ),
        random: seededRandom(seed),
        switches: {
          pushDelayMs: 0,
          duplicateEventRate: 0,
          outOfOrderRate: 0,
          ...switches,
        },
      },
    });
    return sim;
  }

  it('posts enrolment as Authenticate then TokenUpdate, with Basic auth and the v0.9.0 shape', async () => {
    await start({});
    const device = deviceBySerial(sim, 'DMPTK0001');
    sim.mdm.enroll(device.udid);
    await sim.mdm.idle();
    await receiver.waitFor(2);
    const [authenticate, tokenUpdate] = receiver.received;
    for (const received of receiver.received) {
      expect(received.authorization).toBe(
        `Basic ${Buffer.from(`nanomdm:${SECRET}`).toString('base64')}`,
      );
      expect(received.contentType).toBe('application/json; charset=utf-8');
    }
    expect(authenticate.body).toEqual({
      topic: 'mdm.Authenticate',
      event_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      created_at: expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/,
      ),
      checkin_event: {
        udid: device.udid,
        ids: { id: device.udid, type: 'Device' },
        url_params: { group: 'tokyo-it' },
        raw_payload: expect.any(String),
      },
    });
    expect(decodePayload(authenticate.body)).toMatchObject({
      MessageType: 'Authenticate',
      SerialNumber: 'DMPTK0001',
      UDID: device.udid,
      ProductName: 'iPhone15,4',
      OSVersion: '18.2',
    });
    expect(tokenUpdate.body.topic).toBe('mdm.TokenUpdate');
    expect(tokenUpdate.body.checkin_event.token_update_tally).toBe(1);
    expect(decodePayload(tokenUpdate.body)).toMatchObject({
      MessageType: 'TokenUpdate',
      Token: expect.any(Buffer),
    });
    expect(Date.parse(tokenUpdate.body.created_at)).toBeGreaterThanOrEqual(
      Date.parse(authenticate.body.created_at),
    );
  });

  it('posts a CheckOut, and omits url_params for a device without a group', async () => {
    await start({});
    const device = deviceBySerial(sim, 'C02US0001');
    sim.mdm.checkOut(device.udid);
    await sim.mdm.idle();
    await receiver.waitFor(1);
    const { body } = receiver.received[0];
    expect(body.topic).toBe('mdm.CheckOut');
    expect(body.checkin_event.url_params).toBeUndefined();
    expect(decodePayload(body).MessageType).toBe('CheckOut');
  });

  it('posts mdm.Connect for Idle and for each answer, with the command UUID and the raw report', async () => {
    await start({});
    const device = deviceBySerial(sim, 'DMPTK0001');
    const nano = nanoClient(sim, API_KEY);
    await nano.enqueue(
      device.udid,
      commandPlist('InstallApplication', { iTunesStoreID: 6450000105 }, 'c-1'),
    );
    await sim.mdm.idle();
    await receiver.waitFor(2);
    const [idle, answer] = receiver.received.map(r => r.body);
    expect(idle.topic).toBe('mdm.Connect');
    expect(idle.acknowledge_event).toEqual({
      udid: device.udid,
      ids: { id: device.udid, type: 'Device' },
      status: 'Idle',
      url_params: { group: 'tokyo-it' },
      raw_payload: expect.any(String),
    });
    expect(answer.acknowledge_event).toMatchObject({
      status: 'Error',
      command_uuid: 'c-1',
    });
    // macOS-only app on an iPhone.
    expect(decodePayload(answer)).toMatchObject({
      CommandUUID: 'c-1',
      Status: 'Error',
      UDID: device.udid,
      ErrorChain: [{ ErrorCode: 12036 }],
    });
  });

  it('sends some events twice and some late, deterministically for a seed', async () => {
    const run = async () => {
      await start({
        duplicateEventRate: 0.3,
        outOfOrderRate: 0.3,
        outOfOrderDelayMs: 20,
      });
      sim.mdm.enrollAll();
      sim.mdm.enrollAll();
      sim.mdm.enrollAll();
      await sim.mdm.idle();
      const created = sim.mdm.webhook.events.map(e => e.event_id);
      const received = receiver.received.map(
        (r: ReceivedNotification) => r.body.event_id,
      );
      const stats = { ...sim.mdm.webhook.stats };
      await sim.close();
      receiver.received.length = 0;
      return { created, received, stats };
    };
    const first = await run();
    expect(first.created).toHaveLength(12);
    expect(first.received.length).toBe(12 + first.stats.duplicates);
    expect(first.stats.duplicates).toBeGreaterThan(0);
    expect(first.stats.delayed).toBeGreaterThan(0);
    // Every event arrived; some twice; the arrival order differs from the creation order.
    expect(new Set(first.received)).toEqual(new Set(first.created));
    expect(first.received.slice(0, 12)).not.toEqual(first.created);

    const second = await run();
    expect(second.stats).toEqual(first.stats);
  });

  it('does not retry: a non-200 answer is only logged', async () => {
    const lines: string[] = [];
    sim = await startTestSimulator({
      mdm: {
        webhookUrl: receiver.url,
        webhookPassword: SECRET,
        logger: line => lines.push(line),
        switches: { duplicateEventRate: 0, outOfOrderRate: 0 },
      },
    });
    receiver.respondWith(500, 500);
    sim.mdm.enroll(deviceBySerial(sim, 'DMPTK0002').udid);
    await sim.mdm.idle();
    expect(receiver.received).toHaveLength(0);
    expect(sim.mdm.webhook.stats).toMatchObject({ sent: 0, failed: 2 });
    expect(lines.join('\n')).toContain('unexpected HTTP status: 500');
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('gives up on a receiver that does not answer within the timeout, and goes on', async () => {
    const silent = createServer(() => {
      // Never answers.
    });
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    try {
      sim = await startTestSimulator({
        mdm: {
          webhookUrl: `http://127.0.0.1:${
            (silent.address() as AddressInfo).port
          }/webhook`,
          logger: line => lines.push(line),
          switches: {
            duplicateEventRate: 0,
            outOfOrderRate: 0,
            webhookTimeoutMs: 200,
          },
        },
      });
      sim.mdm.enroll(deviceBySerial(sim, 'DMPTK0002').udid);
      await sim.mdm.idle();
      expect(sim.mdm.webhook.stats).toMatchObject({ sent: 0, failed: 2 });
      expect(sim.mdm.webhook.deliveries.every(d => d.error)).toBe(true);
      expect(lines).toHaveLength(2);
    } finally {
      await sim.close();
      silent.closeAllConnections();
      await new Promise(resolve => silent.close(resolve));
    }
  });

  it('takes credentials from the webhook URL, as NanoMDM does', async () => {
    const url = new URL(receiver.url);
    url.username = 'vpp';
    url.password = 'in-url-secret';
    sim = await startTestSimulator({
      mdm: {
        webhookUrl: url.toString(),
        switches: { duplicateEventRate: 0, outOfOrderRate: 0 },
      },
    });
    expect(sim.mdm.webhookTarget.url).toBe(receiver.url);
    sim.mdm.enroll(deviceBySerial(sim, 'DMPTK0002').udid);
    await sim.mdm.idle();
    expect(receiver.received[0].authorization).toBe(
      `Basic ${Buffer.from('vpp:in-url-secret').toString('base64')}`,
    );
  });
});

describe('signed webhook events', () => {
  it('signs each body with the HMAC key, as NanoMDM -webhook-hmac-key does', async () => {
    const receiver = await startNotificationReceiver();
    const sim = await startTestSimulator({
      mdm: {
        webhookUrl: receiver.url,
        webhookPassword: SECRET,
        webhookHmacKey: 'hmac-key',
        switches: { duplicateEventRate: 0, outOfOrderRate: 0 },
      },
    });
    try {
      sim.mdm.enroll(deviceBySerial(sim, 'DMPTK0002').udid);
      await sim.mdm.idle();
      expect(receiver.received.length).toBeGreaterThan(0);
      for (const { raw, signature } of receiver.received) {
        expect(signature).toBe(
          createHmac('sha256', 'hmac-key').update(raw).digest('base64'),
        );
      }
    } finally {
      await sim.close();
      await receiver.close();
    }
  });

  it('sends no signature without a key', async () => {
    const receiver = await startNotificationReceiver();
    const sim = await startTestSimulator({
      mdm: {
        webhookUrl: receiver.url,
        switches: { duplicateEventRate: 0, outOfOrderRate: 0 },
      },
    });
    try {
      sim.mdm.enroll(deviceBySerial(sim, 'DMPTK0002').udid);
      await sim.mdm.idle();
      expect(receiver.received.length).toBeGreaterThan(0);
      expect(receiver.received.map(r => r.signature)).not.toContain(
        expect.any(String),
      );
    } finally {
      await sim.close();
      await receiver.close();
    }
  });
});

describe('NanoClock', () => {
  it('gives strictly increasing RFC 3339 timestamps with nanoseconds', () => {
    const clock = new NanoClock();
    const stamps = Array.from({ length: 1000 }, () => clock.now());
    // Go trims trailing zeros, so compare as numbers, not strings.
    const nanos = (stamp: string) => {
      const [, seconds, fraction = ''] = /^(.*?)(?:\.(\d+))?Z$/.exec(stamp)!;
      return (
        BigInt(Date.parse(`${seconds}Z`)) * 1_000_000n +
        BigInt(fraction.padEnd(9, '0'))
      );
    };
    for (let i = 1; i < stamps.length; i++) {
      expect(nanos(stamps[i]) > nanos(stamps[i - 1])).toBe(true);
    }
    expect(stamps[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});
