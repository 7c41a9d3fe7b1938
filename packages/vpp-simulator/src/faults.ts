import { randomUUID } from 'node:crypto';

/**
 * - `error`: HTTP 5xx (default 503) with `Retry-After`
 * - `rateLimit`: HTTP 429 + errorNumber 9646 with `Retry-After`
 * - `slow`: wait `delayMs`, then answer normally
 * - `drop`: destroy the socket without an answer
 */
export type FaultKind = 'error' | 'rateLimit' | 'slow' | 'drop';

export interface FaultInput {
  kind: FaultKind;
  /** How many matching requests get the fault. Default 1. */
  count?: number;
  /** Only requests whose path starts with this (e.g. `/mdm/v2/assets`). Default: all but /control. */
  pathPrefix?: string;
  /** Only this HTTP method. */
  method?: string;
  /** `error` only: the status, default 503. */
  status?: number;
  /** `error`/`rateLimit`: Retry-After seconds (default 1); null = no header. */
  retryAfter?: number | null;
  /** `slow` only: delay before answering, default 2000. */
  delayMs?: number;
}

export interface Fault {
  id: string;
  kind: FaultKind;
  remaining: number;
  pathPrefix?: string;
  method?: string;
  status: number;
  retryAfter: number | null;
  delayMs: number;
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(input: FaultInput): Fault {
    if (!['error', 'rateLimit', 'slow', 'drop'].includes(input.kind)) {
      throw new Error(`Unknown fault kind ${String(input.kind)}`);
    }
    const count = input.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error('Fault count must be a positive integer');
    }
    const status = input.status ?? (input.kind === 'rateLimit' ? 429 : 503);
    if (input.kind === 'error' && (status < 500 || status > 599)) {
      throw new Error('An error fault needs a 5xx status');
    }
    const fault: Fault = {
      id: randomUUID(),
      kind: input.kind,
      remaining: count,
      pathPrefix: input.pathPrefix,
      method: input.method?.toUpperCase(),
      status,
      retryAfter: input.retryAfter === undefined ? 1 : input.retryAfter,
      delayMs: input.delayMs ?? 2000,
    };
    this.faults.push(fault);
    return fault;
  }

  /** Takes the first fault matching the request (FIFO) and counts it down. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      f =>
        f.remaining > 0 &&
        (!f.pathPrefix || path.startsWith(f.pathPrefix)) &&
        (!f.method || f.method === method.toUpperCase()),
    );
    if (!fault) {
      return undefined;
    }
    fault.remaining--;
    if (fault.remaining === 0) {
      this.faults = this.faults.filter(f => f !== fault);
    }
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map(f => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter(f => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }
}
