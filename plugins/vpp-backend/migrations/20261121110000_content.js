// @ts-check

/**
 * Purchased content of each source token (R-SYNC-1): Apple's assets with their license
 * counts, the license assignments, App Store metadata per storefront, the sync state
 * (versions, lease, out-of-date signals) and Apple notifications already handled.
 * Shares read their source's content, so only source tokens have rows here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vpp_sync_state', table => {
    table.comment('Content sync of one source token');
    table
      .string('token_id', 36)
      .primary()
      .notNullable()
      .references('id')
      .inTable('vpp_tokens')
      .onDelete('CASCADE');
    table.timestamp('last_sync_at', { useTz: true }).nullable();
    table.timestamp('last_full_sync_at', { useTz: true }).nullable();
    table
      .string('assets_version_id', 128)
      .nullable()
      .comment('versionId of the first /assets page of the last sync');
    table
      .string('assignments_version_id', 128)
      .nullable()
      .comment('sinceVersionId for the next incremental /assignments pass');
    table
      .integer('generation')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Stamp of the last assets pass; assets with an older one are gone',
      );
    table.timestamp('running_since', { useTz: true }).nullable();
    table
      .string('running_by', 64)
      .nullable()
      .comment('Instance holding the sync lease');
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table.timestamp('last_error_at', { useTz: true }).nullable();
    table
      .timestamp('counts_changed_at', { useTz: true })
      .nullable()
      .comment('Apple reported a license count change (ASSET_COUNT)');
    table
      .timestamp('confirmed_at', { useTz: true })
      .nullable()
      .comment('Out-of-date banner dismissed');
    table
      .string('notification_auth_hash', 64)
      .nullable()
      .comment('SHA-256 of the bearer Apple sends with notifications');
    table.text('notification_url').nullable();
    table.integer('asset_count').notNullable().defaultTo(0);
    table.integer('assignment_count').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('vpp_assets', table => {
    table.comment('Purchased apps and books per source token');
    table
      .string('token_id', 36)
      .notNullable()
      .references('token_id')
      .inTable('vpp_sync_state')
      .onDelete('CASCADE');
    table.string('adam_id', 32).notNullable();
    table.string('pricing_param', 16).notNullable();
    table.string('product_type', 16).notNullable();
    table.integer('total_count').notNullable();
    table.integer('assigned_count').notNullable();
    table.integer('available_count').notNullable();
    table.integer('retired_count').notNullable();
    table.boolean('device_assignable').notNullable();
    table.boolean('revocable').notNullable();
    table
      .string('platforms', 128)
      .notNullable()
      .comment('supportedPlatforms from Apple, comma-separated');
    table.integer('generation').notNullable();
    table.primary(['token_id', 'adam_id', 'pricing_param']);
  });

  // License assignments per source token. No foreign key: checking one per row made
  // writing 200,000 rows three times slower on PostgreSQL; the content store removes
  // them with their token instead. '' rather than NULL for the unused one of serial
  // number and user: the primary key covers both, and NULLs never collide. The key is in
  // the order Apple pages assignments (by asset), so a full sync mostly appends to it,
  // and it is the only index: each one more slows writing 200,000 rows.
  if (String(knex.client.config.client).includes('sqlite')) {
    // WITHOUT ROWID: the rows live in the key's b-tree, one structure to write, not two.
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

  await knex.schema.createTable('vpp_app_metadata', table => {
    table.comment('App Store metadata per storefront, from the iTunes lookup');
    table.string('country_code', 2).notNullable();
    table.string('adam_id', 32).notNullable();
    table
      .text('name')
      .nullable()
      .comment('NULL: the lookup did not know the item');
    table.text('icon_url').nullable();
    table.string('bundle_id', 255).nullable();
    table.string('version', 64).nullable();
    table.string('minimum_os_version', 32).nullable();
    table.string('platforms', 128).nullable();
    table.timestamp('fetched_at', { useTz: true }).notNullable();
    table.primary(['country_code', 'adam_id']);
  });

  await knex.schema.createTable('vpp_apple_notifications', table => {
    table.comment('Apple notifications handled (Apple may deliver one twice)');
    table.string('notification_id', 64).primary().notNullable();
    table.string('notification_type', 64).notNullable();
    table.string('location_uid', 64).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.index(['received_at'], 'vpp_apple_notifications_received_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('vpp_apple_notifications');
  await knex.schema.dropTable('vpp_app_metadata');
  await knex.schema.dropTable('vpp_assignments');
  await knex.schema.dropTable('vpp_assets');
  await knex.schema.dropTable('vpp_sync_state');
};
