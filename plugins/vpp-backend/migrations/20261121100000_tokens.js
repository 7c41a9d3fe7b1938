// @ts-check

/**
 * Content tokens. The token file is stored only encrypted (AES-256-GCM), in
 * `token_ciphertext`; license-sharing records (R-TOK-7) have none and point at their
 * source through `shares_from`, with the source's location and expiry copied so every
 * record can be listed and turned into a catalog entity on its own.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vpp_tokens', table => {
    table.comment(
      'Apple Apps and Books content tokens (one ABM/ASM location each)',
    );
    table.string('id', 36).primary().notNullable();
    table.string('display_name', 200).notNullable();
    table
      .string('owner', 255)
      .notNullable()
      .comment('Owning catalog group ref');
    table.string('org_name', 255).notNullable();
    table.string('location_name', 255).notNullable();
    table.string('location_uid', 64).notNullable().comment("Apple's uId");
    table.string('country_code', 2).notNullable();
    table.string('default_platform', 32).nullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table
      .string('apple_state', 32)
      .notNullable()
      .defaultTo('ok')
      .comment(
        'Last verdict from Apple: ok | revoked | invalid | expired | claimed-elsewhere',
      );
    table.text('apple_state_reason').nullable();
    table.timestamp('apple_checked_at', { useTz: true }).nullable();
    table
      .string('claimed_by', 255)
      .nullable()
      .comment('Other MDM holding the location');
    table
      .string('shares_from', 36)
      .nullable()
      .references('id')
      .inTable('vpp_tokens')
      .onDelete('CASCADE');
    table.text('notes').notNullable().defaultTo('');
    table.text('token_ciphertext').nullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['owner'], 'vpp_tokens_owner_idx');
    table.index(['shares_from'], 'vpp_tokens_shares_from_idx');
  });
  // One source record per Apple location (renewal check 4); shares reuse the location.
  await knex.raw(
    'CREATE UNIQUE INDEX vpp_tokens_location_source_uq ON vpp_tokens (location_uid) WHERE shares_from IS NULL',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('vpp_tokens');
};
