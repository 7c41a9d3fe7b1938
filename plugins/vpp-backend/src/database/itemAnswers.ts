import { VppDistributionItemState } from '@internal/plugin-vpp-common';
import { Knex } from 'knex';
import { AnswerPatch, DistributionItemRecord } from './DistributionStore';
import { ITEMS, toItem } from './distributionRows';
import { retryOnDeadlock } from './deadlocks';
import { StatementBatcher } from './statementBatcher';
import { isSqlite } from './sqliteStatements';

/**
 * Devices' answers to distribution installs, written to the item they belong to: the
 * item whose `device_command_id` (the id the device got) or `command_id` (the id sent)
 * it names. There is an answer per device and app, the most frequent write of a
 * distribution, so answers from concurrent webhook requests are written together (see
 * {@link StatementBatcher}), as are inventories' open-item reads and installed marks.
 */

/** Answers per statement: 5 bindings each. */
const ANSWERS_PER_STATEMENT = 200;

type Installed = { id: number; version: string | null; now: Date };

/** The states an inventory answer moves to `installed`. */
const OPEN: VppDistributionItemState[] = [
  'queued',
  'acknowledged',
  'installing',
];

type Answer = {
  enrollmentId: string;
  commandId: string;
  from: VppDistributionItemState[];
  state: VppDistributionItemState;
  /** Null: the item's verify time stays. */
  verifyAt: Date | null;
  now: Date;
};

export class ItemAnswers {
  readonly #answers: StatementBatcher<Answer, number>;

  readonly #openItems: StatementBatcher<string, DistributionItemRecord[]>;
  readonly #installed: StatementBatcher<Installed, number>;

  constructor(private readonly db: Knex) {
    this.#openItems = new StatementBatcher({
      maxBatch: ANSWERS_PER_STATEMENT,
      write: async enrollmentIds => {
        const rows = await this.db(ITEMS)
          .whereIn('enrollment_id', [...new Set(enrollmentIds)])
          .whereIn('state', OPEN)
          .orderBy('id');
        return enrollmentIds.map(id =>
          rows.filter(r => r.enrollment_id === id).map(toItem),
        );
      },
    });
    this.#installed = new StatementBatcher({
      maxBatch: ANSWERS_PER_STATEMENT,
      write: batch => this.#writeInstalled(batch),
      keyOf: i => String(i.id),
    });
    this.#answers = new StatementBatcher({
      maxBatch: ANSWERS_PER_STATEMENT,
      write: batch => this.#writeAll(batch),
      keyOf: a => `${a.enrollmentId}\u0000${a.commandId}`,
    });
  }

  /** The item of an answer (by the id the device got, or the one sent). */
  async find(
    enrollmentId: string,
    commandId: string,
  ): Promise<DistributionItemRecord | undefined> {
    const row =
      (await this.db(ITEMS)
        .where({ enrollment_id: enrollmentId, device_command_id: commandId })
        .first()) ??
      (await this.db(ITEMS)
        .where({ enrollment_id: enrollmentId, command_id: commandId })
        .first());
    return row ? toItem(row) : undefined;
  }

  /** Items an inventory shows installed: still open ones become `installed`. */
  async recordInstalled(
    ids: number[],
    version: string | null,
    now: Date,
  ): Promise<number> {
    const changed = await Promise.all(
      ids.map(id => this.#installed.add({ id, version, now })),
    );
    return changed.reduce((sum, n) => sum + n, 0);
  }

  /** Open items (queued … installing) of an enrollment, for its inventory answer. */
  openItemsOf(enrollmentId: string): Promise<DistributionItemRecord[]> {
    return this.#openItems.add(enrollmentId);
  }

  /** Moves the item of an answer if it is in a `from` state; rows changed (0 or 1). */
  update(
    enrollmentId: string,
    commandId: string,
    from: VppDistributionItemState[],
    patch: AnswerPatch,
    now: Date,
  ): Promise<number> {
    return this.#answers.add({
      enrollmentId,
      commandId,
      from,
      state: patch.state,
      verifyAt: patch.verifyAt ?? null,
      now,
    });
  }

  /** Answers, one statement per set of `from` states (normally one). */
  async #writeAll(batch: Answer[]): Promise<number[]> {
    const changed = new Map<Answer, number>();
    const groups = new Map<string, Answer[]>();
    for (const a of batch) {
      const key = a.from.join(',');
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    for (const group of groups.values()) {
      const stamp = isSqlite(this.db) ? '?' : '?::timestamptz';
      const rows: Array<{
        enrollment_id: string;
        command_id: string | null;
        device_command_id: string | null;
      }> = await retryOnDeadlock(() =>
        this.db.raw(
          `WITH v(enrollment_id, command_id, state, verify_at, updated_at) AS (
             VALUES ${group
               .map(() => `(?, ?, ?, ${stamp}, ${stamp})`)
               .join(', ')}
           )
           UPDATE ${ITEMS}
           SET state = v.state, updated_at = v.updated_at,
             verify_at = COALESCE(v.verify_at, ${ITEMS}.verify_at),
             lease_owner = NULL, lease_until = NULL
           FROM v
           WHERE ${ITEMS}.enrollment_id = v.enrollment_id
             AND (${ITEMS}.device_command_id = v.command_id OR ${ITEMS}.command_id = v.command_id)
             AND ${ITEMS}.state IN (${group[0].from.map(() => '?').join(', ')})
           RETURNING ${ITEMS}.enrollment_id, ${ITEMS}.command_id, ${ITEMS}.device_command_id`,
          [
            ...group.flatMap(a => [
              a.enrollmentId,
              a.commandId,
              a.state,
              a.verifyAt,
              a.now,
            ]),
            ...group[0].from,
          ],
        ),
      ).then(result => (Array.isArray(result) ? result : result.rows));
      for (const a of group) {
        changed.set(
          a,
          rows.filter(
            r =>
              r.enrollment_id === a.enrollmentId &&
              (r.device_command_id === a.commandId ||
                r.command_id === a.commandId),
          ).length,
        );
      }
    }
    return batch.map(a => changed.get(a) ?? 0);
  }

  async #writeInstalled(batch: Installed[]): Promise<number[]> {
    const sqlite = isSqlite(this.db);
    const [id, stamp] = sqlite
      ? ['?', '?']
      : ['CAST(? AS integer)', '?::timestamptz'];
    const result = await retryOnDeadlock(() =>
      this.db.raw(
        `WITH v(id, version, updated_at) AS (
           VALUES ${batch.map(() => `(${id}, ?, ${stamp})`).join(', ')}
         )
         UPDATE ${ITEMS}
         SET state = 'installed', version = v.version, updated_at = v.updated_at,
           lease_owner = NULL, lease_until = NULL
         FROM v
         WHERE ${ITEMS}.id = v.id
           AND ${ITEMS}.state IN (${OPEN.map(() => '?').join(', ')})
         RETURNING ${ITEMS}.id`,
        [...batch.flatMap(i => [i.id, i.version, i.now]), ...OPEN],
      ),
    );
    const rows: Array<{ id: number | string }> = Array.isArray(result)
      ? result
      : result.rows;
    const changed = new Set(rows.map(r => Number(r.id)));
    return batch.map(i => (changed.has(i.id) ? 1 : 0));
  }
}
