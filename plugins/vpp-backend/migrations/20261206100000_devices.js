// @ts-check

/**
 * Managed devices (R-DEV-1): facts from the MDM, the administrator's attributes, the
 * installed-apps inventory, and the MDM commands sent, so that answers can be tied back
 * to what they answer.
 *
 * Search (R-DEV-3) is a case-insensitive substring match over seed A's 14 fields. Each
 * field has a normalized copy (`<field>_norm`: NFKC, lower case, written by the store),
 * and `search_text` joins all 14 for the free-text search. On PostgreSQL one trigram GIN
 * index on `search_text` serves both (a field search also matches `search_text`, so the
 * index narrows the rows and the field's own column decides); one index rather than 15
 * keeps the cost of each check-in's update low. Without pg_trgm the search scans, which
 * is still correct. SQLite has an FTS5 table with the trigram tokenizer over the 14
 * normalized columns (scanning 100,000 wide rows took 50–150 ms a query).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const isPostgres = !String(knex.client.config.client).includes('sqlite');
  const searchFields = [
    'display_name',
    'device_number',
    'udid',
    'wifi_mac',
    'os_version',
    'user_name',
    'serial_number',
    'employee_number',
    'phone1',
    'phone2',
    'email',
    'notes1',
    'notes2',
    'notes3',
  ];

  await knex.schema.createTable('vpp_devices', table => {
    table.comment('Managed devices: MDM facts and administrator attributes');
    table.string('id', 36).primary().notNullable();
    table.string('udid', 255).notNullable().unique('vpp_devices_udid_uniq');
    table
      .string('enrollment_id', 255)
      .notNullable()
      .comment(
        'What commands are addressed to (the UDID for device enrollments)',
      );
    table.string('serial_number', 64).nullable();
    table
      .string('platform', 16)
      .nullable()
      .comment('ios | ipados | macos | tvos; NULL until a check-in tells');
    table.string('model', 128).nullable();
    table.string('product_name', 128).nullable();
    table.string('os_version', 32).nullable();
    table.string('wifi_mac', 32).nullable();
    table.boolean('enrolled').notNullable().defaultTo(false);
    table
      .timestamp('enrollment_changed_at', { useTz: true })
      .nullable()
      .comment('occurredAt of the check-in that set enrolled');
    table
      .integer('enrollment_event_rank')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Orders check-ins of the same instant: Authenticate < TokenUpdate < CheckOut',
      );
    table
      .timestamp('facts_at', { useTz: true })
      .nullable()
      .comment('occurredAt of the event the hardware facts come from');
    table.timestamp('last_check_in_at', { useTz: true }).nullable();
    table.string('group_ref', 255).notNullable();
    table
      .timestamp('inventory_at', { useTz: true })
      .nullable()
      .comment('When the installed-apps list was fetched (device answer time)');
    table.text('display_name').nullable();
    table.text('device_number').nullable();
    table.text('user_name').nullable();
    table.text('employee_number').nullable();
    table.text('phone1').nullable();
    table.text('phone2').nullable();
    table.text('email').nullable();
    table.text('notes1').nullable();
    table.text('notes2').nullable();
    table.text('notes3').nullable();
    for (const field of searchFields) {
      table.text(`${field}_norm`).notNullable().defaultTo('');
    }
    table
      .text('search_text')
      .notNullable()
      .defaultTo('')
      .comment('The 14 normalized search fields joined by newlines');
    table
      .integer('row_version')
      .notNullable()
      .defaultTo(0)
      .comment('Optimistic concurrency between event handlers');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    // Imports and license work look devices up by serial number or UDID, in any case.
    table.index(['serial_number_norm'], 'vpp_devices_serial_idx');
    table.index(['udid_norm'], 'vpp_devices_udid_norm_idx');
    table.index(['group_ref'], 'vpp_devices_group_idx');
    table.index(['display_name_norm'], 'vpp_devices_display_name_idx');
  });

  await knex.schema.createTable('vpp_device_apps', table => {
    table.comment('Installed apps per device (InstalledApplicationList)');
    table
      .string('device_id', 36)
      .notNullable()
      .references('id')
      .inTable('vpp_devices')
      .onDelete('CASCADE');
    table.string('bundle_id', 255).notNullable();
    table.string('adam_id', 32).nullable();
    table.text('name').nullable();
    table.string('version', 64).nullable();
    table.boolean('managed').notNullable().defaultTo(false);
    table.boolean('installing').notNullable().defaultTo(false);
    table.primary(['device_id', 'bundle_id']);
    // Who has an app (in a version): answered from the index alone.
    table.index(
      ['bundle_id', 'version', 'device_id'],
      'vpp_device_apps_bundle_idx',
    );
  });

  await knex.schema.createTable('vpp_mdm_commands', table => {
    table.comment(
      'MDM commands sent per enrollment, to tie device answers back to them',
    );
    table.string('command_id', 64).notNullable();
    table.string('enrollment_id', 255).notNullable();
    table
      .string('purpose', 32)
      .notNullable()
      .comment('device-information | installed-apps | install-app | …');
    table.text('detail').nullable().comment('JSON, e.g. the adamId installed');
    table.timestamp('sent_at', { useTz: true }).notNullable();
    table.timestamp('answered_at', { useTz: true }).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment(
        'queued | failed | acknowledged | error | format-error | not-now',
      );
    table.text('error').nullable();
    table.primary(['command_id', 'enrollment_id']);
    table.index(
      ['enrollment_id', 'sent_at'],
      'vpp_mdm_commands_enrollment_idx',
    );
  });

  // What a device list filters on, for listed devices only (a check-in told their
  // platform), in a table of its own kept in step by triggers: counting the matches of
  // a broad search reads these narrow rows instead of the wide device rows (100,000
  // devices: ~30 MB instead of ~100 MB on PostgreSQL). The page itself still comes from
  // `vpp_devices` through its sort index. Same `id`, and on SQLite the same rowid, so the
  // search conditions apply to either table.
  const listingColumns = [
    'id',
    'platform',
    'enrolled',
    'group_ref',
    'inventory_at',
    'search_text',
    ...searchFields.map(f => `${f}_norm`),
  ];
  await knex.schema.createTable('vpp_device_listing', table => {
    table.comment(
      'Listed devices: the columns searches filter and count on (triggers write it)',
    );
    table
      .string('id', 36)
      .primary()
      .notNullable()
      .references('id')
      .inTable('vpp_devices')
      .onDelete('CASCADE');
    table.string('platform', 16).notNullable();
    table.boolean('enrolled').notNullable();
    table.string('group_ref', 255).notNullable();
    table.timestamp('inventory_at', { useTz: true }).nullable();
    table.text('search_text').notNullable();
    for (const field of searchFields) table.text(`${field}_norm`).notNullable();
    // Counted from the indexes alone (the listing changes rarely, so its pages stay
    // all-visible): all devices, a group's, and those with or without an inventory.
    table.index(['group_ref'], 'vpp_device_listing_group_idx');
    table.index(['inventory_at', 'id'], 'vpp_device_listing_inventory_idx');
  });
  const listingList = listingColumns.join(', ');
  /** @param {string} row */
  const listingValues = row =>
    listingColumns.map(c => `${row}.${c}`).join(', ');
  const listingChanged = listingColumns
    .map(c => `old.${c} IS DISTINCT FROM new.${c}`)
    .join(' OR ');
  if (isPostgres) {
    await knex.raw(`CREATE FUNCTION vpp_device_listing_sync() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.platform IS NULL THEN
          DELETE FROM vpp_device_listing WHERE id = NEW.id;
        ELSE
          INSERT INTO vpp_device_listing (${listingList}) VALUES (${listingValues(
      'NEW',
    )})
          ON CONFLICT (id) DO UPDATE SET ${listingColumns
            .slice(1)
            .map(c => `${c} = EXCLUDED.${c}`)
            .join(', ')};
        END IF;
        RETURN NULL;
      END $$`);
    await knex.raw(`CREATE TRIGGER vpp_devices_listing_insert AFTER INSERT ON vpp_devices
      FOR EACH ROW WHEN (NEW.platform IS NOT NULL) EXECUTE FUNCTION vpp_device_listing_sync()`);
    // A check-in that only moves last_check_in_at fires nothing.
    await knex.raw(`CREATE TRIGGER vpp_devices_listing_update AFTER UPDATE ON vpp_devices
      FOR EACH ROW WHEN (${listingChanged}) EXECUTE FUNCTION vpp_device_listing_sync()`);
  } else {
    await knex.raw(`CREATE TRIGGER vpp_devices_listing_insert AFTER INSERT ON vpp_devices
      WHEN new.platform IS NOT NULL BEGIN
      INSERT INTO vpp_device_listing(rowid, ${listingList}) VALUES (new.rowid, ${listingValues(
      'new',
    )});
    END`);
    await knex.raw(`CREATE TRIGGER vpp_devices_listing_update AFTER UPDATE ON vpp_devices
      WHEN ${listingChanged.replace(/IS DISTINCT FROM/g, 'IS NOT')} BEGIN
      DELETE FROM vpp_device_listing WHERE rowid = old.rowid AND new.platform IS NULL;
      -- In place, so the text index is redone only when the text changed.
      UPDATE vpp_device_listing SET ${listingColumns
        .slice(1)
        .map(c => `${c} = new.${c}`)
        .join(', ')}
        WHERE rowid = old.rowid AND new.platform IS NOT NULL;
      INSERT INTO vpp_device_listing(rowid, ${listingList})
        SELECT new.rowid, ${listingValues('new')} WHERE new.platform IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM vpp_device_listing WHERE rowid = old.rowid);
    END`);
    await knex.raw(`CREATE TRIGGER vpp_devices_listing_delete AFTER DELETE ON vpp_devices BEGIN
      DELETE FROM vpp_device_listing WHERE rowid = old.rowid;
    END`);
  }

  if (!isPostgres) {
    // FTS5 with the trigram tokenizer: substring search over the normalized fields
    // from an index instead of reading every (wide) row. Its content is the listing
    // (listed devices only, same rowids), so a text search counts its matches from
    // this index alone; kept in step by triggers on the listing.
    const columns = searchFields.map(f => `${f}_norm`);
    const list = columns.join(', ');
    /** @param {string} row */
    const values = row => columns.map(c => `${row}.${c}`).join(', ');
    await knex.raw(
      `CREATE VIRTUAL TABLE vpp_devices_fts USING fts5(${list}, content='vpp_device_listing', tokenize='trigram')`,
    );
    await knex.raw(`CREATE TRIGGER vpp_devices_fts_insert AFTER INSERT ON vpp_device_listing BEGIN
      INSERT INTO vpp_devices_fts(rowid, ${list}) VALUES (new.rowid, ${values(
      'new',
    )});
    END`);
    await knex.raw(`CREATE TRIGGER vpp_devices_fts_delete AFTER DELETE ON vpp_device_listing BEGIN
      INSERT INTO vpp_devices_fts(vpp_devices_fts, rowid, ${list}) VALUES ('delete', old.rowid, ${values(
      'old',
    )});
    END`);
    await knex.raw(`CREATE TRIGGER vpp_devices_fts_update AFTER UPDATE ON vpp_device_listing
      WHEN old.search_text IS NOT new.search_text BEGIN
      INSERT INTO vpp_devices_fts(vpp_devices_fts, rowid, ${list}) VALUES ('delete', old.rowid, ${values(
      'old',
    )});
      INSERT INTO vpp_devices_fts(rowid, ${list}) VALUES (new.rowid, ${values(
      'new',
    )});
    END`);
  }

  if (isPostgres) {
    // Room in each page, so that a check-in that changes no indexed column (the common
    // Idle) is a HOT update: no index entries, no GIN work.
    await knex.raw('ALTER TABLE vpp_devices SET (fillfactor = 80)');
    // Trigram search if the extension can be had (it needs a privileged role once).
    // A savepoint, because a failed statement would abort the migration's transaction.
    let trigram = false;
    await knex.raw('SAVEPOINT vpp_pg_trgm');
    try {
      await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await knex.raw('RELEASE SAVEPOINT vpp_pg_trgm');
      trigram = true;
    } catch {
      await knex.raw('ROLLBACK TO SAVEPOINT vpp_pg_trgm');
    }
    if (trigram) {
      await knex.raw(
        'CREATE INDEX vpp_devices_search_trgm ON vpp_devices USING gin (search_text gin_trgm_ops)',
      );
      await knex.raw(
        'CREATE INDEX vpp_device_listing_search_trgm ON vpp_device_listing USING gin (search_text gin_trgm_ops)',
      );
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  const isSqlite = String(knex.client.config.client).includes('sqlite');
  if (isSqlite) {
    for (const trigger of ['insert', 'delete', 'update']) {
      await knex.raw(`DROP TRIGGER IF EXISTS vpp_devices_fts_${trigger}`);
      await knex.raw(`DROP TRIGGER IF EXISTS vpp_devices_listing_${trigger}`);
    }
    await knex.raw('DROP TABLE IF EXISTS vpp_devices_fts');
  }
  await knex.schema.dropTable('vpp_device_listing');
  if (!isSqlite) {
    // With its triggers (CASCADE).
    await knex.raw('DROP FUNCTION IF EXISTS vpp_device_listing_sync() CASCADE');
  }
  await knex.schema.dropTable('vpp_mdm_commands');
  await knex.schema.dropTable('vpp_device_apps');
  await knex.schema.dropTable('vpp_devices');
};
