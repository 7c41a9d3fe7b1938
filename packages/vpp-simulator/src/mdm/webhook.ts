import { createHmac, randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { MdmOptionsInput, MdmSwitches } from './types';

/** NanoMDM v0.9.0's webhook event (`service/webhook/event.json`). */
export interface WebhookEvent {
  topic: string;
  event_id: string;
  created_at: string;
  checkin_event?: {
    udid: string;
    ids: { id: string; type: 'Device' };
    url_params?: Record<string, string>;
    raw_payload: string;
    token_update_tally?: number;
  };
  acknowledge_event?: {
    udid: string;
    ids: { id: string; type: 'Device' };
    status: string;
    command_uuid?: string;
    url_params?: Record<string, string>;
    raw_payload: string;
  };
}

export interface WebhookDelivery {
  eventId: string;
  topic: string;
  udid: string;
  /** This POST repeats one already sent. */
  duplicate: boolean;
  /** Held back so later events overtook it. */
  delayed: boolean;
  status?: number;
  error?: string;
  sentAt?: number;
}

export interface WebhookTarget {
  url?: string;
  username: string;
  password?: string;
  /** Signs each body (`X-Hmac-Signature`), as NanoMDM's `-webhook-hmac-key`. */
  hmacKey?: string;
}

/** Appends to a log kept at about `limit` entries (trimmed in chunks, not per push). */
function pushBounded<T>(log: T[], item: T, limit: number): void {
  log.push(item);
  if (log.length > limit + Math.ceil(limit / 4)) {
    log.splice(0, log.length - limit);
  }
}

/**
 * Go's `time.RFC3339Nano`: nanoseconds with trailing zeros trimmed. The counter keeps
 * timestamps strictly increasing, so events of one millisecond still sort in order.
 */
export class NanoClock {
  private last = 0n;

  now(): string {
    const wall = BigInt(Date.now()) * 1_000_000n;
    const sub = BigInt(Math.floor((performance.now() % 1) * 1_000_000));
    let ns = wall + sub;
    if (ns <= this.last) {
      ns = this.last + 1n;
    }
    this.last = ns;
    const ms = Number(ns / 1_000_000n);
    const fraction = (ns % 1_000_000_000n)
      .toString()
      .padStart(9, '0')
      .replace(/0+$/, '');
    const seconds = new Date(ms).toISOString().slice(0, 19);
    return fraction ? `${seconds}.${fraction}Z` : `${seconds}Z`;
  }
}

/**
 * Posts events as NanoMDM's webhook service does: JSON, `application/json; charset=utf-8`,
 * asynchronously, no retries (a non-200 is only logged). Like a proxy or a second server
 * in front of it, it sometimes sends an event twice or holds one back so a later event
 * overtakes it (rates in the switches, drawn from the given random source).
 */
export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  readonly stats = { sent: 0, failed: 0, duplicates: 0, delayed: 0 };
  /** Every event created, in creation order (for tests and the control API). */
  readonly events: WebhookEvent[] = [];
  /** FIFO with a moving head: 200,000 queued events must not cost a shift() each. */
  private pending: Array<{ event: WebhookEvent; delivery: WebhookDelivery }> =
    [];
  private pendingHead = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private disposed = false;
  private readonly clock = new NanoClock();
  private httpAgent?: HttpAgent;
  private httpsAgent?: HttpsAgent;

  constructor(
    private readonly target: () => WebhookTarget,
    private readonly switches: () => MdmSwitches,
    private readonly random: () => number,
    private readonly logger?: (line: string) => void,
    private readonly logLimit = 10000,
  ) {}

  createdAt(): string {
    return this.clock.now();
  }

  /** Queues one event for delivery. */
  send(event: WebhookEvent): void {
    pushBounded(this.events, event, this.logLimit);
    if (!this.target().url || this.disposed) {
      return;
    }
    const switches = this.switches();
    const udid =
      event.checkin_event?.udid ?? event.acknowledge_event?.udid ?? '';
    const deliver = (duplicate: boolean) => {
      const delayed = this.random() < switches.outOfOrderRate;
      const delivery: WebhookDelivery = {
        eventId: event.event_id,
        topic: event.topic,
        udid,
        duplicate,
        delayed,
      };
      if (duplicate) {
        this.stats.duplicates++;
      }
      if (delayed) {
        this.stats.delayed++;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.enqueue(event, delivery);
        }, switches.outOfOrderDelayMs);
        this.timers.add(timer);
      } else {
        this.enqueue(event, delivery);
      }
    };
    deliver(false);
    if (this.random() < switches.duplicateEventRate) {
      deliver(true);
    }
  }

  private enqueue(event: WebhookEvent, delivery: WebhookDelivery): void {
    this.pending.push({ event, delivery });
    this.pump();
  }

  private pump(): void {
    const limit = Math.max(1, this.switches().webhookConcurrency);
    while (
      this.inFlight < limit &&
      this.pendingHead < this.pending.length &&
      !this.disposed
    ) {
      const { event, delivery } = this.pending[this.pendingHead++];
      if (
        this.pendingHead > 1024 &&
        this.pendingHead * 2 > this.pending.length
      ) {
        this.pending = this.pending.slice(this.pendingHead);
        this.pendingHead = 0;
      }
      this.inFlight++;
      this.post(event, delivery).finally(() => {
        this.inFlight--;
        this.pump();
        this.checkIdle();
      });
    }
    this.checkIdle();
  }

  private async post(
    event: WebhookEvent,
    delivery: WebhookDelivery,
  ): Promise<void> {
    const { url, username, password, hmacKey } = this.target();
    if (!url) {
      return;
    }
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(
      () => controller.abort(),
      this.switches().webhookTimeoutMs,
    );
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
    };
    if (password !== undefined) {
      headers.Authorization = `Basic ${Buffer.from(
        `${username}:${password}`,
      ).toString('base64')}`;
    }
    const body = JSON.stringify(event);
    if (hmacKey) {
      headers['X-Hmac-Signature'] = createHmac('sha256', hmacKey)
        .update(body)
        .digest('base64');
    }
    delivery.sentAt = Date.now();
    try {
      const status = await this.postOnce(url, headers, body, controller.signal);
      delivery.status = status;
      if (status === 200) {
        this.stats.sent++;
      } else {
        this.stats.failed++;
        this.logger?.(
          `webhook ${event.topic} ${event.event_id}: unexpected HTTP status: ${status}`,
        );
      }
    } catch (error) {
      this.stats.failed++;
      delivery.error = String((error as Error).message ?? error);
      this.logger?.(
        `webhook ${event.topic} ${event.event_id}: ${delivery.error}`,
      );
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
      pushBounded(this.deliveries, delivery, this.logLimit);
    }
  }

  /**
   * One POST over a kept-alive connection, its answer's status once the body is read.
   * `node:http` rather than fetch: at thousands of events a second fetch's streams cost
   * the simulator more CPU than the devices themselves.
   */
  private postOnce(
    url: string,
    headers: Record<string, string>,
    body: string,
    signal: AbortSignal,
  ): Promise<number> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const agent = this.agentFor(secure);
    return new Promise((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)(
        target,
        {
          method: 'POST',
          agent,
          signal,
          headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
        },
        response => {
          response.on('error', reject);
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.resume();
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  private agentFor(secure: boolean): HttpAgent {
    const limit = Math.max(1, this.switches().webhookConcurrency);
    const current = secure ? this.httpsAgent : this.httpAgent;
    if (current && current.maxSockets === limit) {
      return current;
    }
    current?.destroy();
    const agent = secure
      ? new HttpsAgent({ keepAlive: true, maxSockets: limit })
      : new HttpAgent({ keepAlive: true, maxSockets: limit });
    if (secure) {
      this.httpsAgent = agent as HttpsAgent;
    } else {
      this.httpAgent = agent;
    }
    return agent;
  }

  private checkIdle(): void {
    if (
      this.inFlight === 0 &&
      this.pendingHead >= this.pending.length &&
      this.timers.size === 0
    ) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach(resolve => resolve());
    }
  }

  /** Resolves when nothing is waiting, held back or in flight. */
  idle(): Promise<void> {
    return new Promise(resolve => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  /** Forgets the logs (control reset); deliveries in flight finish. */
  clearLog(): void {
    this.deliveries.length = 0;
    this.events.length = 0;
    this.stats.sent = 0;
    this.stats.failed = 0;
    this.stats.duplicates = 0;
    this.stats.delayed = 0;
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.pending = [];
    this.pendingHead = 0;
    for (const controller of this.controllers) {
      controller.abort();
    }
    this.httpAgent?.destroy();
    this.httpsAgent?.destroy();
    this.checkIdle();
  }
}

/**
 * NanoMDM v0.9.0 event ids: 16 hex digits. From randomUUID, whose entropy is batched:
 * a randomBytes call per event costs more than the rest of a check-in.
 */
export function newEventId(): string {
  const uuid = randomUUID();
  return uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(14, 18);
}

/**
 * NanoMDM takes credentials in the webhook URL (`https://user:secret@host/…`); they
 * move to the Basic header (as Go's client sends them), and the URL shown keeps none.
 */
export function webhookTargetFrom(options: MdmOptionsInput): WebhookTarget {
  let url = options.webhookUrl;
  let username = options.webhookUsername;
  let password = options.webhookPassword;
  if (url) {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      username ??= decodeURIComponent(parsed.username);
      password ??= decodeURIComponent(parsed.password);
      parsed.username = '';
      parsed.password = '';
      url = parsed.toString();
    }
  }
  return {
    url,
    username: username ?? 'nanomdm',
    password,
    hmacKey: options.webhookHmacKey,
  };
}
