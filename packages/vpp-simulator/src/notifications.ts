import { randomUUID } from 'node:crypto';
import { SimulatorSwitches } from './types';

const MAX_LOGGED_DELIVERIES = 10000;

/** Apple's notification envelope. */
export interface NotificationEnvelope {
  notification: object;
  notificationId: string;
  notificationType: string;
  uId: string;
}

/** One delivery (with its attempts) as seen by the control API. */
export interface NotificationDelivery {
  notificationId: string;
  notificationType: string;
  locationId: string;
  url: string;
  attempts: number;
  delivered: boolean;
  /** This is the extra copy sent because of duplicateNotificationRate. */
  duplicate: boolean;
  lastStatus?: number;
  lastError?: string;
  createdAt: string;
  envelope: NotificationEnvelope;
}

export interface NotificationTarget {
  id: string;
  uId: string;
  notificationUrl?: string;
  notificationAuthToken?: string;
  subscribedNotificationTypes: string[];
}

/**
 * Delivers notifications like Apple: POST JSON with `Authorization: Bearer
 * <notificationAuthToken>`, any 2xx = delivered, up to `notificationMaxAttempts` attempts,
 * and sometimes a second copy with the same notificationId.
 */
export class Notifier {
  readonly deliveries: NotificationDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private disposed = false;

  constructor(
    private readonly options: () => SimulatorSwitches,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * Sends TEST_NOTIFICATION once and reports whether it was delivered; Apple rejects the
   * client configuration (9728) when this fails.
   */
  async sendTest(
    target: NotificationTarget,
    url: string,
    authToken: string,
  ): Promise<boolean> {
    const delivery = this.newDelivery(
      target,
      url,
      'TEST_NOTIFICATION',
      {},
      false,
    );
    this.inFlight++;
    try {
      return await this.attempt(delivery, authToken);
    } finally {
      this.settle();
    }
  }

  /** Queues a notification if the location subscribed to its type; never throws. */
  notify(
    target: NotificationTarget,
    notificationType: string,
    notification: object,
  ): void {
    const url = target.notificationUrl;
    const authToken = target.notificationAuthToken;
    if (
      this.disposed ||
      !url ||
      !authToken ||
      !target.subscribedNotificationTypes.includes(notificationType)
    ) {
      return;
    }
    const delivery = this.newDelivery(
      target,
      url,
      notificationType,
      notification,
      false,
    );
    this.inFlight++;
    void this.deliverWithRetries(delivery, authToken);
  }

  /** Resolves once no delivery (including retries and duplicates) is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) {
      return Promise.resolve();
    }
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    for (const controller of this.controllers) {
      controller.abort();
    }
    this.inFlight = 0;
    this.settle();
  }

  clearLog(): void {
    this.deliveries.length = 0;
  }

  private async deliverWithRetries(
    delivery: NotificationDelivery,
    authToken: string,
  ): Promise<void> {
    try {
      const { notificationMaxAttempts, notificationRetryDelayMs } =
        this.options();
      while (!this.disposed) {
        if (await this.attempt(delivery, authToken)) {
          if (
            !delivery.duplicate &&
            this.random() < this.options().duplicateNotificationRate
          ) {
            const copy = this.newDelivery(
              { id: delivery.locationId },
              delivery.url,
              delivery.notificationType,
              delivery.envelope.notification,
              true,
              delivery.envelope,
            );
            this.inFlight++;
            void this.deliverWithRetries(copy, authToken);
          }
          return;
        }
        if (
          delivery.duplicate ||
          delivery.attempts >= notificationMaxAttempts
        ) {
          return;
        }
        await this.sleep(notificationRetryDelayMs);
      }
    } finally {
      this.settle();
    }
  }

  private async attempt(
    delivery: NotificationDelivery,
    authToken: string,
  ): Promise<boolean> {
    delivery.attempts++;
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(
      () => controller.abort(),
      this.options().notificationTimeoutMs,
    );
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${authToken}`,
        },
        body: JSON.stringify(delivery.envelope),
        signal: controller.signal,
      });
      // Drain the body so the connection can be reused or closed.
      await response.arrayBuffer().catch(() => undefined);
      delivery.lastStatus = response.status;
      delivery.delivered = response.status >= 200 && response.status < 300;
      if (!delivery.delivered) {
        delivery.lastError = `HTTP ${response.status}`;
      }
      return delivery.delivered;
    } catch (error) {
      delivery.lastError =
        error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  private newDelivery(
    target: { id: string; uId?: string },
    url: string,
    notificationType: string,
    notification: object,
    duplicate: boolean,
    envelope?: NotificationEnvelope,
  ): NotificationDelivery {
    const delivery: NotificationDelivery = {
      notificationId: envelope?.notificationId ?? randomUUID(),
      notificationType,
      locationId: target.id,
      url,
      attempts: 0,
      delivered: false,
      duplicate,
      createdAt: new Date().toISOString(),
      envelope: envelope ?? {
        notification,
        notificationId: '',
        notificationType,
        uId: target.uId ?? '',
      },
    };
    delivery.envelope.notificationId = delivery.notificationId;
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_LOGGED_DELIVERIES) {
      this.deliveries.splice(0, this.deliveries.length - MAX_LOGGED_DELIVERIES);
    }
    return delivery;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private settle(): void {
    if (this.inFlight > 0) {
      this.inFlight--;
    }
    if (this.inFlight === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach(resolve => resolve());
    }
  }
}
