// @ts-check

/**
 * Counting a field search over 100,000 devices: the listing's one trigram index is on
 * `search_text` (all 14 fields), so a field search also matches `search_text` to use it.
 * When a needle is common (a mail domain, a model in display names: tens of thousands of
 * devices) PostgreSQL scans instead, and testing `search_text` on every row cost more
 * than the rest of the count (105 ms against 42 ms). The two fields whose values are long
 * and shared get their own trigram index on the listing, and their counts test the field
 * alone. PostgreSQL with pg_trgm only (SQLite counts from its FTS5 table).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (String(knex.client.config.client).includes('sqlite')) return;
  const { rows } = await knex.raw(
    "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'",
  );
  if (rows.length === 0) return;
  await knex.raw(
    'CREATE INDEX vpp_device_listing_email_trgm ON vpp_device_listing USING gin (email_norm gin_trgm_ops)',
  );
  await knex.raw(
    'CREATE INDEX vpp_device_listing_display_name_trgm ON vpp_device_listing USING gin (display_name_norm gin_trgm_ops)',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (String(knex.client.config.client).includes('sqlite')) return;
  await knex.raw('DROP INDEX IF EXISTS vpp_device_listing_email_trgm');
  await knex.raw('DROP INDEX IF EXISTS vpp_device_listing_display_name_trgm');
};
