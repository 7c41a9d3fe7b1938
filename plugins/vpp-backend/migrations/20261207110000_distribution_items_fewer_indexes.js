// @ts-check

/**
 * Most item updates change `state`, so PostgreSQL writes a new entry in every index of
 * the item for each (no HOT update): about 330,000 updates for a distribution of three
 * apps to 10,000 devices. Two indexes paid that cost for little:
 *
 * - `device_command_id` alone: never searched by itself (an answer names its device,
 *   so the `enrollment_id` index finds the item);
 * - `apple_call_id`: only items still `licensing` are ever looked up by their Apple
 *   call, so a partial index holds just those, and only while they wait for Apple.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.dropIndex([], 'vpp_distribution_items_dcmd_idx');
    table.dropIndex([], 'vpp_distribution_items_call_idx');
  });
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.index(
      ['apple_call_id'],
      'vpp_distribution_items_licensing_call_idx',
      {
        predicate: knex.whereRaw("state = 'licensing'"),
      },
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.dropIndex([], 'vpp_distribution_items_licensing_call_idx');
  });
  await knex.schema.alterTable('vpp_distribution_items', table => {
    table.index(['device_command_id'], 'vpp_distribution_items_dcmd_idx');
    table.index(['apple_call_id'], 'vpp_distribution_items_call_idx');
  });
};
