import { Knex } from 'knex';
import { CommandAnswer, CommandPurpose, MdmCommandRecord } from './DeviceStore';
import { retryOnDeadlock } from './deadlocks';
import { StatementBatcher } from './statementBatcher';
import { isSqlite } from './sqliteStatements';

const COMMANDS = 'vpp_mdm_commands';

/** Rows per statement: SQLite allows 32,766 bindings, PostgreSQL 65,535. */
const BATCH = 500;

/** Answers per statement: 5 bindings each. */
const ANSWERS_PER_STATEMENT = 200;

type Answered = {
  command_id: string;
  enrollment_id: string;
  purpose: string;
  detail: string | null;
};

/**
 * The inventory commands this backend sent (`vpp_mdm_commands`) and the devices'
 * answers to them. An answer per device comes with every installed-apps check of a
 * distribution, so answers from concurrent webhook requests are written together.
 */
export class MdmCommandRecords {
  readonly #answers: StatementBatcher<
    CommandAnswer,
    CommandPurpose | undefined
  >;

  constructor(private readonly db: Knex) {
    this.#answers = new StatementBatcher({
      maxBatch: ANSWERS_PER_STATEMENT,
      write: batch => this.#answerAll(batch),
      keyOf: a => `${a.commandId}\u0000${a.enrollmentId}`,
    });
  }

  async record(commands: MdmCommandRecord[]): Promise<void> {
    const rows = commands.map(c => ({
      command_id: c.commandId,
      enrollment_id: c.enrollmentId,
      purpose: c.purpose,
      detail: c.detail ?? null,
      sent_at: c.sentAt,
      status: c.status,
      error: c.error ?? null,
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db(COMMANDS)
        .insert(rows.slice(i, i + BATCH))
        .onConflict(['command_id', 'enrollment_id'])
        .merge(['status', 'error'])
        // A device can answer before its send is recorded; never undo that answer.
        .where(`${COMMANDS}.answered_at`, null);
    }
  }

  /** Records an answer; the command's purpose, or undefined for one not recorded. */
  answer(answer: CommandAnswer): Promise<CommandPurpose | undefined> {
    return this.#answers.add(answer);
  }

  /**
   * One statement for a batch. The last answer wins; a repeated or older one changes
   * nothing, and its command's purpose is read instead.
   */
  async #answerAll(
    batch: CommandAnswer[],
  ): Promise<Array<CommandPurpose | undefined>> {
    const stamp = isSqlite(this.db) ? '?' : '?::timestamptz';
    const result = await retryOnDeadlock(() =>
      this.db.raw(
        `WITH v(command_id, enrollment_id, status, answered_at, error) AS (
           VALUES ${batch.map(() => `(?, ?, ?, ${stamp}, ?)`).join(', ')}
         )
         UPDATE ${COMMANDS}
         SET status = v.status, answered_at = v.answered_at, error = v.error
         FROM v
         WHERE ${COMMANDS}.command_id = v.command_id
           AND ${COMMANDS}.enrollment_id = v.enrollment_id
           AND (${COMMANDS}.answered_at IS NULL OR ${COMMANDS}.answered_at < v.answered_at)
         RETURNING ${COMMANDS}.command_id, ${COMMANDS}.enrollment_id,
           ${COMMANDS}.purpose, ${COMMANDS}.detail`,
        batch.flatMap(a => [
          a.commandId,
          a.enrollmentId,
          a.status,
          a.at,
          a.error ?? null,
        ]),
      ),
    );
    const rows: Answered[] = Array.isArray(result) ? result : result.rows;
    const key = (commandId: string, enrollmentId: string) =>
      `${commandId}\u0000${enrollmentId}`;
    const found = new Map(
      rows.map(r => [key(r.command_id, r.enrollment_id), r]),
    );
    const missed = batch.filter(
      a => !found.has(key(a.commandId, a.enrollmentId)),
    );
    if (missed.length) {
      const recorded: Answered[] = await this.db(COMMANDS)
        .select('command_id', 'enrollment_id', 'purpose', 'detail')
        .whereIn(
          ['command_id', 'enrollment_id'],
          missed.map(a => [a.commandId, a.enrollmentId]),
        );
      for (const row of recorded) {
        found.set(key(row.command_id, row.enrollment_id), row);
      }
    }
    return batch.map(a => {
      const row = found.get(key(a.commandId, a.enrollmentId));
      return row
        ? { purpose: row.purpose, detail: row.detail ?? undefined }
        : undefined;
    });
  }
}
