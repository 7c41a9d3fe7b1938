import { randomUUID } from 'node:crypto';
import {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import {
  VPP_TOKEN_CHANGED_TOPIC,
  VppApiClient,
} from '@internal/plugin-vpp-common';
import { createServiceVppClient } from '../lib/serviceVppClient';
import { tokenToEntity } from '../lib/tokenToEntity';
import { readVppTokenEntityProviderConfig } from './VppTokenEntityProviderConfig';

/** Subscriber id for token change events (scoped to the catalog plugin). */
const EVENT_SUBSCRIBER_ID = 'catalog-vpp-token-provider';

/**
 * Options for {@link VppTokenEntityProvider.fromConfig}.
 *
 * @public
 */
export interface VppTokenEntityProviderOptions {
  logger: LoggerService;
  auth: AuthService;
  discovery: DiscoveryService;
  /** Used to build the task runner from `catalog.providers.vppTokens.schedule`. */
  scheduler?: SchedulerService;
  /** Overrides the schedule from config, e.g. in tests. */
  taskRunner?: SchedulerServiceTaskRunner;
  /** When given, `vpp.token.changed` events trigger an immediate refresh. */
  events?: EventsService;
  /**
   * How long a scheduled refresh that failed waits before each new attempt, e.g. while
   * the vpp backend is still starting. Defaults to 10, 30 and 60 seconds.
   */
  retryDelaysMs?: number[];
}

const DEFAULT_RETRY_DELAYS_MS = [10_000, 30_000, 60_000];

/**
 * Puts every content token registered in the vpp backend into the catalog as a
 * `Resource` of type `apple-vpp-token`, owned by the token's group.
 *
 * Runs a full refresh on the configured schedule and whenever the vpp backend publishes
 * `vpp.token.changed`.
 *
 * @public
 */
export class VppTokenEntityProvider implements EntityProvider {
  readonly #logger: LoggerService;
  readonly #client: VppApiClient;
  readonly #taskRunner: SchedulerServiceTaskRunner;
  readonly #events?: EventsService;
  readonly #appBaseUrl?: string;
  readonly #retryDelaysMs: number[];
  #connection?: EntityProviderConnection;
  #inFlight?: Promise<boolean>;
  #again = false;

  static fromConfig(
    config: RootConfigService,
    options: VppTokenEntityProviderOptions,
  ): VppTokenEntityProvider {
    const providerConfig = readVppTokenEntityProviderConfig(config);
    const taskRunner =
      options.taskRunner ??
      options.scheduler?.createScheduledTaskRunner(providerConfig.schedule);
    if (!taskRunner) {
      throw new Error(
        'VppTokenEntityProvider needs either a scheduler or a taskRunner',
      );
    }
    return new VppTokenEntityProvider({
      logger: options.logger,
      client: createServiceVppClient(options),
      taskRunner,
      events: options.events,
      appBaseUrl: providerConfig.appBaseUrl,
      retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    });
  }

  private constructor(options: {
    logger: LoggerService;
    client: VppApiClient;
    taskRunner: SchedulerServiceTaskRunner;
    events?: EventsService;
    appBaseUrl?: string;
    retryDelaysMs: number[];
  }) {
    this.#logger = options.logger.child({ target: this.getProviderName() });
    this.#client = options.client;
    this.#taskRunner = options.taskRunner;
    this.#events = options.events;
    this.#appBaseUrl = options.appBaseUrl;
    this.#retryDelaysMs = options.retryDelaysMs;
  }

  getProviderName(): string {
    return 'vpp-token-provider:default';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;

    const taskId = `${this.getProviderName()}:refresh`;
    await this.#taskRunner.run({
      id: taskId,
      fn: async (signal?: AbortSignal) => {
        const logger = this.#logger.child({
          taskId,
          taskInstanceId: randomUUID(),
        });
        for (let attempt = 0; ; attempt++) {
          const delay = this.#retryDelaysMs[attempt];
          const ok = await this.#refreshLoggingErrors(
            logger,
            delay === undefined
              ? undefined
              : `trying again in ${Math.round(delay / 1000)} s`,
          );
          if (ok || delay === undefined || signal?.aborted) {
            return;
          }
          await sleep(delay, signal);
          if (signal?.aborted) {
            return;
          }
        }
      },
    });

    await this.#events?.subscribe({
      id: EVENT_SUBSCRIBER_ID,
      topics: [VPP_TOKEN_CHANGED_TOPIC],
      onEvent: params => this.#onTokenChanged(params),
    });
  }

  /**
   * Reads all tokens from the vpp backend and replaces the provider's entities with
   * them. Throws when the tokens cannot be read; the catalog then keeps what it has.
   */
  async refresh(logger: LoggerService = this.#logger): Promise<void> {
    if (!this.#connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    const { items } = await this.#client.listTokens();
    const entities = items.map(token => ({
      entity: tokenToEntity(token, { appBaseUrl: this.#appBaseUrl }),
      locationKey: this.getProviderName(),
    }));
    await this.#connection.applyMutation({ type: 'full', entities });
    logger.info(`Provided ${entities.length} content token entities`);
  }

  async #onTokenChanged(params: EventParams): Promise<void> {
    const payload = (params.eventPayload ?? {}) as {
      tokenId?: unknown;
      change?: unknown;
    };
    this.#logger.info(
      `Content token ${String(
        payload.tokenId ?? '(unknown)',
      )} changed (${String(
        payload.change ?? 'unknown change',
      )}); refreshing token entities`,
    );
    await this.#refreshLoggingErrors(this.#logger);
  }

  /**
   * Runs {@link VppTokenEntityProvider.refresh}, never two at once in this instance:
   * a request that arrives while one runs makes it run once more afterwards, so the
   * last change is always picked up. Errors are logged (as warnings when the caller
   * will try again), not thrown. Resolves to whether the last read succeeded.
   */
  async #refreshLoggingErrors(
    logger: LoggerService,
    retryNote?: string,
  ): Promise<boolean> {
    if (this.#inFlight) {
      this.#again = true;
      return this.#inFlight;
    }
    this.#inFlight = (async () => {
      let ok = false;
      try {
        do {
          this.#again = false;
          try {
            await this.refresh(logger);
            ok = true;
          } catch (error) {
            ok = false;
            const message =
              'Could not read content tokens from the vpp backend; the catalog keeps the token entities it has';
            if (retryNote) {
              logger.warn(`${message}; ${retryNote}`, toError(error));
            } else {
              logger.error(message, toError(error));
            }
          }
        } while (this.#again);
        return ok;
      } finally {
        this.#inFlight = undefined;
      }
    })();
    return this.#inFlight;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}
