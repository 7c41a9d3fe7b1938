// @ts-check

/**
 * License assignments stored one row per asset instead of one row per assignment.
 *
 * The sync only ever compares an asset's assignees with Apple's list and counts them,
 * and a location has hundreds of thousands of assignments but thousands of assets.
 * Written one row each, 200,000 assignments cost PostgreSQL about 0.6 s of CPU in
 * index maintenance alone (a WAL record per index entry), more than storing them was
 * worth; one row per asset costs a few milliseconds and lets unchanged assets be
 * skipped. The rows are a copy of Apple's data, so they are not converted: the next
 * sync of each token is a full pass and fetches them again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vpp_asset_assignees', table => {
    table.comment(
      'Who holds the licenses of each asset of a source token, from Apple',
    );
    table
      .string('token_id', 36)
      .notNullable()
      .references('token_id')
      .inTable('vpp_sync_state')
      .onDelete('CASCADE');
    table.string('adam_id', 32).notNullable();
    table.string('pricing_param', 16).notNullable();
    table
      .text('serial_numbers')
      .notNullable()
      .comment(
        'JSON array of the serial numbers with a device license, sorted',
      );
    table
      .text('client_user_ids')
      .notNullable()
      .comment('JSON array of the clientUserIds with a user license, sorted');
    table
      .integer('assignment_count')
      .notNullable()
      .comment('Entries of both arrays, for counting without parsing them');
    table.primary(['token_id', 'adam_id', 'pricing_param']);
  });
  await knex.schema.dropTable('vpp_assignments');
  // No version to continue from: the next pass is a full one.
  await knex('vpp_sync_state').update({ assignments_version_id: null });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // The shape 20261121110000_content.js created; filled again by the next full pass.
  if (String(knex.client.config.client).includes('sqlite')) {
    await knex.raw(`CREATE TABLE vpp_assignments (
      token_id varchar(36) NOT NULL,
      adam_id varchar(32) NOT NULL,
      pricing_param varchar(16) NOT NULL,
      serial_number varchar(64) NOT NULL DEFAULT '',
      client_user_id varchar(255) NOT NULL DEFAULT '',
      PRIMARY KEY (token_id, adam_id, pricing_param, serial_number, client_user_id)
    ) WITHOUT ROWID`);
  } else {
    await knex.schema.createTable('vpp_assignments', table => {
      table.comment('License assignments per source token');
      table.string('token_id', 36).notNullable();
      table.string('adam_id', 32).notNullable();
      table.string('pricing_param', 16).notNullable();
      table.string('serial_number', 64).notNullable().defaultTo('');
      table.string('client_user_id', 255).notNullable().defaultTo('');
      table.primary([
        'token_id',
        'adam_id',
        'pricing_param',
        'serial_number',
        'client_user_id',
      ]);
    });
  }
  await knex.schema.dropTable('vpp_asset_assignees');
  await knex('vpp_sync_state').update({ assignments_version_id: null });
};
