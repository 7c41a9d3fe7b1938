// @ts-check

/**
 * Renewal reminders (R-TOK-6).
 *
 * `vpp_token_reminder_settings` holds each token's choice; a token without a row has
 * reminders enabled and no e-mail addresses.
 *
 * `vpp_token_reminder_deliveries` holds one row per reminder and channel. Its primary key
 * (token, threshold, expiry, channel, recipient) is what makes a reminder go out once:
 * an instance may only send after inserting the row as `sending` or moving it from
 * `failed` (or from a `sending` left behind by a crash) back to `sending` in one
 * statement. Renewal changes the expiry, so every key is new and reminders re-arm.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vpp_token_reminder_settings', table => {
    table.comment('Renewal reminder settings per content token');
    table
      .string('token_id', 36)
      .primary()
      .notNullable()
      .references('id')
      .inTable('vpp_tokens')
      .onDelete('CASCADE');
    table.boolean('enabled').notNullable().defaultTo(true);
    table
      .text('emails')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of e-mail addresses');
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('vpp_token_reminder_deliveries', table => {
    table.comment(
      'One renewal reminder over one channel; the key makes it go out once',
    );
    table
      .string('token_id', 36)
      .notNullable()
      .references('id')
      .inTable('vpp_tokens')
      .onDelete('CASCADE');
    table
      .integer('threshold_days')
      .notNullable()
      .comment('Days before expiry; 0 = at expiry');
    table
      .string('expires_at', 40)
      .notNullable()
      .comment(
        'ISO instant of the expiry the reminder is about (a string so the key compares alike on every database)',
      );
    table.string('channel', 16).notNullable().comment('notification | email');
    table
      .string('recipient', 320)
      .notNullable()
      .comment('Owner entity ref (notification) or e-mail address');
    table.string('status', 16).notNullable().comment('sending | sent | failed');
    table.integer('attempts').notNullable().defaultTo(1);
    table.text('last_error').nullable();
    table.timestamp('sent_at', { useTz: true }).nullable();
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('Start of the last attempt, or its outcome');
    table.primary(
      ['token_id', 'threshold_days', 'expires_at', 'channel', 'recipient'],
      'vpp_token_reminder_deliveries_pk',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('vpp_token_reminder_deliveries');
  await knex.schema.dropTable('vpp_token_reminder_settings');
};
