// @ts-check

/**
 * Counting a phone 2 or serial number search over 100,000 devices (PostgreSQL): these
 * values share long runs of characters with each other and with other fields (`3-0000`
 * is in many a phone 1 and device number; serial numbers share their prefix), so the
 * `search_text` trigram index matched nearly every device and the count rechecked them
 * all: p95 up to 132 ms (`yarn bench devices`). Their own trigram indexes on the
 * listing, like e-mail and display name (`20261206150000`), let the count test the field
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
    'CREATE INDEX vpp_device_listing_phone2_trgm ON vpp_device_listing USING gin (phone2_norm gin_trgm_ops)',
  );
  await knex.raw(
    'CREATE INDEX vpp_device_listing_serial_number_trgm ON vpp_device_listing USING gin (serial_number_norm gin_trgm_ops)',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (String(knex.client.config.client).includes('sqlite')) return;
  await knex.raw('DROP INDEX IF EXISTS vpp_device_listing_phone2_trgm');
  await knex.raw('DROP INDEX IF EXISTS vpp_device_listing_serial_number_trgm');
};
