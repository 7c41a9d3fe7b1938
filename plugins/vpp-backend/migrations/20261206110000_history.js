// @ts-check

/**
 * History of changes (R-BS-5): one row per audited change — who, when, what and the
 * outcome — next to the events Backstage's auditor receives. Rows outlive the token or
 * device they are about (no foreign keys), so a deleted token's history stays readable.
 * `details` holds only the non-secret facts the router chose to record, as JSON.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vpp_history', table => {
    table.comment('Changes made through the vpp API: who, when, what, outcome');
    table.bigIncrements('id').primary();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table
      .string('actor', 255)
      .notNullable()
      .comment('User entity ref, or the subject of a calling service');
    table
      .string('action', 100)
      .notNullable()
      .comment('Audit event id, e.g. token-renew');
    table.string('outcome', 16).notNullable().comment('succeeded | failed');
    table.string('token_id', 36).nullable();
    table.string('device_id', 64).nullable();
    table
      .text('details')
      .notNullable()
      .defaultTo('{}')
      .comment('JSON object of non-secret facts');
    table.text('error').nullable().comment('Why a failed change failed');
    table.index(['token_id', 'occurred_at'], 'vpp_history_token_idx');
    table.index(['device_id', 'occurred_at'], 'vpp_history_device_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('vpp_history');
};
