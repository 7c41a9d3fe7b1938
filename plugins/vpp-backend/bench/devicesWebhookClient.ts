/* eslint-disable no-console */
/**
 * Child process of `yarn bench devices`: plays NanoMDM posting its webhook, with a
 * fleet's mix of events, so that building and sending them costs the benchmark's
 * backend process nothing. Reads its job from the JSON file named by its argument,
 * builds every body first and prints `ready`; on a `go` line on stdin it sends them and
 * prints `{ sent, failed, cpuMs }` as one JSON line (the CPU of the sending alone).
 * Sends through Node's own HTTP client with kept-alive connections, the cheapest way
 * here, so that the sender takes as little as it can of the machine's two cores.
 *
 * The mix: two events in ten are a new device enrolling (Authenticate, then TokenUpdate,
 * for the devices the simulated NanoMDM has); of the rest, 85 % Idle check-ins of known
 * devices, 10 % re-enrolments with a new OS version, 5 % check-outs. 5 % of all events
 * are sent twice, as NanoMDM behind a proxy may.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createInterface } from 'node:readline';
import plist from 'plist';

interface Job {
  url: string;
  secret: string;
  events: number;
  inFlight: number;
  udids: string[];
  enrolling: string[];
  groups: string[];
}

const job: Job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const OS = ['16.7.10', '17.4.1', '17.7.2', '18.1', '18.2', '14.7.1', '15.2'];

let seed = 1206;
function random(): number {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
}
const pick = <T>(items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];
const eventId = (n: number) =>
  createHash('sha256').update(`event-${n}`).digest('hex').slice(0, 16);

/** One webhook body as NanoMDM v0.9.0 sends it. */
function webhookEvent(
  topic: 'Authenticate' | 'TokenUpdate' | 'CheckOut' | 'Idle',
  udid: string,
  createdAt: Date,
  n: number,
): string {
  const isCheckIn = topic !== 'Idle';
  const raw = Buffer.from(
    plist.build(
      isCheckIn
        ? {
            MessageType: topic,
            UDID: udid,
            ...(topic === 'Authenticate'
              ? {
                  SerialNumber: `NEW${n}`,
                  ProductName: 'iPhone15,4',
                  OSVersion: pick(OS),
                }
              : {}),
          }
        : { UDID: udid, Status: 'Idle' },
    ),
  ).toString('base64');
  return JSON.stringify({
    topic: isCheckIn ? `mdm.${topic}` : 'mdm.Connect',
    event_id: eventId(n),
    created_at: createdAt.toISOString(),
    [isCheckIn ? 'checkin_event' : 'acknowledge_event']: {
      udid,
      ids: { id: udid, type: 'Device' },
      ...(isCheckIn ? {} : { status: 'Idle' }),
      ...(topic === 'Authenticate'
        ? { url_params: { group: pick(job.groups) } }
        : {}),
      raw_payload: raw,
    },
  });
}

function* events(): Generator<string> {
  const base = Date.now();
  for (let n = 0; n < job.events; n++) {
    const at = new Date(base + n);
    const r = random();
    const enrolment = job.enrolling[Math.floor(n / 10)];
    let body: string;
    if (n % 10 === 0 && enrolment) {
      body = webhookEvent('Authenticate', enrolment, at, n);
    } else if (n % 10 === 1 && enrolment) {
      body = webhookEvent('TokenUpdate', enrolment, at, n);
    } else if (r < 0.85) {
      body = webhookEvent('Idle', pick(job.udids), at, n);
    } else if (r < 0.95) {
      body = webhookEvent('Authenticate', pick(job.udids), at, n);
    } else {
      body = webhookEvent('CheckOut', pick(job.udids), at, n);
    }
    yield body;
    if (random() < 0.05) yield body;
  }
}

function post(
  agent: http.Agent,
  url: URL,
  authorization: string,
  body: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          Authorization: authorization,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      res => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

async function main() {
  const authorization = `Basic ${Buffer.from(`nanomdm:${job.secret}`).toString(
    'base64',
  )}`;
  const bodies = [...events()];
  const url = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.inFlight });
  const lines = createInterface({ input: process.stdin });
  const go = new Promise(resolve =>
    lines.on('line', line => line === 'go' && resolve(undefined)),
  );
  console.log('ready');
  await go;
  const before = process.cpuUsage();
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const status = await post(agent, url, authorization, bodies[next++]);
      if (status !== 200) failed++;
    }
  };
  await Promise.all(Array.from({ length: job.inFlight }, worker));
  const cpu = process.cpuUsage(before);
  console.log(
    JSON.stringify({
      sent: bodies.length,
      failed,
      cpuMs: (cpu.user + cpu.system) / 1000,
    }),
  );
  agent.destroy();
  lines.close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
