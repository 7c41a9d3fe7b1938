export interface RequestLogEntry {
  seq: number;
  /** Epoch milliseconds when the request arrived. */
  time: number;
  method: string;
  path: string;
  query: string;
  /** Token id (see `GET /control/tokens`), `unknown:<hash>` for unknown tokens, else absent. */
  tokenId?: string;
  locationId?: string;
  status?: number;
  errorNumber?: number;
  fault?: string;
  durationMs?: number;
  /** The connection closed before a response was sent (drop fault or client abort). */
  aborted?: boolean;
}

export interface RequestLogFilter {
  tokenId?: string;
  locationId?: string;
  pathPrefix?: string;
  /** Epoch ms; only requests at or after. */
  since?: number;
}

export interface TokenRequestStats {
  tokenId: string;
  total: number;
  firstAt: number;
  lastAt: number;
  /** Requests per calendar second (epoch second → count). */
  perSecond: Array<{ second: number; count: number }>;
  /** Highest count in any calendar second. */
  maxPerSecond: number;
  /** Highest count in any sliding 1000 ms window (what Apple's limit is about). */
  maxInAnyWindow: number;
  /** Answers by HTTP status. */
  byStatus: Record<string, number>;
}

/** Bounded request log with per-token rate statistics for tests and benchmarks. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextSeq = 1;

  constructor(private readonly limit: () => number) {}

  start(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const logged: RequestLogEntry = { seq: this.nextSeq++, ...entry };
    this.entries.push(logged);
    const limit = this.limit();
    if (this.entries.length > limit * 1.1) {
      this.entries.splice(0, this.entries.length - limit);
    }
    return logged;
  }

  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.entries.filter(
      entry =>
        (filter.tokenId === undefined || entry.tokenId === filter.tokenId) &&
        (filter.locationId === undefined ||
          entry.locationId === filter.locationId) &&
        (filter.pathPrefix === undefined ||
          entry.path.startsWith(filter.pathPrefix)) &&
        (filter.since === undefined || entry.time >= filter.since),
    );
  }

  stats(filter: RequestLogFilter = {}): TokenRequestStats[] {
    const byToken = new Map<string, RequestLogEntry[]>();
    for (const entry of this.list(filter)) {
      if (!entry.tokenId) {
        continue;
      }
      const list = byToken.get(entry.tokenId) ?? [];
      list.push(entry);
      byToken.set(entry.tokenId, list);
    }
    return [...byToken.entries()].map(([tokenId, list]) => {
      const times = list.map(e => e.time).sort((a, b) => a - b);
      const perSecond = new Map<number, number>();
      for (const time of times) {
        const second = Math.floor(time / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      }
      let maxInAnyWindow = 0;
      let windowStart = 0;
      for (let i = 0; i < times.length; i++) {
        while (times[i] - times[windowStart] >= 1000) {
          windowStart++;
        }
        maxInAnyWindow = Math.max(maxInAnyWindow, i - windowStart + 1);
      }
      const byStatus: Record<string, number> = {};
      for (const entry of list) {
        const key = entry.status === undefined ? 'none' : String(entry.status);
        byStatus[key] = (byStatus[key] ?? 0) + 1;
      }
      return {
        tokenId,
        total: list.length,
        firstAt: times[0],
        lastAt: times[times.length - 1],
        perSecond: [...perSecond.entries()].map(([second, count]) => ({
          second,
          count,
        })),
        maxPerSecond: Math.max(...perSecond.values()),
        maxInAnyWindow,
        byStatus,
      };
    });
  }

  clear(): void {
    this.entries = [];
  }
}
