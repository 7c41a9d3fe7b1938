// @ts-check

/**
 * Every worker pass asks for items whose install send a dead worker began (`licensed`
 * with a `command_id`). There are normally none, but finding none meant reading every
 * `licensed` item of the distribution: 12 ms a pass, 4 s of PostgreSQL's time in a
 * distribution to 10,000 devices. A partial index holds only those rare items, so the
 * answer is an empty range; it is written only while an item is between recording its
 * command and recording the send.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.index(['distribution_id', 'id'], 'vpp_distribution_items_resend_idx', {
      predicate: knex.whereRaw(
        "state = 'licensed' AND command_id IS NOT NULL",
      ),
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.dropIndex([], 'vpp_distribution_items_resend_idx');
  });
};
