import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import {
  VPP_DEVICE_SEARCH_FIELDS,
  VppDeviceSearchField,
  VppDeviceSortField,
} from '@internal/plugin-vpp-common';
import { Knex } from 'knex';
import { DeviceFilter, DeviceSearch, DeviceSort } from './DeviceStore';
import { isSqlite } from './sqliteStatements';

export const DEVICES = 'vpp_devices';
export const DEVICE_APPS = 'vpp_device_apps';
/**
 * Listed devices with only the columns searches filter on (triggers keep it in step):
 * {@link applySearch} applies to it as to `vpp_devices`, and counting reads its narrow
 * rows instead of the wide device rows.
 */
export const DEVICE_LISTING = 'vpp_device_listing';

/** Column of each search field (its normalized copy is `<column>_norm`). */
export const SEARCH_COLUMNS: Record<VppDeviceSearchField, string> = {
  displayName: 'display_name',
  deviceNumber: 'device_number',
  udid: 'udid',
  wifiMac: 'wifi_mac',
  osVersion: 'os_version',
  userName: 'user_name',
  serialNumber: 'serial_number',
  employeeNumber: 'employee_number',
  phone1: 'phone1',
  phone2: 'phone2',
  email: 'email',
  notes1: 'notes1',
  notes2: 'notes2',
  notes3: 'notes3',
};

/** Text columns sort case-insensitively by their normalized copy. */
const SORT_COLUMNS: Record<VppDeviceSortField, string> = {
  displayName: 'display_name_norm',
  deviceNumber: 'device_number_norm',
  serialNumber: 'serial_number_norm',
  udid: 'udid',
  userName: 'user_name_norm',
  employeeNumber: 'employee_number_norm',
  email: 'email_norm',
  osVersion: 'os_version_norm',
  platform: 'platform',
  model: 'model',
  group: 'group_ref',
  enrolled: 'enrolled',
  lastCheckInAt: 'last_check_in_at',
  inventoryAt: 'inventory_at',
};

/**
 * What search compares: NFKC (full-width → ASCII), lower case, runs of white space as
 * one space (so notes over several lines stay one line of `search_text`), trimmed.
 */
