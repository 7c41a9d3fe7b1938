import plist from 'plist';
import { StoredCommand } from './commandQueue';

/** One command one device received, and what it answered (control API). */
export interface CommandRecord {
  commandUuid: string;
  requestType: string;
  /** The plist as enqueued. */
  raw: string;
  enqueuedAt: number;
  /** Times the device was handed the command (NotNow brings it back). */
  deliveries: number;
  /** Last answer: Acknowledged, Error, CommandFormatError or NotNow; absent = still queued. */
  status?: string;
  /** The device's last report, raw. */
  answer?: string;
  answeredAt?: number;
}

/** What the control API shows of one record: decoded plists. */
export interface DecodedCommandRecord {
  udid: string;
  commandUuid: string;
  requestType: string;
  command: unknown;
  enqueuedAt: string;
  deliveries: number;
  status?: string;
  answer?: unknown;
  answeredAt?: string;
}

const RECORDS_PER_DEVICE = 200;

/** Per device, the commands it was sent, newest last (bounded per device). */
export class CommandLog {
  private readonly records = new Map<string, CommandRecord[]>();

  enqueued(udid: string, command: StoredCommand, now: number): void {
    let list = this.records.get(udid);
    if (!list) {
      list = [];
      this.records.set(udid, list);
    }
    list.push({
      commandUuid: command.commandUuid,
      requestType: command.requestType,
      raw: command.raw,
      enqueuedAt: now,
      deliveries: 0,
    });
    if (list.length > RECORDS_PER_DEVICE) {
      list.splice(0, list.length - RECORDS_PER_DEVICE);
    }
  }

  answered(
    udid: string,
    command: StoredCommand,
    status: string,
    answer: string,
    now: number,
  ): void {
    const list = this.records.get(udid);
    const record = list
      ? findLast(
          list,
          candidate => candidate.commandUuid === command.commandUuid,
        )
      : undefined;
    if (!record) {
      return;
    }
    record.deliveries++;
    record.status = status;
    record.answer = answer;
    record.answeredAt = now;
  }

  list(udid: string): CommandRecord[] {
    return this.records.get(udid) ?? [];
  }

  decoded(udid: string): DecodedCommandRecord[] {
    return this.list(udid).map(record => ({
      udid,
      commandUuid: record.commandUuid,
      requestType: record.requestType,
      command: parseOrRaw(record.raw),
      enqueuedAt: new Date(record.enqueuedAt).toISOString(),
      deliveries: record.deliveries,
      status: record.status,
      answer:
        record.answer === undefined ? undefined : parseOrRaw(record.answer),
      answeredAt:
        record.answeredAt === undefined
          ? undefined
          : new Date(record.answeredAt).toISOString(),
    }));
  }

  clear(): void {
    this.records.clear();
  }

  toJSON() {
    return [...this.records.entries()].map(([udid, records]) => ({
      udid,
      records,
    }));
  }

  restore(snapshot: ReturnType<CommandLog['toJSON']>): void {
    this.records.clear();
    for (const { udid, records } of snapshot) {
      this.records.set(
        udid,
        records.map(record => ({ ...record })),
      );
    }
  }
}

function findLast<T>(
  list: T[],
  predicate: (item: T) => boolean,
): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    if (predicate(list[i])) {
      return list[i];
    }
  }
  return undefined;
}

/** Plists as JSON (data as base64), or the raw text when it does not parse. */
function parseOrRaw(raw: string): unknown {
  try {
    return JSON.parse(
      JSON.stringify(plist.parse(raw), (_key, value) =>
        value && value.type === 'Buffer' && Array.isArray(value.data)
          ? Buffer.from(value.data).toString('base64')
          : value,
      ),
    );
  } catch {
    return raw;
  }
}
