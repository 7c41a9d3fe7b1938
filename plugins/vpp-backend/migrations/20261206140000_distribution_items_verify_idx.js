// @ts-check

/**
 * The worker asks every pass for the items whose installed-apps check is due (`state` in
 * queued/acknowledged/installing and `verify_at <= now`). With `verify_at` in the state
 * index that is a range in each state instead of a scan of every open item, which for a
 * distribution to 10,000 devices was the largest single cost of a pass. The new index
 * serves every query the old one did (same leading columns).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.index(
      ['distribution_id', 'state', 'verify_at'],
      'vpp_distribution_items_state_verify_idx',
    );
  });
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.dropIndex([], 'vpp_distribution_items_state_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.index(
      ['distribution_id', 'state'],
      'vpp_distribution_items_state_idx',
    );
  });
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.dropIndex([], 'vpp_distribution_items_state_verify_idx');
  });
};
