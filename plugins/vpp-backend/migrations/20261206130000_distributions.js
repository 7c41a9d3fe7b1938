// @ts-check

/**
 * Distributions (R-DIST): one row per distribution, one per (device, app) item, and one
 * per associate call to Apple. Every external step is written before and after it is
 * made (R-DIST-8):
 *
 * - an Apple call is `planned` (its pairs claimed in the ledger, not sent), `sending`
 *   (maybe sent: after a crash its pairs are checked at Apple before anything is sent
 *   again), `sent` (Apple's event id known) and `done`;
 * - an install is sent under `command_id`, written on the items before `connector.send`
 *   (a retry sends the same id to the same targets, which the MDM treats as queued), and
 *   `device_command_id` is the id the device got (the connector may derive one).
 *
 * Workers claim rows with a lease (`lease_until`) through `UPDATE … WHERE state = …`, so
 * two instances never work the same row and a dead one's rows are taken over.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vpp_distributions', table => {
    table.comment('Distributions of apps to devices (licenses and installs)');
    table.string('id', 36).primary().notNullable();
    table.string('token_id', 36).notNullable();
    table
      .string('source_token_id', 36)
      .notNullable()
      .comment('The Apple location the licenses come from');
    table.text('adam_ids').notNullable().comment('JSON array');
    table.string('platform', 16).notNullable();
    table.string('license_mode', 16).notNullable();
    table.text('options').notNullable().comment('JSON: the options as posted');
    table.text('plan').notNullable().comment('JSON: the plan at creation');
    table
      .string('vpn_config_id', 36)
      .nullable()
      .comment('Also in options; a column for the in-use check');
    table
      .text('app_config_ids')
      .notNullable()
      .defaultTo('')
      .comment('Comma-separated, for the in-use check');
    table.string('state', 32).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('scheduled_at', { useTz: true }).nullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['state', 'scheduled_at'], 'vpp_distributions_state_idx');
    table.index(['token_id'], 'vpp_distributions_token_idx');
  });

  await knex.schema.createTable('vpp_distribution_items', table => {
    table.comment('One app for one device of a distribution');
    table.bigIncrements('id').primary();
    table
      .string('distribution_id', 36)
      .notNullable()
      .references('id')
      .inTable('vpp_distributions')
      .onDelete('CASCADE');
    table.string('device_id', 36).notNullable();
    table.string('enrollment_id', 255).notNullable();
    table.string('serial_number', 64).notNullable();
    table.string('device_platform', 16).notNullable();
    table.string('os_version', 32).nullable();
    table.string('adam_id', 32).notNullable();
    table.string('state', 16).notNullable();
    table
      .boolean('pre_licensed')
      .notNullable()
      .defaultTo(false)
      .comment('Held a license before the distribution (not assigned by it)');
    table.string('version', 64).nullable();
    table.integer('error_number').nullable();
    table
      .text('explanation')
      .nullable()
      .comment('JSON {en, ja, nextStep?: {en, ja}}');
    table
      .string('apple_call_id', 36)
      .nullable()
      .comment('The associate call licensing this item');
    table
      .string('command_id', 64)
      .nullable()
      .comment('InstallApplication id, written before sending');
    table
      .string('device_command_id', 64)
      .nullable()
      .comment('The id the device got (may be derived by the connector)');
    table
      .integer('install_attempts')
      .notNullable()
      .defaultTo(0)
      .comment('InstallApplication sent (9610 and updates send again)');
    table
      .timestamp('verify_at', { useTz: true })
      .nullable()
      .comment('When to ask the device for its installed apps');
    table.string('lease_owner', 36).nullable();
    table.timestamp('lease_until', { useTz: true }).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['distribution_id', 'device_id', 'adam_id'], {
      indexName: 'vpp_distribution_items_uniq',
    });
    table.index(
      ['distribution_id', 'state'],
      'vpp_distribution_items_state_idx',
    );
    table.index(['enrollment_id', 'state'], 'vpp_distribution_items_enr_idx');
    table.index(['command_id'], 'vpp_distribution_items_cmd_idx');
    table.index(['device_command_id'], 'vpp_distribution_items_dcmd_idx');
    table.index(['apple_call_id'], 'vpp_distribution_items_call_idx');
  });

  await knex.schema.createTable('vpp_distribution_apple_calls', table => {
    table.comment('Associate calls to Apple made for distributions');
    table.string('id', 36).primary().notNullable();
    table
      .string('distribution_id', 36)
      .notNullable()
      .references('id')
      .inTable('vpp_distributions')
      .onDelete('CASCADE');
    table.string('source_token_id', 36).notNullable();
    table.text('request').notNullable().comment('JSON ManageAssetsRequest');
    table
      .string('state', 16)
      .notNullable()
      .comment('planned | sending | sent | done');
    table.string('event_id', 64).nullable();
    table.timestamp('next_poll_at', { useTz: true }).nullable();
    table.string('lease_owner', 36).nullable();
    table.timestamp('lease_until', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['state'], 'vpp_distribution_apple_calls_state_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('vpp_distribution_apple_calls');
  await knex.schema.dropTable('vpp_distribution_items');
  await knex.schema.dropTable('vpp_distributions');
};
