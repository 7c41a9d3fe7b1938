import { randomUUID } from 'node:crypto';
import { ErrorResponse } from './errors';
import { EventOutcome } from './location';

export type EventType =
  | 'ASSOCIATE'
  | 'DISASSOCIATE'
  | 'REVOKE'
  | 'CREATE'
  | 'UPDATE'
  | 'RETIRE';
export type EventStatus = 'PENDING' | 'COMPLETE' | 'FAILED';

export interface SimulatorEvent {
  eventId: string;
  locationId: string;
  eventType: EventType;
  eventStatus: EventStatus;
  numRequested: number;
  numCompleted: number;
  failures: ErrorResponse[];
  createdAt: string;
  completedAt?: string;
}

interface PendingWork {
  event: SimulatorEvent;
  run: () => EventOutcome;
  onDone: (event: SimulatorEvent, outcome: EventOutcome) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Asynchronous events: PENDING when created, COMPLETE or FAILED after `delayMs`. The work
 * runs at completion time, in creation order, so licences are counted when Apple would.
 */
export class EventManager {
  private readonly events = new Map<string, SimulatorEvent>();
  private readonly pending = new Map<string, PendingWork>();
  private waiters = new Map<string, Array<(event: SimulatorEvent) => void>>();

  create(
    input: {
      locationId: string;
      eventType: EventType;
      numRequested: number;
      delayMs: number;
    },
    run: () => EventOutcome,
    onDone: (event: SimulatorEvent, outcome: EventOutcome) => void,
  ): SimulatorEvent {
    const event: SimulatorEvent = {
      eventId: randomUUID(),
      locationId: input.locationId,
      eventType: input.eventType,
      eventStatus: 'PENDING',
      numRequested: input.numRequested,
      numCompleted: 0,
      failures: [],
      createdAt: new Date().toISOString(),
    };
    this.events.set(event.eventId, event);
    const work: PendingWork = { event, run, onDone };
    this.pending.set(event.eventId, work);
    work.timer = setTimeout(() => this.complete(event.eventId), input.delayMs);
    return event;
  }

  get(eventId: string): SimulatorEvent | undefined {
    return this.events.get(eventId);
  }

  list(locationId?: string): SimulatorEvent[] {
    return [...this.events.values()].filter(
      event => locationId === undefined || event.locationId === locationId,
    );
  }

  /** Completes every pending event now, oldest first. */
  completeAll(): void {
    for (const eventId of [...this.pending.keys()]) {
      this.complete(eventId);
    }
  }

  /** Resolves with the event once it is COMPLETE or FAILED. */
  waitFor(eventId: string): Promise<SimulatorEvent> {
    const event = this.events.get(eventId);
    if (!event) {
      return Promise.reject(new Error(`Unknown event ${eventId}`));
    }
    if (event.eventStatus !== 'PENDING') {
      return Promise.resolve(event);
    }
    return new Promise(resolve => {
      const list = this.waiters.get(eventId) ?? [];
      list.push(resolve);
      this.waiters.set(eventId, list);
    });
  }

  /** Drops all events and cancels pending work (reset / close). */
  clear(): void {
    for (const work of this.pending.values()) {
      clearTimeout(work.timer);
    }
    this.pending.clear();
    this.events.clear();
    this.waiters.clear();
  }

  private complete(eventId: string): void {
    const work = this.pending.get(eventId);
    if (!work) {
      return;
    }
    // Older events of the same location first, so a fast event never overtakes a slow one.
    for (const [otherId, other] of this.pending) {
      if (otherId === eventId) {
        break;
      }
      if (other.event.locationId === work.event.locationId) {
        this.complete(otherId);
      }
    }
    clearTimeout(work.timer);
    this.pending.delete(eventId);
    const outcome = work.run();
    const event = work.event;
    event.numCompleted = outcome.numCompleted;
    event.failures = outcome.failures;
    event.eventStatus = outcome.failures.length > 0 ? 'FAILED' : 'COMPLETE';
    event.completedAt = new Date().toISOString();
    work.onDone(event, outcome);
    const waiters = this.waiters.get(eventId) ?? [];
    this.waiters.delete(eventId);
    waiters.forEach(resolve => resolve(event));
  }
}
