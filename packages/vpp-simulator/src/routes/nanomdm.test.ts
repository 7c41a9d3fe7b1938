import { commandPlist, basicAuth, nanoClient } from '../mdm/testUtils';
import { RunningSimulator } from '../server';
import { request, startTestSimulator } from '../testUtils';

const API_KEY = 'test-api-key';

describe('NanoMDM command API', () => {
  let sim: RunningSimulator;
  let nano: ReturnType<typeof nanoClient>;
  let udidA: string;
  let udidB: string;

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
    nano = nanoClient(sim, API_KEY);
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.mdm.reset();
    udidA = sim.mdm.devices.bySerialNumber('DMPTK0001')!.udid;
    udidB = sim.mdm.devices.bySerialNumber('DMPTK0002')!.udid;
  });
  afterEach(() => sim.mdm.idle());

  it('answers /version without auth', async () => {
    const answer = await request(`${sim.nanomdmUrl}/version`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.text).toBe('{"version":"v0.9.0"}');
  });

  it('rejects a missing or wrong API key, and a wrong user, with 401', async () => {
    for (const authorization of [
      undefined,
      basicAuth('nanomdm', 'wrong'),
      basicAuth('admin', API_KEY),
      `Bearer ${API_KEY}`,
    ]) {
      const answer = await request(`${sim.nanomdmUrl}/v1/push/${udidA}`, {
        headers: authorization ? { Authorization: authorization } : {},
      });
      expect(answer.status).toBe(401);
      expect(answer.text).toBe('Unauthorized\n');
      expect(answer.headers.get('www-authenticate')).toBe(
        'Basic realm="nanomdm"',
      );
    }
  });

  it('enqueues for several ids and pushes: 200, tab-indented, sorted ids', async () => {
    const body = commandPlist('DeviceInformation', {}, 'uuid-1');
    const answer = await nano.enqueue(`${udidB},${udidA}`, body);
    expect(answer.status).toBe(200);
    expect(answer.text.startsWith('{\n\t"status": {\n')).toBe(true);
    expect(answer.text.endsWith('}\n')).toBe(true);
    expect(Object.keys(answer.body)).toEqual([
      'status',
      'command_uuid',
      'request_type',
    ]);
    expect(Object.keys(answer.body.status)).toEqual([udidA, udidB].sort());
    expect(answer.body.status[udidA]).toEqual({
      push_result: expect.stringMatching(/^[0-9A-F-]{36}$/),
    });
    expect(answer.body).toMatchObject({
      command_uuid: 'uuid-1',
      request_type: 'DeviceInformation',
    });
    await sim.mdm.idle();
    // Pushed: both devices checked in and answered.
    for (const udid of [udidA, udidB]) {
      expect(sim.mdm.commandLog.list(udid)[0]).toMatchObject({
        commandUuid: 'uuid-1',
        status: 'Acknowledged',
      });
    }
  });

  it('accepts POST and any method, like NanoMDM', async () => {
    const answer = await nano.enqueue(
      udidA,
      commandPlist('ProfileList'),
      '?nopush=1',
      'POST',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.no_push).toBe(true);
  });

  it('with ?nopush queues without pushing (any non-empty value, even 0)', async () => {
    for (const [query, uuid] of [
      ['?nopush=1', 'np-1'],
      ['?nopush=0', 'np-2'],
    ]) {
      const answer = await nano.enqueue(
        udidA,
        commandPlist('DeviceInformation', {}, uuid),
        query,
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        no_push: true,
        command_uuid: uuid,
        request_type: 'DeviceInformation',
      });
    }
    await sim.mdm.idle();
    expect(sim.mdm.queues.queued(udidA).map(c => c.commandUuid)).toEqual([
      'np-1',
      'np-2',
    ]);
    // An empty nopush value means push.
    const pushed = await nano.enqueue(
      udidA,
      commandPlist('DeviceInformation', {}, 'np-3'),
      '?nopush=',
    );
    expect(pushed.body.no_push).toBeUndefined();
    expect(pushed.body.status[udidA].push_result).toBeDefined();
    await sim.mdm.idle();
    expect(sim.mdm.queues.queued(udidA)).toEqual([]);
  });

  it('an empty body only pushes; with nopush it is a 500', async () => {
    const pushOnly = await nano.enqueue(udidA, '');
    expect(pushOnly.status).toBe(200);
    expect(Object.keys(pushOnly.body)).toEqual(['status']);
    const nothing = await nano.enqueue(udidA, '', '?nopush=1');
    expect(nothing.status).toBe(500);
    expect(nothing.body).toEqual({
      no_push: true,
      command_error: 'must enqueue or push',
    });
  });

  it('rejects the whole request when one id is unknown (PostgreSQL foreign key), queuing nothing', async () => {
    const answer = await nano.enqueue(
      `${udidA},unknown-udid`,
      commandPlist('DeviceInformation', {}, 'fk-1'),
    );
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      command_error:
        'pq: insert or update on table "enrollment_queue" violates foreign key constraint "enrollment_queue_id_fkey"',
      command_uuid: 'fk-1',
      request_type: 'DeviceInformation',
    });
    expect(sim.mdm.queues.queued(udidA)).toEqual([]);
    // Nothing was stored: the same UUID can be enqueued for the known id afterwards.
    const retry = await nano.enqueue(
      udidA,
      commandPlist('DeviceInformation', {}, 'fk-1'),
      '?nopush=1',
    );
    expect(retry.status).toBe(200);
  });

  it('rejects a duplicate CommandUUID with a 500 command_error', async () => {
    const body = commandPlist('DeviceInformation', {}, 'dup-1');
    expect((await nano.enqueue(udidA, body, '?nopush=1')).status).toBe(200);
    const again = await nano.enqueue(udidB, body, '?nopush=1');
    expect(again.status).toBe(500);
    expect(again.body.command_error).toBe(
      'pq: duplicate key value violates unique constraint "commands_pkey"',
    );
    expect(sim.mdm.queues.queued(udidB)).toEqual([]);
  });

  it('rejects bodies that are not command plists with "decoding command: …"', async () => {
    const notPlist = await nano.enqueue(udidA, 'hello');
    expect(notPlist.status).toBe(500);
    expect(notPlist.body.command_error).toMatch(
      /^decoding command: parse error: /,
    );
    // Go's encoding/json escapes <, > and & (the raw content is part of the message).
    const broken = await nano.enqueue(udidA, 'a <b> & c');
    expect(broken.text).toContain('a \\u003cb\\u003e \\u0026 c');
    expect(broken.body.command_error).toContain('a <b> & c');
    for (const body of [
      commandPlist('DeviceInformation', {}, ''),
      '<?xml version="1.0"?><plist version="1.0"><dict><key>CommandUUID</key><string>x</string></dict></plist>',
    ]) {
      const answer = await nano.enqueue(udidA, body);
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({
        command_error: 'decoding command: invalid command',
      });
    }
    expect(sim.mdm.queues.queued(udidA)).toEqual([]);
  });

  it('reports an empty id path', async () => {
    const enqueue = await nano.enqueue('', commandPlist('DeviceInformation'));
    expect(enqueue.status).toBe(500);
    expect(enqueue.body).toEqual({
      command_error: 'getting enrollment ids: empty path',
    });
    const push = await nano.push('');
    expect(push.status).toBe(500);
    expect(push.body).toEqual({
      push_error: 'getting enrollment ids: empty path',
    });
  });

  it('push: 200 for known ids, 207 when some lack push data, 500 when all do', async () => {
    const ok = await nano.push(`${udidA},${udidB}`);
    expect(ok.status).toBe(200);
    const some = await nano.push(`${udidA},nope`);
    expect(some.status).toBe(207);
    expect(some.body.status).toEqual({
      [udidA]: { push_result: expect.any(String) },
      nope: { push_error: 'push data missing for id' },
    });
    const none = await nano.push('nope,nada');
    expect(none.status).toBe(500);
  });

  it('a device that checked out is still pushed and still accepts commands, but does not answer', async () => {
    sim.mdm.checkOut(udidA);
    const answer = await nano.enqueue(
      udidA,
      commandPlist('DeviceInformation', {}, 'co-1'),
    );
    expect(answer.status).toBe(200);
    await sim.mdm.idle();
    expect(sim.mdm.queues.queued(udidA).map(c => c.commandUuid)).toEqual([
      'co-1',
    ]);
    // Re-enrolment (Authenticate) clears the queue.
    sim.mdm.enroll(udidA);
    expect(sim.mdm.queues.queued(udidA)).toEqual([]);
  });

  it('hands the device the enqueued bytes and keeps FIFO order', async () => {
    const first = commandPlist('ProfileList', {}, 'fifo-1');
    const second = `${commandPlist(
      'DeviceInformation',
      {},
      'fifo-2',
    )}\n<!-- kept -->`;
    await nano.enqueue(udidA, first, '?nopush=1');
    await nano.enqueue(udidA, second, '?nopush=1');
    expect(sim.mdm.queues.queued(udidA).map(c => c.raw)).toEqual([
      first,
      second,
    ]);
    await nano.push(udidA);
    await sim.mdm.idle();
    const log = sim.mdm.commandLog.list(udidA);
    expect(log.map(r => [r.commandUuid, r.raw, r.status])).toEqual([
      ['fifo-1', first, 'Acknowledged'],
      ['fifo-2', second, 'Acknowledged'],
    ]);
    expect(log[0].answeredAt!).toBeLessThanOrEqual(log[1].answeredAt!);
  });
});
