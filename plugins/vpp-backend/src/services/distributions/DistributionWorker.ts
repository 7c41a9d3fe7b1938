import { LoggerService } from '@backstage/backend-plugin-api';
import { MdmCommandResultEvent, MdmConnector } from '@internal/plugin-vpp-node';
import { randomUUID } from 'node:crypto';
import {
  DeviceAppRecord,
  DeviceState,
  DeviceStore,
} from '../../database/DeviceStore';
import {
  DistributionRecord,
  DistributionStore,
} from '../../database/DistributionStore';
import { LicenseStore } from '../../database/LicenseStore';
import { TokenStore } from '../../database/TokenStore';
import { SettingsService } from '../SettingsService';
import { AppleClients } from './appleAccess';
import { InstallSteps } from './installSteps';
import { LicensingSteps } from './licensingSteps';
import { WorkerContext } from './workerContext';

/** How the worker paces itself; every value has a default fit for production. */
export interface DistributionWorkerConfig {
  /** How long a claimed row is a worker's own; a dead worker's rows wait this long. */
  leaseMs: number;
  /** Items licensed or installed per step of a pass. */
  batchSize: number;
  /**
   * Items per install round within a pass: a round's devices (all their apps) are
   * queued and woken before the next round is claimed, so devices start installing
   * early and a pass holds one round's sends in memory.
   */
  installBatchSize: number;
  /**
   * Devices per install send: no more than the MDM connector's own batch (NanoMDM's
   * `batchSize`), so the devices get the command id recorded before the send.
   */
  sendBatchSize: number;
  /** Wait before the first poll of Apple's event, and between polls (Apple: 30 s). */
  eventFirstPollMs: number;
  eventPollMs: number;
  /**
   * A call whose sender died while sending is checked at Apple only after this long, so
   * Apple has finished it (its assignments show then).
   */
  sendingGraceMs: number;
  /** InstallApplication sends per item (9610 retries and updates included). */
  maxInstallAttempts: number;
  /**
   * A queued install without an answer for this long is checked with the installed
   * apps (its answer may have been lost). Shorter would flood devices with asks.
   */
  answerTimeoutMs: number;
  /** Wait after an answer before asking for the installed apps, and between asks. */
  verifyDelayMs: number;
  verifyIntervalMs: number;
  /** A ledger claim older than this is taken over (its process died). */
  claimStaleMs: number;
}

export const DEFAULT_WORKER_CONFIG: DistributionWorkerConfig = {
  leaseMs: 120_000,
  batchSize: 50_000,
  installBatchSize: 3_000,
  sendBatchSize: 500,
  eventFirstPollMs: 5_000,
  eventPollMs: 30_000,
  sendingGraceMs: 10 * 60_000,
  maxInstallAttempts: 3,
  answerTimeoutMs: 10 * 60_000,
  verifyDelayMs: 10_000,
  verifyIntervalMs: 60_000,
  claimStaleMs: 3_600_000,
};

const OPEN_STATES = [
  'pending',
  'licensing',
  'licensed',
  'queued',
  'acknowledged',
  'installing',
] as const;

export interface DistributionWorkerOptions {
  store: DistributionStore;
  tokens: TokenStore;
  ledger: LicenseStore;
  apple: AppleClients;
  devices: DeviceStore;
  settings: SettingsService;
  connector?: MdmConnector;
  logger: LoggerService;
  config?: Partial<DistributionWorkerConfig>;
  now?: () => Date;
}

/**
 * Advances every running distribution one step per pass (R-DIST-4 to R-DIST-8). Each
 * step claims its rows with a lease, records what it is about to do, does it, and
 * records the result, so a pass killed anywhere — or two instances at once — neither
 * loses an item nor associates a license or sends an install twice.
 */
export class DistributionWorker {
  readonly #o: DistributionWorkerOptions;
  readonly #c: DistributionWorkerConfig;
  readonly #now: () => Date;
  readonly #owner = randomUUID();
  readonly #licensing: LicensingSteps;
  readonly #installing: InstallSteps;

  constructor(options: DistributionWorkerOptions) {
    this.#o = options;
    this.#c = { ...DEFAULT_WORKER_CONFIG, ...options.config };
    this.#now = options.now ?? (() => new Date());
    const context: WorkerContext = {
      o: this.#o,
      c: this.#c,
      now: () => this.#now(),
      owner: this.#owner,
      lease: () => this.#lease(),
    };
    this.#licensing = new LicensingSteps(context);
    this.#installing = new InstallSteps(context);
  }

  get config(): DistributionWorkerConfig {
    return this.#c;
  }

  async runPass(options: { signal?: AbortSignal } = {}): Promise<void> {
    const { store } = this.#o;
    await store.startDue(this.#now());
    for (const distribution of await store.listActive()) {
      if (options.signal?.aborted) return;
      try {
        await this.#advance(distribution);
      } catch (error) {
        this.#o.logger.error(
          `Distribution ${distribution.id}: ${(error as Error).message}`,
        );
      }
    }
  }

  async #advance(d: DistributionRecord): Promise<void> {
    await this.#licensing.recoverCalls(d);
    await this.#licensing.followEvents(d);
    if (d.state === 'running') {
      await this.#licensing.license(d);
      await this.#installing.install(d);
      await this.#installing.verify(d);
    } else {
      await this.#cancelOpen(d);
    }
    await this.#finish(d);
  }

  #lease() {
    const now = this.#now();
    return {
      now,
      owner: this.#owner,
      leaseUntil: new Date(now.getTime() + this.#c.leaseMs),
    };
  }

  /** Apple's `ASSET_MANAGEMENT` notification for an event: its call is polled at the next pass instead of at Apple's pace. True when the event is one of ours. */
  eventProgressed(eventId: string): Promise<boolean> {
    return this.#licensing.eventProgressed(eventId);
  }

  /** A device answered a command; acts when it is one of a distribution's installs. */
  onCommandResult(event: MdmCommandResultEvent): Promise<void> {
    return this.#installing.onCommandResult(event);
  }

  /** A device's new inventory: installed items, versions, and updates of old ones. */
  onInventory(device: DeviceState, apps: DeviceAppRecord[]): Promise<void> {
    return this.#installing.onInventory(device, apps);
  }

  // ---- Ending ----------------------------------------------------------------------

  async #cancelOpen(d: DistributionRecord): Promise<void> {
    const items = await this.#o.store.claimItems({
      ...this.#lease(),
      distributionId: d.id,
      states: ['pending', 'licensed'],
      limit: this.#c.batchSize,
      withCommand: false,
    });
    await this.#o.store.updateItems(
      items.map(i => i.id),
      ['pending', 'licensed'],
      { state: 'cancelled' },
      this.#now(),
    );
  }

  async #finish(d: DistributionRecord): Promise<void> {
    if (d.state !== 'running') return;
    // Every pass asks; counting a large distribution's items each time costs a scan.
    if (await this.#o.store.hasItemsIn(d.id, [...OPEN_STATES])) return;
    const counts = (await this.#o.store.countItems([d.id])).get(d.id) ?? {};
    await this.#o.store.setDistributionState(
      d.id,
      ['running'],
      (counts.failed ?? 0) > 0 ? 'completed-with-failures' : 'completed',
      this.#now(),
    );
  }
}
