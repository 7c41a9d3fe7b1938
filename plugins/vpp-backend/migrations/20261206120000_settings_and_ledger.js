// @ts-check

/**
 * Named settings an install can use, and the license ledger (R-LIC-1, R-LIC-2).
 *
 * `vpp_app_configs` and `vpp_vpn_configs`: managed app configurations and per-app VPN
 * settings. Names are unique ignoring case, through `name_key` (the lower-cased name):
 * a unique index on an expression would need different DDL on SQLite and PostgreSQL.
 *
 * `vpp_license_ledger`: one row per device license (Apple location, app, serial number)
 * this product made or is changing. The location is the source token: shares use their
 * source's licenses, so a license made through a share and one made through its source
 * are the same license at Apple. `token_id` keeps the token it was made through (no
 * foreign key: the license outlives a deleted share). Pre-existing licenses are not
 * copied here: they are the sync's `vpp_asset_assignees` minus the ledger, derived when
 * read; a row with mode `pre-existing` only exists while one is being revoked, or as the
 * record of one that was.
 *
 * A change claims its rows first (`assigning` / `revoking`, remembering `prior_state`),
 * calls Apple, and then confirms (`assigned` / `revoked`) or goes back to the prior
 * state. The claim is one statement per batch, so two requests — or two instances —
 * never send the same pair; a claim older than a stale limit may be taken over (its
 * process died while waiting for Apple).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vpp_app_configs', table => {
    table.comment('Managed app configurations installs can use');
    table.string('id', 36).primary().notNullable();
    table.string('name', 200).notNullable();
    table
      .string('name_key', 200)
      .notNullable()
      .unique({ indexName: 'vpp_app_configs_name_key_uniq' })
      .comment('Lower-cased name: names are unique ignoring case');
    table.string('adam_id', 32).nullable();
    table.string('bundle_id', 255).nullable();
    table
      .text('config_values')
      .notNullable()
      .comment('JSON dictionary; dates as {"$date": ISO-8601}');
    table.text('description').notNullable().defaultTo('');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['adam_id'], 'vpp_app_configs_adam_id_idx');
    table.index(['bundle_id'], 'vpp_app_configs_bundle_id_idx');
  });

  await knex.schema.createTable('vpp_vpn_configs', table => {
    table.comment('Per-app VPN settings installs can use');
    table.string('id', 36).primary().notNullable();
    table.string('name', 200).notNullable();
    table
      .string('name_key', 200)
      .notNullable()
      .unique({ indexName: 'vpp_vpn_configs_name_key_uniq' })
      .comment('Lower-cased name: names are unique ignoring case');
    table
      .string('vpn_uuid', 36)
      .notNullable()
      .comment('VPNUUID of the VPN payload on the devices');
    table
      .string('platforms', 32)
      .notNullable()
      .comment('Comma-separated: ios, macos');
    table.text('description').notNullable().defaultTo('');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('vpp_license_ledger', table => {
    table.comment('Device licenses this product assigned or is changing');
    table
      .string('source_token_id', 36)
      .notNullable()
      .references('id')
      .inTable('vpp_tokens')
      .onDelete('CASCADE')
      .comment('The Apple location: the source token');
    table.string('adam_id', 32).notNullable();
    table.string('serial_number', 64).notNullable();
    table.string('pricing_param', 16).notNullable();
    table
      .string('token_id', 36)
      .notNullable()
      .comment('The token (source or share) it was assigned through');
    table
      .string('mode', 16)
      .notNullable()
      .comment('auto | manual | pre-existing');
    table
      .string('state', 16)
      .notNullable()
      .comment('assigning | assigned | revoking | revoked');
    table
      .string('prior_state', 16)
      .nullable()
      .comment('State to go back to if the change fails; NULL: delete the row');
    table.string('assigned_by', 255).nullable();
    table.timestamp('assigned_at', { useTz: true }).nullable();
    table.string('distribution_id', 36).nullable();
    table
      .string('event_id', 64)
      .nullable()
      .comment("Apple's event of the last change");
    table.string('revoked_by', 255).nullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['source_token_id', 'adam_id', 'serial_number']);
    // Reclaim and orphans look up the licenses of devices.
    table.index(
      ['source_token_id', 'serial_number'],
      'vpp_license_ledger_serial_idx',
    );
    table.index(['distribution_id'], 'vpp_license_ledger_distribution_idx');
    table.index(
      ['source_token_id', 'state', 'updated_at'],
      'vpp_license_ledger_state_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('vpp_license_ledger');
  await knex.schema.dropTable('vpp_vpn_configs');
  await knex.schema.dropTable('vpp_app_configs');
};
