// @ts-check

/**
 * An item is updated about eleven times on its way to `installed`; four of those (the
 * workers' leases: claim and release) change no indexed column. PostgreSQL can make such
 * an update a HOT update, written without touching any index, only when the row's page
 * has room for the new version; with the default fill factor of 100 the pages of a
 * freshly planned distribution are full, so every lease rewrote all the item's indexes.
 * Leaving 30% of each page free keeps leases HOT (and dead versions are pruned from the
 * page as it is next visited). SQLite has no fill factor.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (String(knex.client.config.client).includes('sqlite')) return;
  await knex.raw('ALTER TABLE vpp_distribution_items SET (fillfactor = 70)');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (String(knex.client.config.client).includes('sqlite')) return;
  await knex.raw('ALTER TABLE vpp_distribution_items RESET (fillfactor)');
};
