import { Clock } from '../apple/clock';
import { isDuplicateCommandError, isUnknownEnrollmentError } from './apiResult';
import { deriveCommandUuid, idsFingerprint } from './commandUuid';
import { removeApplicationCommand } from './commands';
import { CommandDelivery, deliveryCommandUuid } from './delivery';
import { MdmAuthError, MdmUnreachableError } from './errors';
import { NanoMdmClient } from './NanoMdmClient';
import {
  commandOf,
  NanoMdmTestServer,
  PostgresLikeNanoMdm,
} from './__testUtils__/nanoMdmServer';

const API_KEY = 'nanomdm-api-key-s3cret';
const CMD = '3c1f2b9a-8f7e-4d6c-9b5a-2e1d0c9b8a7f';

const immediateClock: Clock = {
  now: () => 0,
  sleep: (_ms, signal) =>
    signal
      ? new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        )
      : Promise.resolve(),
};

function delivery(ids: string[], commandUuid = CMD): CommandDelivery {
  return {
    commandUuid,
    enrollmentIds: ids,
    build: uuid => removeApplicationCommand(uuid, 'com.example.app'),
  };
}

const device = (n: number) => `DEVICE-${String(n).padStart(3, '0')}`;

describe('deriveCommandUuid', () => {
  it('is RFC 4122 version 5', () => {
    // The RFC's DNS namespace example, as computed by every UUID library.
    expect(
      deriveCommandUuid(
        '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
        'www.example.com',
      ),
    ).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is deterministic, differs per name and accepts non-UUID parents', () => {
    expect(deriveCommandUuid(CMD, 'a')).toBe(deriveCommandUuid(CMD, 'a'));
    expect(deriveCommandUuid(CMD, 'a')).not.toBe(deriveCommandUuid(CMD, 'b'));
    expect(deriveCommandUuid('step-42', 'a')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('fingerprints id sets whatever their order', () => {
    expect(idsFingerprint(['b', 'a'])).toBe(idsFingerprint(['a', 'b']));
    expect(idsFingerprint(['a'])).not.toBe(idsFingerprint(['a', 'b']));
  });
});

describe('deliverCommands', () => {
  let server: NanoMdmTestServer;
  let nanomdm: PostgresLikeNanoMdm;

  const client = (batchSize = 500, maxAttempts = 3) =>
    new NanoMdmClient({
      baseUrl: server.baseUrl,
      apiKey: API_KEY,
      batchSize,
      clock: immediateClock,
      retry: { maxAttempts },
    });

  beforeEach(async () => {
    nanomdm = new PostgresLikeNanoMdm(
      API_KEY,
      new Set(Array.from({ length: 20 }, (_, i) => device(i))),
    );
    server = await NanoMdmTestServer.start(request => nanomdm.handle(request));
  });

  afterEach(() => server.close());

  const enqueues = () =>
    server.requests.filter(r => r.url.includes('/enqueue/'));
  const pushes = () => server.requests.filter(r => r.url.includes('/push/'));

  it('queues one request for all ids under the delivery CommandUUID, then pushes once', async () => {
    const outcomes = await client().deliver([delivery([device(2), device(1)])]);
    expect(outcomes).toEqual([
      {
        enrollmentId: device(1),
        commandUuid: CMD,
        queued: true,
        pushId: 'apns-1',
      },
      {
        enrollmentId: device(2),
        commandUuid: CMD,
        queued: true,
        pushId: 'apns-2',
      },
    ]);
    expect(server.requests.map(r => `${r.method} ${r.url}`)).toEqual([
      `PUT /nanomdm/v1/enqueue/${device(1)},${device(2)}?nopush=1`,
      `GET /nanomdm/v1/push/${device(1)},${device(2)}`,
    ]);
    expect(nanomdm.stored.get(CMD)).toEqual([device(1), device(2)]);
  });

  it('splits ids into batches with their own CommandUUIDs and pushes once per batch', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => device(i));
    const outcomes = await client(2).deliver([delivery(ids)]);
    expect(enqueues().map(r => r.ids)).toEqual([
      [device(0), device(1)],
      [device(2), device(3)],
      [device(4)],
    ]);
    expect(enqueues().every(r => r.query.get('nopush') === '1')).toBe(true);
    expect(pushes().map(r => r.ids)).toEqual([
      [device(0), device(1)],
      [device(2), device(3)],
      [device(4)],
    ]);
    // Every enqueue precedes every push.
    expect(
      server.requests.map(r => (r.url.includes('/push/') ? 'push' : 'enqueue')),
    ).toEqual(['enqueue', 'enqueue', 'enqueue', 'push', 'push', 'push']);
    const uuids = enqueues().map(r => commandOf(r.body).commandUuid);
    expect(new Set(uuids).size).toBe(3);
    expect(uuids).not.toContain(CMD);
    expect(uuids[0]).toBe(
      deliveryCommandUuid({ commandUuid: CMD }, [device(1), device(0)], false),
    );
    expect(outcomes.every(o => o.queued && o.pushId)).toBe(true);
    expect(outcomes.find(o => o.enrollmentId === device(4))?.commandUuid).toBe(
      uuids[2],
    );
  });

  it('reports an enqueue repeated with the same ids as queued (duplicate CommandUUID)', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => device(i));
    const first = await client(2).deliver([delivery(ids)]);
    const storedBefore = new Map(nanomdm.stored);
    const second = await client(2).deliver([delivery([...ids].reverse())]);
    expect(nanomdm.stored).toEqual(storedBefore);
    expect(
      second.map(o => [
        o.enrollmentId,
        o.commandUuid,
        o.queued,
        o.alreadyQueued,
      ]),
    ).toEqual(first.map(o => [o.enrollmentId, o.commandUuid, true, true]));
    // Pushed again: the first try may have died before its push.
    expect(pushes()).toHaveLength(6);
  });

  it('counts an enqueue whose answer was lost as queued when the retry says duplicate', async () => {
    nanomdm.loseAnswers = 1;
    const outcomes = await client().deliver([delivery([device(1), device(2)])]);
    expect(enqueues()).toHaveLength(2);
    expect(outcomes.map(o => [o.queued, o.alreadyQueued])).toEqual([
      [true, true],
      [true, true],
    ]);
  });

  it('isolates unknown ids so the known ones are still queued', async () => {
    const ids = [
      device(1),
      'UNKNOWN-A',
      device(2),
      device(3),
      'UNKNOWN-B',
      device(4),
      device(5),
    ];
    const outcomes = await client().deliver([delivery(ids)]);
    const byId = Object.fromEntries(outcomes.map(o => [o.enrollmentId, o]));
    for (const known of [1, 2, 3, 4, 5].map(device)) {
      expect(byId[known]).toMatchObject({
        queued: true,
        pushId: expect.any(String),
      });
    }
    for (const unknown of ['UNKNOWN-A', 'UNKNOWN-B']) {
      expect(byId[unknown]).toMatchObject({
        queued: false,
        error: expect.stringContaining(
          'NanoMDM does not know this enrollment id',
        ),
      });
      expect(byId[unknown].pushId).toBeUndefined();
    }
    const storedIds = [...nanomdm.stored.values()].flat().sort();
    expect(storedIds).toEqual([1, 2, 3, 4, 5].map(device));
    expect(
      pushes()
        .flatMap(r => r.ids)
        .sort(),
    ).toEqual(storedIds);
    // Bisection, not one request per id: 7 ids, 2 unknown.
    expect(enqueues().length).toBeLessThan(ids.length + 3);

    // The same send again derives the same parts and finds them all stored.
    const again = await client().deliver([delivery(ids)]);
    expect(again.filter(o => o.queued).every(o => o.alreadyQueued)).toBe(true);
    expect(again.map(o => o.commandUuid).sort()).toEqual(
      outcomes.map(o => o.commandUuid).sort(),
    );
  });

  it('reports every id of a request NanoMDM refused for another reason as not queued', async () => {
    server.handler = () => ({
      status: 500,
      headers: { 'Content-Type': 'application/json' },
      body: '{\n\t"command_error": "decoding command: plist: error parsing XML property list: EOF"\n}\n',
    });
    const outcomes = await client().deliver([delivery([device(1), device(2)])]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        queued: false,
        error: expect.stringContaining('decoding command'),
      }),
      expect.objectContaining({
        queued: false,
        error: expect.stringContaining('decoding command'),
      }),
    ]);
    expect(pushes()).toHaveLength(0);
  });

  it('keeps a failed push separate from the queueing', async () => {
    nanomdm = new PostgresLikeNanoMdm(
      API_KEY,
      new Set([device(1), device(2)]),
      new Set([device(2)]),
    );
    const outcomes = await client().deliver([delivery([device(1), device(2)])]);
    expect(outcomes).toEqual([
      {
        enrollmentId: device(1),
        commandUuid: CMD,
        queued: true,
        pushId: 'apns-1',
      },
      {
        enrollmentId: device(2),
        commandUuid: CMD,
        queued: true,
        pushError: 'push data missing for id',
      },
    ]);
  });

  it('reports a push that could not be sent on queued ids', async () => {
    server.handler = request =>
      request.url.includes('/push/')
        ? { status: 503, headers: {}, body: 'down' }
        : nanomdm.handle(request);
    const outcomes = await client(500, 2).deliver([delivery([device(1)])]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        queued: true,
        pushError: expect.stringContaining('push not sent: NanoMDM at'),
      }),
    ]);
  });

  it('rejects when no enqueue got an answer', async () => {
    server.handler = () => ({ status: 503, headers: {}, body: 'down' });
    await expect(
      client(1, 2).deliver([delivery([device(1), device(2)])]),
    ).rejects.toBeInstanceOf(MdmUnreachableError);
    const wrongKey = new NanoMdmClient({
      baseUrl: server.baseUrl,
      apiKey: 'wrong-key',
      clock: immediateClock,
    });
    server.handler = request => nanomdm.handle(request);
    await expect(
      wrongKey.deliver([delivery([device(1)])]),
    ).rejects.toBeInstanceOf(MdmAuthError);
  });

  it('stops trying further batches once NanoMDM stopped answering', async () => {
    let enqueueCount = 0;
    server.handler = request => {
      if (request.url.includes('/enqueue/') && ++enqueueCount > 1) {
        return { status: 503, headers: {}, body: 'down' };
      }
      if (request.url.includes('/push/')) {
        return { status: 503, headers: {}, body: 'down' };
      }
      return nanomdm.handle(request);
    };
    const ids = Array.from({ length: 5 }, (_, i) => device(i));
    const outcomes = await client(1, 2).deliver([delivery(ids)]);
    // Batch 1 answered, batch 2 failed after 2 attempts, batches 3-5 were not tried.
    expect(enqueues()).toHaveLength(3);
    expect(outcomes.map(o => o.undecided ?? false)).toEqual([
      false,
      true,
      true,
      true,
      true,
    ]);
    expect(outcomes[1].error).toMatch(/^NanoMDM at .* did not answer/);
    expect(outcomes[2].error).toMatch(/^not sent, an earlier request failed: /);
    // One push, retried once; nothing after it.
    expect(pushes()).toHaveLength(2);
    expect(outcomes[0].pushError).toContain('push not sent');
  });

  it('marks ids whose request got no answer as undecided when others were decided', async () => {
    let enqueueCount = 0;
    server.handler = request => {
      if (request.url.includes('/enqueue/') && ++enqueueCount > 1) {
        return { status: 503, headers: {}, body: 'down' };
      }
      return nanomdm.handle(request);
    };
    const outcomes = await client(1, 2).deliver([
      delivery([device(1), device(2)]),
    ]);
    expect(outcomes[0]).toMatchObject({
      enrollmentId: device(1),
      queued: true,
    });
    expect(outcomes[1]).toMatchObject({
      enrollmentId: device(2),
      queued: false,
      undecided: true,
      error: expect.stringContaining('did not answer'),
    });
  });

  it('refuses ids NanoMDM cannot take without asking it, and de-duplicates', async () => {
    const outcomes = await client().deliver([
      delivery(['a,b', '', device(1), device(1)]),
    ]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        enrollmentId: 'a,b',
        queued: false,
        error: expect.stringContaining('comma'),
      }),
      expect.objectContaining({
        enrollmentId: '',
        queued: false,
        error: 'empty enrollment id',
      }),
      expect.objectContaining({ enrollmentId: device(1), queued: true }),
    ]);
    expect(enqueues().map(r => r.ids)).toEqual([[device(1)]]);
  });

  it('queues several deliveries and pushes their ids together at the end', async () => {
    const other = deriveCommandUuid(CMD, 'variant:x');
    const outcomes = await client(3).deliver([
      delivery([device(1), device(2)]),
      delivery([device(3), device(4)], other),
    ]);
    expect(outcomes.map(o => o.commandUuid)).toEqual([CMD, CMD, other, other]);
    expect(pushes().map(r => r.ids)).toEqual([
      [device(1), device(2), device(3)],
      [device(4)],
    ]);
  });
});

describe('NanoMDM error wording', () => {
  it('tells a stored CommandUUID from other duplicates and unknown ids', () => {
    expect(
      isDuplicateCommandError(
        'pq: duplicate key value violates unique constraint "commands_pkey"',
      ),
    ).toBe(true);
    expect(
      isDuplicateCommandError(
        "Error 1062 (23000): Duplicate entry 'x' for key 'commands.PRIMARY'",
      ),
    ).toBe(true);
    expect(
      isDuplicateCommandError(
        'pq: duplicate key value violates unique constraint "enrollment_queue_pkey"',
      ),
    ).toBe(false);
    expect(
      isUnknownEnrollmentError(
        'Error 1452 (23000): Cannot add or update a child row: a foreign key constraint fails',
      ),
    ).toBe(true);
    expect(isUnknownEnrollmentError('decoding command: EOF')).toBe(false);
  });
});
