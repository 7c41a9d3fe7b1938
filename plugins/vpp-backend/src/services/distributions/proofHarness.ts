/**
 * What the R-DIST-8 proofs (crash.test.ts, twoInstances.test.ts) and `yarn bench
 * distribute` share: a simulator with one location whose apps have licenses to spare and
 * iPhones that enrol through a webhook receiver, and the two counts the proofs assert on —
 * what Apple was asked to associate and what each device received.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { MdmEventSink } from '@internal/plugin-vpp-node';
import type {
  DeviceFixture,
  RunningSimulator,
  SimulatorFixture,
} from '@internal/vpp-simulator';
import express from 'express';
import { createHash } from 'node:crypto';
import plist from 'plist';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { ITunesLookupClient } from '../../apple';
import { NanoMdmConnector } from '../../mdm';
import { createMdmWebhookRouter } from '../../router/mdmWebhook';
import { AppleClientTokenGateway } from '../AppleClientTokenGateway';
import { MdmIdentity } from '../AppleTokenGateway';
import { readVppConfig } from '../config';
import { SyncService } from '../SyncService';
import { TokenService } from '../TokenService';
import type { createDistributionRuntime } from './index';

export const PROOF_LOCATION = 'loc-proof';
export const PROOF_OWNER = 'group:default/tokyo-it';
export const PROOF_USER = 'user:default/guest';
export const PROOF_API_KEY = 'proof-nanomdm-key';
export const PROOF_WEBHOOK_SECRET = 'proof-webhook-secret';
/** Every runtime of a proof reads the token files the others stored. */
export const PROOF_ENCRYPTION_KEY = 'proof-encryption-key-proof-encryption-key';
/** This installation as Apple sees it; every runtime of a proof uses the same. */
export const PROOF_IDENTITY: MdmIdentity = {
  id: 'vpp-proof',
  name: 'VPP for Backstage',
  metadata: 'proofs',
};

export const quietLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

type Runtime = Awaited<ReturnType<typeof createDistributionRuntime>>;

/**
 * The worker's waits for a simulator whose events finish at once: Apple's event is
 * polled without delay, installed apps are asked for right after the answer. The leases
 * and the grace for a dead sender stay as in production (the crash test moves the clock
 * past them at each restart).
 */
export const PROOF_WORKER_CONFIG = {
  eventFirstPollMs: 0,
  eventPollMs: 20,
  verifyDelayMs: 0,
  verifyIntervalMs: 250,
  mdmIdentity: PROOF_IDENTITY,
  encryptionKey: PROOF_ENCRYPTION_KEY,
};

/**
 * Registers the location's token on the runtime's database and syncs its content (what
 * a distribution's plan reads), as the backend's token and sync services do.
 */
export async function registerAndSync(
  runtime: Runtime,
  simulator: { appleBaseUrl: string; lookupUrl: string },
  tokenFile: string,
): Promise<string> {
  const tokens = new TokenService({
    store: runtime.tokens,
    apple: new AppleClientTokenGateway({
      baseUrl: simulator.appleBaseUrl,
      identity: PROOF_IDENTITY,
    }),
    cipher: runtime.cipher,
    mdmIdentity: PROOF_IDENTITY,
    warningDays: 30,
  });
  const { id } = await tokens.register(
    { tokenFile, owner: PROOF_OWNER },
    PROOF_USER,
  );
  const sync = new SyncService({
    tokens: runtime.tokens,
    content: runtime.content,
    cipher: runtime.cipher,
    appleBaseUrl: simulator.appleBaseUrl,
    mdmIdentity: PROOF_IDENTITY,
    lookup: new ITunesLookupClient({ lookupUrl: simulator.lookupUrl }),
    config: readVppConfig(new ConfigReader({ vpp: { encryptionKey: 'x' } }))
      .sync,
    warningDays: 30,
    logger: quietLogger,
  });
  await sync.syncToken(id, { full: true });
  return id;
}

/** Device ids by serial number, as the runtime's database has them. */
export async function deviceIdsBySerial(
  runtime: Runtime,
  serials: string[],
): Promise<Map<string, string>> {
  const devices = await runtime.deviceStore.findDevicesByKeys({
    serialNumbers: serials,
    udids: [],
  });
  return new Map(devices.map(d => [d.serialNumber!, d.id]));
}

