// @ts-check

/**
 * PostgreSQL: room in each page for the rows' frequent updates that change no indexed
 * column, so they are HOT updates (no index entry written):
 *
 * - `vpp_devices`: every check-in moves `last_check_in_at`, every inventory answer
 *   `inventory_at`. Pages packed full made each of them write a new entry in all seven
 *   indexes, the trigram index of `search_text` among them (0.4 ms an inventory answer).
 * - `vpp_distribution_items`: the worker's leases (`lease_owner`, `lease_until`), taken
 *   and given back around every step of every item.
 *
 * Rows written before this keep their pages until rewritten; new rows get the room.
 * SQLite has no such setting (and no index entries per row version).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (String(knex.client.config.client).includes('sqlite')) return;
  await knex.raw('ALTER TABLE vpp_devices SET (fillfactor = 70)');
  await knex.raw('ALTER TABLE vpp_distribution_items SET (fillfactor = 80)');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (String(knex.client.config.client).includes('sqlite')) return;
  await knex.raw('ALTER TABLE vpp_devices RESET (fillfactor)');
  await knex.raw('ALTER TABLE vpp_distribution_items RESET (fillfactor)');
};
