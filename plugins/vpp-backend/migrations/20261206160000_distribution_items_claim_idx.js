// @ts-check

/**
 * Two claims of every worker pass look for items that are normally none:
 *
 * - `pending` items (licensing not begun): none once the first pass has claimed them,
 *   but PostgreSQL's statistics, taken when every item was pending, make it walk the
 *   primary key in id order looking for them: 14 ms a pass over 30,000 items;
 * - sends a dead worker began (`licensed` with a `command_id`): finding none meant
 *   reading every `licensed` item of the distribution, 12 ms a pass.
 *
 * Partial indexes hold only those items, in id order (the order claims take them), so
 * either answer is a short range; they are written only while an item is in that state.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.index(
      ['distribution_id', 'id'],
      'vpp_distribution_items_pending_idx',
      {
        predicate: knex.whereRaw("state = 'pending'"),
      },
    );
    table.index(
      ['distribution_id', 'id'],
      'vpp_distribution_items_resend_idx',
      {
        predicate: knex.whereRaw(
          "state = 'licensed' AND command_id IS NOT NULL",
        ),
      },
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.dropIndex([], 'vpp_distribution_items_pending_idx');
    table.dropIndex([], 'vpp_distribution_items_resend_idx');
  });
};