/** Three iOS apps with licenses for every device the proofs and the benchmark use. */
export const PROOF_APPS = [
  { adamId: '7300000001', bundleId: 'com.example.proof.notes' },
  { adamId: '7300000002', bundleId: 'com.example.proof.scanner' },
  { adamId: '7300000003', bundleId: 'com.example.proof.survey' },
] as const;

/** One location with {@link PROOF_APPS}, `licenses` each. */
export function proofFixture(licenses: number): SimulatorFixture {
  return {
    name: 'distribution-proofs',
    catalog: PROOF_APPS.map((app, i) => ({
      adamId: app.adamId,
      kind: 'software' as const,
      name: `Proof App ${i + 1}`,
      bundleId: app.bundleId,
      version: '2.1.0',
      platforms: ['iOS' as const],
      minimumOsVersion: '15.0',
      sellerName: 'Example Corp',
    })),
    locations: [
      {
        id: PROOF_LOCATION,
        name: 'Example Corp Proofs',
        uId: '2049025000777777',
        countryISO2ACode: 'JP',
        orgName: 'Example Corp',
        tokens: [
          { token: Buffer.from('vpp-simulator:proof').toString('base64') },
        ],
        assets: PROOF_APPS.map(app => ({
          adamId: app.adamId,
          totalCount: licenses,
        })),
      },
    ],
  };
}

/** `count` iPhones on iOS 17 without apps, no group. */
export function proofDevices(count: number): DeviceFixture[] {
  return Array.from({ length: count }, (_, n) => {
    const hex = createHash('sha256')
      .update(`proof-${n}`)
      .digest('hex')
      .toUpperCase();
    return {
      udid: `00008110-${hex.slice(0, 16)}`,
      serialNumber: `PRF${n.toString(36).toUpperCase().padStart(7, '0')}`,
      platform: 'ios' as const,
      productName: 'iPhone15,4',
      model: 'MTLW3J/A',
      modelName: 'iPhone',
      osVersion: '17.4.1',
      buildVersion: '21E236',
      deviceName: `Proof iPhone ${n}`,
      wifiMac: hex
        .slice(16, 28)
        .toLowerCase()
        .replace(/(..)(?!$)/g, '$1:'),
      installedApps: [],
    };
  });
}

/**
 * The MDM webhook of the instances under test, as the backend serves it (the NanoMDM
 * connector parses, the sink applies). The sink is chosen per event, so the receiver can
 * outlive a worker (the crash test kills workers, never the receiver: NanoMDM does not
 * retry a webhook POST) or spread events over several instances.
 */
