import { commandPlist, nanoClient } from '../mdm/testUtils';
import { RunningSimulator } from '../server';
import { request, startTestSimulator } from '../testUtils';

const API_KEY = 'control-test-key';

describe('MDM control API', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator({
      mdm: {
        apiKey: API_KEY,
        switches: {
          pushDelayMs: 0,
          duplicateEventRate: 0,
          outOfOrderRate: 0,
        },
      },
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.mdm.reset());
  afterEach(() => sim.mdm.idle());

  const control = (path: string, method = 'GET', body?: unknown) =>
    request(`${sim.baseUrl}/control/mdm${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const udidOf = (serial: string) =>
    sim.mdm.devices.bySerialNumber(serial)!.udid;

  it('lists its routes and 404s unknown ones', async () => {
    expect((await control('')).body.routes.length).toBeGreaterThan(10);
    expect((await control('/nope')).status).toBe(404);
    // The main control index still answers.
    expect((await request(`${sim.baseUrl}/control`)).status).toBe(200);
  });

  it('lists devices with filters and paging', async () => {
    const all = await control('/devices?limit=5');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.totalCount).toBe(sim.mdm.devices.size);
    const page2 = await control('/devices?limit=5&offset=5');
    expect(page2.body.items[0].udid).not.toBe(all.body.items[0].udid);
    const macs = await control('/devices?platform=macos&group=tokyo-it');
    expect(macs.body.items.map((d: any) => d.serialNumber).sort()).toEqual([
      'C02TK0001',
      'C02TK0002',
      'C02TK0003',
    ]);
    const bySerial = await control('/devices?serialNumber=DMPOS0001');
    expect(bySerial.body.items[0]).toMatchObject({
      serialNumber: 'DMPOS0001',
      enrollment: 'enrolled',
      online: true,
      group: 'osaka-it',
    });
    expect((await control('/devices?q=dmpos')).body.totalCount).toBe(10);
    for (const bad of ['platform=watch', 'limit=5000', 'online=maybe']) {
      const answer = await control(`/devices?${bad}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual(expect.any(String));
    }
  });

  it('shows one device with its apps; 404 for an unknown UDID', async () => {
    const answer = await control(`/devices/${udidOf('DMPTK0001')}`);
    expect(answer.body.apps).toContainEqual(
      expect.objectContaining({
        bundleId: 'com.example.notes',
        managed: true,
        installing: false,
      }),
    );
    expect((await control('/devices/nope')).status).toBe(404);
  });

  it('enrols a new device (Authenticate + TokenUpdate) that then takes commands', async () => {
    const answer = await control('/devices', 'POST', {
      platform: 'ipados',
      osVersion: '17.5.1',
      serialNumber: 'NEWPAD0001',
      group: 'osaka-office',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      serialNumber: 'NEWPAD0001',
      platform: 'ipados',
      enrollment: 'enrolled',
      group: 'osaka-office',
    });
    const udid = answer.body.udid;
    expect(
      sim.mdm.webhook.events
        .filter(e => e.checkin_event?.udid === udid)
        .map(e => e.topic),
    ).toEqual(['mdm.Authenticate', 'mdm.TokenUpdate']);
    const nano = nanoClient(sim, API_KEY);
    const enqueued = await nano.enqueue(
      udid,
      commandPlist('DeviceInformation', {}, 'new-1'),
    );
    expect(enqueued.status).toBe(200);
    await sim.mdm.idle();
    const commands = await control(`/commands?udid=${udid}`);
    expect(commands.body.items[0]).toMatchObject({
      commandUuid: 'new-1',
      requestType: 'DeviceInformation',
      command: {
        CommandUUID: 'new-1',
        Command: { RequestType: 'DeviceInformation' },
      },
      status: 'Acknowledged',
      answer: {
        Status: 'Acknowledged',
        QueryResponses: { SerialNumber: 'NEWPAD0001', OSVersion: '17.5.1' },
      },
    });
  });

  it('rejects bad new devices with a clear 400 and adds nothing', async () => {
    const before = sim.mdm.devices.size;
    for (const [body, message] of [
      [{}, 'platform is required'],
      [
        { platform: 'windows', osVersion: '1', serialNumber: 'ABCDEFGH1' },
        'platform must be one of',
      ],
      [
        { platform: 'ios', osVersion: 'latest', serialNumber: 'ABCDEFGH1' },
        'osVersion must be',
      ],
      [
        { platform: 'ios', osVersion: '18.1', serialNumber: 'DMPTK0001' },
        'exists',
      ],
      [
        {
          platform: 'ios',
          osVersion: '18.1',
          serialNumber: 'ABCDEFGH1',
          wifiMac: 'nope',
        },
        'wifiMac',
      ],
    ] as const) {
      const answer = await control('/devices', 'POST', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toContain(message);
    }
    expect(sim.mdm.devices.size).toBe(before);
  });

  it('checks a device out, removes an app by hand, takes it offline and online', async () => {
    const udid = udidOf('DMPTK0002');
    const removed = await control(`/devices/${udid}/remove-app`, 'POST', {
      bundleId: 'jp.naver.line',
    });
    expect(removed.status).toBe(200);
    expect(removed.body.apps.map((a: any) => a.bundleId)).not.toContain(
      'jp.naver.line',
    );
    expect(
      (
        await control(`/devices/${udid}/remove-app`, 'POST', {
          bundleId: 'jp.naver.line',
        })
      ).status,
    ).toBe(400);
    expect(
      (await control(`/devices/${udid}/remove-app`, 'POST', {})).status,
    ).toBe(400);

    expect(
      (await control(`/devices/${udid}/offline`, 'POST')).body.online,
    ).toBe(false);
    expect((await control(`/devices/${udid}/online`, 'POST')).body.online).toBe(
      true,
    );

    const checkedOut = await control(`/devices/${udid}/checkout`, 'POST');
    expect(checkedOut.body.enrollment).toBe('checked-out');
    expect(sim.mdm.webhook.events.at(-1)?.topic).toBe('mdm.CheckOut');
    expect((await control(`/devices/${udid}/checkout`, 'POST')).status).toBe(
      400,
    );
    const again = await control(`/devices/${udid}/enroll`, 'POST');
    expect(again.body.enrollment).toBe('enrolled');
  });

  it('enrols every device at once, emitting their events', async () => {
    const answer = await control('/enroll-all', 'POST');
    expect(answer.body.enrolled).toBe(sim.mdm.devices.size);
    const events = await control(`/events?topic=mdm.TokenUpdate&limit=1000`);
    expect(events.body.totalCount).toBe(sim.mdm.devices.size);
  });

  it('sets and validates the rates', async () => {
    const set = await control('/options', 'POST', {
      notNowRate: 0.5,
      duplicateEventRate: 0.2,
      outOfOrderRate: 0.1,
      pushDelayMs: 0,
    });
    expect(set.body).toMatchObject({
      notNowRate: 0.5,
      duplicateEventRate: 0.2,
    });
    for (const bad of [
      { notNowRate: 2 },
      { pushDelayMs: -1 },
      { nope: 1 },
      { installTimeMs: 'soon' },
    ]) {
      const answer = await control('/options', 'POST', bad);
      expect(answer.status).toBe(400);
    }
    expect((await control('/options')).body.notNowRate).toBe(0.5);
  });

  it('is reset by POST /control/reset', async () => {
    await control('/options', 'POST', { notNowRate: 0.5 });
    await control(`/devices/${udidOf('DMPTK0003')}/checkout`, 'POST');
    const reset = await request(`${sim.baseUrl}/control/reset`, {
      method: 'POST',
    });
    expect(reset.status).toBe(200);
    expect((await control('/options')).body.notNowRate).toBe(0);
    expect(sim.mdm.devices.bySerialNumber('DMPTK0003')!.enrollment).toBe(
      'enrolled',
    );
    const state = await control('/state');
    expect(state.body).toMatchObject({
      devices: { total: sim.mdm.devices.size, offline: 0 },
      queuedCommands: 0,
    });
  });

  it('finishes installs on request', async () => {
    expect((await control('/installs/complete', 'POST')).body).toEqual({
      completed: 0,
    });
  });
});
