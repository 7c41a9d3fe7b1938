import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ListHistoryResponse,
  VppHistoryOutcome,
} from '@internal/plugin-vpp-common';
import { HistoryStore } from '../database/HistoryStore';

/** Facts of a change as the router hands them over; only plain values are kept. */
export type HistoryFacts = Record<string, unknown>;

/**
 * Keys never recorded whatever a caller passes: token files, bearers, passwords. The
 * router records only facts it chose, this is the second line of defence.
 */
const SECRET_KEY =
  /file|secret|password|passwd|bearer|credential|^token$|stoken|apikey|encryptionkey/i;

const MAX_TEXT = 500;

/**
 * The history of changes (R-BS-5): recorded where the audit events are made, listed for
 * the token page. Recording never fails the change it describes: the change has already
 * happened (or failed) by then, so a database hiccup here is logged instead.
 */
export class HistoryService {
  readonly #store: HistoryStore;
  readonly #logger: LoggerService;
  readonly #now: () => Date;

  constructor(options: {
    store: HistoryStore;
    logger: LoggerService;
    now?: () => Date;
  }) {
    this.#store = options.store;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  async record(entry: {
    action: string;
    actor: string;
    outcome: VppHistoryOutcome;
    facts: HistoryFacts;
    error?: unknown;
  }): Promise<void> {
    const details = plainFacts(entry.facts);
    const { tokenId, deviceId } = details;
    delete details.tokenId;
    delete details.deviceId;
    try {
      await this.#store.record({
        occurredAt: this.#now(),
        actor: entry.actor,
        action: entry.action,
        outcome: entry.outcome,
        tokenId: typeof tokenId === 'string' ? tokenId : undefined,
        deviceId: typeof deviceId === 'string' ? deviceId : undefined,
        details,
        error:
          entry.error === undefined ? undefined : describeError(entry.error),
      });
    } catch (error) {
      this.#logger.error(
        `Could not record ${entry.action} by ${entry.actor} in the history`,
        error as Error,
      );
    }
  }

  /** The changes of one token or one device, newest first. */
  async list(
    subject: { tokenId: string } | { deviceId: string },
    page: { offset?: number; limit?: number },
  ): Promise<ListHistoryResponse> {
    const { items, totalCount } = await this.#store.list({
      ...subject,
      offset: page.offset ?? 0,
      limit: page.limit ?? 50,
    });
    return {
      items: items.map(item => ({
        id: item.id,
        occurredAt: item.occurredAt.toISOString(),
        actor: item.actor,
        action: item.action,
        outcome: item.outcome,
        ...(item.tokenId ? { tokenId: item.tokenId } : {}),
        ...(item.deviceId ? { deviceId: item.deviceId } : {}),
        details: item.details,
        ...(item.error ? { error: item.error } : {}),
      })),
      totalCount,
    };
  }
}

function plainFacts(
  facts: HistoryFacts,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (SECRET_KEY.test(key)) continue;
    if (typeof value === 'string') {
      out[key] =
        value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      out[key] = value;
    }
  }
  return out;
}

function describeError(error: unknown): string {
  const message =
    error instanceof Error ? error.message : String(error ?? 'unknown error');
  return message.length > 2000 ? `${message.slice(0, 2000)}…` : message;
}
