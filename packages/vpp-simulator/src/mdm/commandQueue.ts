import plist from 'plist';

/** A command as NanoMDM stores it: the raw plist bytes plus the two keys it reads. */
export interface StoredCommand {
  commandUuid: string;
  requestType: string;
  /** The enqueued body, handed to the device byte for byte. */
  raw: string;
}

interface QueueEntry {
  command: StoredCommand;
  /** Last report was NotNow: skipped right after that report, back at the next request. */
  notNow: boolean;
}

/** NanoMDM's `mdm.DecodeCommand` errors, so API answers read like the real server's. */
export class CommandDecodeError extends Error {}

/**
 * Reads CommandUUID and Command.RequestType (both required) from a command plist, the way
 * NanoMDM does before storing it.
 */
export function decodeCommand(raw: string): StoredCommand {
  if (raw.length < 1) {
    throw new CommandDecodeError('empty command bytes');
  }
  let parsed: unknown;
  if (!/<plist[\s>]/.test(raw)) {
    // Checked first: the XML parser would also log its complaint to the console.
    throw new CommandDecodeError(
      `parse error: plist: error parsing text property list: no <plist> element: raw content: ${raw}`,
    );
  }
  try {
    parsed = plist.parse(raw);
  } catch (error) {
    throw new CommandDecodeError(
      `parse error: ${(error as Error).message}: raw content: ${raw}`,
    );
  }
  const dict =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  if (!dict) {
    throw new CommandDecodeError(
      `parse error: plist: cannot unmarshal into struct: raw content: ${raw}`,
    );
  }
  const command = dict.Command as Record<string, unknown> | undefined;
  const commandUuid =
    typeof dict.CommandUUID === 'string' ? dict.CommandUUID : '';
  const requestType =
    command && typeof command.RequestType === 'string'
      ? command.RequestType
      : '';
  if (commandUuid === '' || requestType === '') {
    throw new CommandDecodeError('invalid command');
  }
  return { commandUuid, requestType, raw };
}

/**
 * Command storage with the semantics of NanoMDM's PostgreSQL storage: one row per command
 * UUID forever (a second enqueue of the same UUID is a duplicate key), one FIFO queue per
 * enrollment id that only enrollments with push data (after TokenUpdate) may have, and a
 * whole request rejected when any id is unknown.
 */
export class CommandQueues {
  private readonly commands = new Map<string, StoredCommand>();
  private readonly queues = new Map<string, QueueEntry[]>();

  /**
   * Stores `command` for every id, or nothing: answers the PostgreSQL error text NanoMDM
   * passes through as `command_error`.
   */
  enqueue(
    ids: string[],
    command: StoredCommand,
    hasEnrollment: (id: string) => boolean,
  ): string | undefined {
    if (ids.length < 1) {
      return 'no id(s) supplied to queue command to';
    }
    if (command.commandUuid.length > 127) {
      return 'pq: value too long for type character varying(127)';
    }
    if (!command.raw.startsWith('<?xml')) {
      return 'pq: new row for relation "commands" violates check constraint "commands_command_check"';
    }
    if (this.commands.has(command.commandUuid)) {
      return 'pq: duplicate key value violates unique constraint "commands_pkey"';
    }
    const seen = new Set<string>();
    for (const id of ids) {
      if (!hasEnrollment(id)) {
        return 'pq: insert or update on table "enrollment_queue" violates foreign key constraint "enrollment_queue_id_fkey"';
      }
      if (seen.has(id)) {
        return 'pq: duplicate key value violates unique constraint "enrollment_queue_pkey"';
      }
      seen.add(id);
    }
    this.commands.set(command.commandUuid, command);
    for (const id of ids) {
      let queue = this.queues.get(id);
      if (!queue) {
        queue = [];
        this.queues.set(id, queue);
      }
      queue.push({ command, notNow: false });
    }
    return undefined;
  }

  /** The first queued command; after a NotNow report the NotNow'd ones are skipped. */
  next(id: string, skipNotNow: boolean): StoredCommand | undefined {
    const queue = this.queues.get(id);
    if (!queue) {
      return undefined;
    }
    const entry = skipNotNow
      ? queue.find(candidate => !candidate.notNow)
      : queue[0];
    return entry?.command;
  }

  /** Whether a command the enrollment answered NotNow is still queued. */
  hasNotNow(id: string): boolean {
    return this.queues.get(id)?.some(entry => entry.notNow) ?? false;
  }

  /** A device's report: NotNow keeps the command, anything else takes it off the queue. */
  report(id: string, commandUuid: string, status: string): void {
    const queue = this.queues.get(id);
    const index =
      queue?.findIndex(entry => entry.command.commandUuid === commandUuid) ??
      -1;
    if (!queue || index < 0) {
      return;
    }
    if (status === 'NotNow') {
      queue[index].notNow = true;
      return;
    }
    queue.splice(index, 1);
    if (queue.length === 0) {
      this.queues.delete(id);
    }
  }

  /** Authenticate: the enrollment's outstanding commands are dropped. */
  clear(id: string): void {
    this.queues.delete(id);
  }

  queued(id: string): StoredCommand[] {
    return (this.queues.get(id) ?? []).map(entry => entry.command);
  }

  /** Queued commands of every enrollment. */
  totalQueued(): number {
    let total = 0;
    for (const queue of this.queues.values()) {
      total += queue.length;
    }
    return total;
  }

  reset(): void {
    this.commands.clear();
    this.queues.clear();
  }

  toJSON() {
    return {
      commands: [...this.commands.values()],
      queues: [...this.queues.entries()].map(([id, queue]) => ({
        id,
        entries: queue.map(entry => ({
          commandUuid: entry.command.commandUuid,
          notNow: entry.notNow,
        })),
      })),
    };
  }

  restore(snapshot: ReturnType<CommandQueues['toJSON']>): void {
    this.reset();
    for (const command of snapshot.commands) {
      this.commands.set(command.commandUuid, command);
    }
    for (const { id, entries } of snapshot.queues) {
      this.queues.set(
        id,
        entries.map(entry => ({
          command: this.commands.get(entry.commandUuid)!,
          notNow: entry.notNow,
        })),
      );
    }
  }
}