export async function startWebhookReceiver(options: {
  nanomdmUrl: () => string;
  sink: () => MdmEventSink;
}): Promise<{
  url: string;
  /** Events received by kind: check-in types, answers by status and content. */
  received: Record<string, number>;
  close: () => Promise<void>;
}> {
  const received: Record<string, number> = {};
  const sink: MdmEventSink = {
    handle: events => {
      for (const e of events) {
        let kind: string = e.kind === 'check-in' ? e.type : e.status;
        if (e.kind === 'command-result' && e.installedApps) {
          kind += ' (installed apps)';
        } else if (e.kind === 'command-result' && e.installState) {
          kind += ' (install)';
        }
        received[kind] = (received[kind] ?? 0) + 1;
      }
      return options.sink().handle(events);
    },
  };
  // Built at the first event: the simulator, and so its NanoMDM URL, starts after us.
  let router: express.Router | undefined;
  const app = express();
  app.use((req, res, next) => {
    router ??= createMdmWebhookRouter({
      secret: PROOF_WEBHOOK_SECRET,
      connector: new NanoMdmConnector({
        baseUrl: options.nanomdmUrl(),
        apiKey: PROOF_API_KEY,
      }),
      sink,
      logger: quietLogger,
    });
    router(req, res, next);
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mdm/webhook`,
    received,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const pairKey = (adamId: string, serialNumber: string) =>
  `${adamId}/${serialNumber}`;

/**
 * Counts every (app, serial) pair Apple accepted in an associate call: the simulator's
 * request log keeps no bodies, so the parsed requests are observed where the simulator
 * starts their events.
 */
export class AssociationLog {
  readonly #pairs = new Map<string, number>();
  #calls = 0;

  constructor(sim: RunningSimulator) {
    const state = sim.state as unknown as {
      startAssetEvent: (
        location: unknown,
        eventType: 'ASSOCIATE' | 'DISASSOCIATE',
        input: {
          assets: Array<{ adamId: string }>;
          serialNumbers: string[];
        },
      ) => unknown;
    };
    const start = state.startAssetEvent.bind(sim.state);
    state.startAssetEvent = (location, eventType, input) => {
      const event = start(location, eventType, input);
      if (eventType === 'ASSOCIATE') {
        this.#calls++;
        for (const asset of input.assets) {
          for (const serial of input.serialNumbers) {
            const key = pairKey(asset.adamId, serial);
            this.#pairs.set(key, (this.#pairs.get(key) ?? 0) + 1);
          }
        }
      }
      return event;
    };
  }

  /** Associate calls Apple accepted. */
  get calls(): number {
    return this.#calls;
  }

  times(adamId: string, serialNumber: string): number {
    return this.#pairs.get(pairKey(adamId, serialNumber)) ?? 0;
  }

  /** Pairs associated more than once, with how often. */
  repeated(): Array<[string, number]> {
    return [...this.#pairs].filter(([, n]) => n > 1);
  }

  get pairs(): number {
    return this.#pairs.size;
  }

  clear(): void {
    this.#pairs.clear();
    this.#calls = 0;
  }
}

/**
 * The `InstallApplication` commands a device received for an app, each with how many
 * times it was handed over (NotNow brings a command back; the proofs run without NotNow).
 */
export function installCommands(
  sim: RunningSimulator,
  udid: string,
  adamId: string,
): Array<{ commandUuid: string; deliveries: number; status?: string }> {
  // Only the installs are parsed: inventory answers are large.
  return sim.mdm.commandLog
    .list(udid)
    .filter(record => {
      if (record.requestType !== 'InstallApplication') return false;
      const body = plist.parse(record.raw) as {
        Command?: { iTunesStoreID?: number };
      };
      return String(body.Command?.iTunesStoreID) === adamId;
    })
    .map(({ commandUuid, deliveries, status }) => ({
      commandUuid,
      deliveries,
      status,
    }));
}

/** A reproducible pseudo-random sequence (Park–Miller), so a failing run can be replayed. */
export function seededSequence(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/** What the proofs need of a runtime to check a distribution's outcome. */
export interface DistributionReader {
  get(id: string): Promise<{ state: string }>;
  listItems(
    id: string,
    query: { offset?: number; limit?: number },
  ): Promise<{
    items: Array<{ serialNumber: string; adamId: string; state: string }>;
    totalCount: number;
  }>;
}

/**
 * Everything that contradicts "every item installed, each (app, serial) associated at
 * Apple once, each device handed each install once" for one distribution of `adamIds` to
 * the devices with `serials`; empty when the distribution is right.
 */
export async function outcomeProblems(options: {
  sim: RunningSimulator;
  associations: AssociationLog;
  distributions: DistributionReader;
  distributionId: string;
  serials: string[];
  adamIds: string[];
}): Promise<string[]> {
  const { sim, associations, distributions, distributionId } = options;
  const problems: string[] = [];
  const { state } = await distributions.get(distributionId);
  if (state !== 'completed') problems.push(`distribution is ${state}`);
  const { items, totalCount } = await distributions.listItems(distributionId, {
    limit: 10_000,
  });
  const expected = options.serials.length * options.adamIds.length;
  if (totalCount !== expected) {
    problems.push(`${totalCount} items, expected ${expected}`);
  }
  for (const item of items) {
    if (item.state !== 'installed') {
      problems.push(`${item.adamId} on ${item.serialNumber} is ${item.state}`);
    }
  }
  for (const serial of options.serials) {
    const udid = sim.mdm.devices.bySerialNumber(serial)?.udid ?? '?';
    for (const adamId of options.adamIds) {
      const associated = associations.times(adamId, serial);
      if (associated !== 1) {
        problems.push(`${adamId} associated with ${serial} ${associated}×`);
      }
      const deliveries = installCommands(sim, udid, adamId).map(
        c => c.deliveries,
      );
      if (deliveries.length !== 1 || deliveries[0] !== 1) {
        problems.push(
          `${serial} got ${
            deliveries.length
          } InstallApplication for ${adamId} (deliveries ${deliveries.join(
            ', ',
          )})`,
        );
      }
    }
  }
  return problems;
}