export function normalizeSearchText(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The normalized columns of a device's search fields, for writing. */
export function searchColumns(
  values: Record<VppDeviceSearchField, string | null | undefined>,
): Record<string, string> {
  const columns: Record<string, string> = {};
  const parts: string[] = [];
  for (const field of VPP_DEVICE_SEARCH_FIELDS) {
    const norm = normalizeSearchText(values[field]);
    columns[`${SEARCH_COLUMNS[field]}_norm`] = norm;
    parts.push(norm);
  }
  // Normalized values hold no newline, so no match spans two fields.
  columns.search_text = parts.join('\n');
  return columns;
}

/** `column` contains `needle` (already normalized). */
function whereContains(
  knex: Knex,
  builder: Knex.QueryBuilder,
  column: string,
  needle: string,
) {
  if (isSqlite(knex)) {
    // Needles too short for the trigram index: instr needs no escaping, unlike LIKE.
    builder.whereRaw('instr(??, ?) > 0', [column, needle]);
  } else {
    // LIKE with a leading wildcard is what pg_trgm's GIN index accelerates.
    const escaped = needle.replace(/[\\%_]/g, c => `\\${c}`);
    builder.whereRaw(`?? LIKE ? ESCAPE '\\'`, [column, `%${escaped}%`]);
  }
}

/**
 * Fields with a trigram index of their own on the listing (PostgreSQL): their values are
 * long and shared by many devices, or share runs of digits with other fields, so a count
 * tests them alone (see the migrations `20261206150000_device_listing_field_trgm.js` and
 * `20261207120000_device_listing_phone_serial_trgm.js`).
 */
const LISTING_FIELD_INDEXES: ReadonlySet<VppDeviceSearchField> = new Set([
  'email',
  'displayName',
  'phone2',
  'serialNumber',
]);

/** How a search's text is matched, besides the table searched. */
interface MatchOptions {
  /** Over the listing rather than `vpp_devices`. */
  listing?: boolean;
  /**
   * SQLite: test each row rather than ask the FTS5 index (for text so common that a
   * page is found sooner by walking the sort order; see {@link isCommonText}).
   */
  scanText?: boolean;
}

/**
 * A device has `needle` in one of its search fields (`field`), or in any of them.
 * SQLite asks its FTS5 trigram index (3 characters or more; shorter needles scan);
 * PostgreSQL matches `search_text`, which its trigram index serves, and then the field —
 * or, counting over the listing, the field alone when it has its own index.
 */
function whereSearchMatches(
  knex: Knex,
  builder: Knex.QueryBuilder,
  needle: string,
  field: VppDeviceSearchField | undefined,
  { listing = false, scanText = false }: MatchOptions,
) {
  const column = field ? `d.${SEARCH_COLUMNS[field]}_norm` : 'd.search_text';
  if (isSqlite(knex) && !scanText && [...needle].length >= 3) {
    builder.whereIn(
      'd.rowid',
      knex('vpp_devices_fts')
        .select('rowid')
        .whereRaw('vpp_devices_fts MATCH ?', [ftsPhrase(needle, field)]),
    );
    return;
  }
  if (
    field &&
    !isSqlite(knex) &&
    !(listing && LISTING_FIELD_INDEXES.has(field))
  ) {
    whereContains(knex, builder, 'd.search_text', needle);
  }
  whereContains(knex, builder, column, needle);
}

/** The normalized text a search looks for: free text, and one field's value. */
function textTerms(
  search: DeviceSearch,
): Array<{ needle: string; field?: VppDeviceSearchField }> {
  const terms: Array<{ needle: string; field?: VppDeviceSearchField }> = [];
  const q = normalizeSearchText(search.q);
  if (q) terms.push({ needle: q });
  const value = search.field && normalizeSearchText(search.field.value);
  if (value) terms.push({ needle: value, field: search.field!.name });
  return terms;
}

/**
 * On SQLite, whether each text term of a search matches at least half of the listed
 * devices (a capped look at the FTS5 index). A page of such a search is found sooner by
 * walking the sort order and testing each row — about 100 rows for 50, and never more
 * than half of them plus the page, however the matches lie in that order — than by
 * collecting every match from the index and sorting them all: a mail domain or a UDID
 * prefix matches all 100,000 devices, and collecting them cost 70–110 ms a page against
 * under 1 ms. Rarer text stays with the index: its matches may all sort late (a first
 * name in user names and in display names), and the walk would read almost every row.
 */
export async function isCommonText(
  knex: Knex,
  search: DeviceSearch,
): Promise<boolean> {
  if (!isSqlite(knex)) return false;
  const terms = textTerms(search);
  if (!terms.length || terms.some(t => [...t.needle].length < 3)) return false;
  const [{ listed }] = await knex(DEVICE_LISTING).count({ listed: '*' });
  const half = Math.ceil(Number(listed) / 2);
  if (half === 0) return false;
  for (const { needle, field } of terms) {
    const [{ matches }] = await knex.raw(
      `SELECT count(*) AS matches FROM (
         SELECT 1 FROM vpp_devices_fts WHERE vpp_devices_fts MATCH ? LIMIT ?
       )`,
      [ftsPhrase(needle, field), half],
    );
    if (Number(matches) < half) return false;
  }
  return true;
}

/** An FTS5 phrase (or, with a field, a column filter) matching `needle` as a substring. */
function ftsPhrase(needle: string, field?: VppDeviceSearchField): string {
  const phrase = `"${needle.replace(/"/g, '""')}"`;
  return field ? `${SEARCH_COLUMNS[field]}_norm : ${phrase}` : phrase;
}

/**
 * On SQLite, the count of a search that only matches text (3 characters or more) from
 * the FTS5 index alone, whose content is the listing; otherwise undefined.
 */
export function countFromTextIndex(
  knex: Knex,
  search: DeviceSearch,
): Knex.QueryBuilder | undefined {
  if (!isSqlite(knex)) return undefined;
  if (search.groups || search.platform || search.enrolled !== undefined) {
    return undefined;
  }
  if (search.filter || search.app) return undefined;
  const terms = textTerms(search);
  if (!terms.length || terms.some(t => [...t.needle].length < 3)) {
    return undefined;
  }
  const phrases = terms.map(t => ftsPhrase(t.needle, t.field));
  return knex('vpp_devices_fts')
    .whereRaw('vpp_devices_fts MATCH ?', [phrases.join(' AND ')])
    .count<{ count: number | string }[]>({ count: '*' });
}

/**
 * Adds the where clauses of a search to a query over `vpp_devices` or, with `listing`,
 * over {@link DEVICE_LISTING} (alias `d` either way).
 */
export function applySearch(
  knex: Knex,
  builder: Knex.QueryBuilder,
  search: DeviceSearch,
  options: MatchOptions = {},
): void {
  // A device is listed once a check-in told its platform; the listing holds no other.
  if (!options.listing) builder.whereNotNull('d.platform');
  for (const { needle, field } of textTerms(search)) {
    whereSearchMatches(knex, builder, needle, field, options);
  }
  if (search.groups) builder.whereIn('d.group_ref', search.groups);
  if (search.platform) builder.where('d.platform', search.platform);
  if (search.enrolled !== undefined) {
    builder.where('d.enrolled', search.enrolled);
  }
  if (search.filter) {
    const filter = search.filter;
    builder.where(inner => applyFilter(inner, filter));
  }
  const app = search.app;
  if (app) {
    const holders = (version?: string) => {
      const sub = knex(DEVICE_APPS)
        .select('device_id')
        .where('bundle_id', app.bundleId);
      if (version !== undefined) sub.where('version', version);
      return sub;
    };
    switch (app.installState) {
      case 'no-inventory':
        builder.whereNull('d.inventory_at');
        break;
      case 'not-installed':
        builder.whereNotNull('d.inventory_at');
        builder.whereNotIn('d.id', holders());
        break;
      case 'installed':
        builder.whereNotNull('d.inventory_at');
        builder.whereIn('d.id', holders(app.version));
        break;
      default:
        // 'any': a version still means "installed in that version".
        if (app.version !== undefined) {
          builder.whereIn('d.id', holders(app.version));
        }
    }
    if (app.inventoryBefore) {
      const before = app.inventoryBefore;
      builder.where(inner =>
        inner
          .whereNull('d.inventory_at')
          .orWhere('d.inventory_at', '<', before),
      );
    }
  }
}

/** Sort columns the listing holds as well (the others live on `vpp_devices` only). */
const LISTING_SORT_COLUMNS: ReadonlySet<string> = new Set([
  'display_name_norm',
  'device_number_norm',
  'serial_number_norm',
  'user_name_norm',
  'employee_number_norm',
  'email_norm',
  'os_version_norm',
  'platform',
  'group_ref',
  'enrolled',
  'inventory_at',
]);

/**
 * On PostgreSQL, the ids of a page of a display-name search, found with the field's own
 * trigram index and ordered over the listing's narrow rows; otherwise undefined. Over
 * `vpp_devices` such a search either rechecks every device `search_text` shares
 * trigrams with (a first name is also in e-mails and user names) or walks the sort
 * index until a name late in the alphabet: up to 120 ms at 100,000 devices. (E-mail
 * needles are mostly common — a domain — so walking the sort index finds a page at once
 * there: 47 ms at p95 against 97 ms over the listing.)
 */
export function pageFromListing(
  knex: Knex,
  search: DeviceSearch,
  page: DeviceSort & { offset: number; limit: number },
): Knex.QueryBuilder | undefined {
  if (isSqlite(knex) || search.field?.name !== 'displayName') return undefined;
  if (!normalizeSearchText(search.field.value)) return undefined;
  if (!LISTING_SORT_COLUMNS.has(SORT_COLUMNS[page.sort])) return undefined;
  return knex({ d: DEVICE_LISTING })
    .where(b => applySearch(knex, b, search, { listing: true }))
    .select('d.id')
    .modify(b => applySort(b, page))
    .offset(page.offset)
    .limit(page.limit);
}

/** Orders a device query; the id breaks ties so pages are stable. */
export function applySort(builder: Knex.QueryBuilder, sort: DeviceSort): void {
  const order = sort.order === 'desc' ? 'desc' : 'asc';
  // Raw, because knex drops the direction on SQLite when `nulls` is given. Nulls go
  // last ascending and first descending: PostgreSQL's index order both ways.
  builder.orderByRaw(
    `?? ${order} nulls ${order === 'asc' ? 'last' : 'first'}, ?? ${order}`,
    [`d.${SORT_COLUMNS[sort.sort]}`, 'd.id'],
  );
}

/** Translates the permission framework's criteria into a where clause. */
function applyFilter(
  builder: Knex.QueryBuilder,
  filter: PermissionCriteria<DeviceFilter>,
): void {
  if (isAndCriteria(filter)) {
    builder.where(q => {
      for (const f of filter.allOf) q.andWhere(inner => applyFilter(inner, f));
    });
  } else if (isOrCriteria(filter)) {
    builder.where(q => {
      for (const f of filter.anyOf) q.orWhere(inner => applyFilter(inner, f));
    });
  } else if (isNotCriteria(filter)) {
    builder.whereNot(inner => applyFilter(inner, filter.not));
  } else {
    builder.whereIn('d.group_ref', filter.values);
  }
}
