import { z } from 'zod';
import type { Asset, MdmInfo, ResponseErrorInfo } from './typesCommon';

// ---------------------------------------------------------------------------------------------
// Loose runtime schemas: the pieces the response schemas of every area share (not exported by
// `types.ts`).
//
// Performance note: zod `.transform()` on every field costs ~50 µs per record (a 1,000-record
// page took 50 ms). So records are validated with plain, transform-free schemas (~3 µs per
// record), and ONE transform per response normalises them in plain code: numeric ids become
// strings, numeric strings become numbers, `null` becomes absent. Unknown fields are kept.
// ---------------------------------------------------------------------------------------------

export type Raw = Record<string, unknown>;
export type FieldFix = (value: unknown) => unknown;

export const idLike = z.union([z.string(), z.number()]);
export const numLike = z.union([
  z.number(),
  z.string().regex(/^-?\d+(\.\d+)?$/),
]);
export const boolLike = z.union([z.boolean(), z.enum(['true', 'false'])]);
export const str = z.string().nullish();
export const idList = z.array(idLike).nullish();

export const ID: FieldFix = v =>
  v === null || v === undefined ? undefined : String(v);
export const NUM: FieldFix = v =>
  v === null || v === undefined ? undefined : Number(v);
export const BOOL: FieldFix = v =>
  v === null || v === undefined ? undefined : v === true || v === 'true';
export const OPT: FieldFix = v => (v === null ? undefined : v);
export const IDS: FieldFix = v =>
  v === null || v === undefined ? undefined : (v as unknown[]).map(String);

/** Copies `raw` (unknown fields included) and applies `fixes`; fields that become undefined are dropped. */
export function fix<T>(
  raw: Raw,
  fixes: ReadonlyArray<readonly [string, FieldFix]>,
): T {
  const out: Raw = { ...raw };
  for (const [key, fixField] of fixes) {
    if (key in out) {
      const value = fixField(out[key]);
      if (value === undefined) {
        delete out[key];
      } else {
        out[key] = value;
      }
    }
  }
  return out as T;
}

const MDM_FIXES = [
  ['id', ID],
  ['metadata', OPT],
] as const;
const MDM: FieldFix = v =>
  v === null || v === undefined ? undefined : fix<MdmInfo>(v as Raw, MDM_FIXES);
export const COMMON_FIXES = [
  ['uId', ID],
  ['tokenExpirationDate', OPT],
  ['mdmInfo', MDM],
] as const;
export const PAGED_FIXES = [
  ...COMMON_FIXES,
  ['currentPageIndex', NUM],
  ['nextPageIndex', NUM],
  ['size', NUM],
  ['totalPages', NUM],
  ['versionId', ID],
] as const;

/**
 * A page of `/assets`, `/assignments` or `/users`: the paging fields, and each record of its
 * `list` (none → empty).
 */
export function fixPage<P>(
  raw: Raw,
  list: string,
  recordFixes: ReadonlyArray<readonly [string, FieldFix]>,
): P {
  const out = fix<Raw>(raw, PAGED_FIXES);
  out[list] = ((raw[list] as Raw[] | null | undefined) ?? []).map(record =>
    fix(record, recordFixes),
  );
  return out as P;
}

const ASSET_REF_FIXES = [
  ['adamId', ID],
  ['pricingParam', (v: unknown) => v ?? 'STDQ'],
] as const;
const ERROR_INFO_FIXES = [
  [
    'assets',
    (v: unknown) =>
      v === null || v === undefined
        ? undefined
        : (v as Raw[]).map(a =>
            fix<Asset>({ pricingParam: 'STDQ', ...a }, ASSET_REF_FIXES),
          ),
  ],
  ['clientUserIds', IDS],
  ['serialNumbers', IDS],
] as const;
export const ERROR_FIXES = [
  ['errorNumber', NUM],
  ['errorMessage', OPT],
  [
    'errorInfo',
    (v: unknown) =>
      v === null || v === undefined
        ? undefined
        : fix<ResponseErrorInfo>(v as Raw, ERROR_INFO_FIXES),
  ],
] as const;

const mdmInfoRaw = z
  .object({ id: idLike, name: z.string(), metadata: str })
  .passthrough();

export const commonShape = {
  uId: idLike.nullish(),
  tokenExpirationDate: str,
  mdmInfo: mdmInfoRaw.nullish(),
};

export const pagedShape = {
  ...commonShape,
  currentPageIndex: numLike.nullish(),
  nextPageIndex: numLike.nullish(),
  size: numLike.nullish(),
  totalPages: numLike.nullish(),
  versionId: idLike.nullish(),
};

const assetRefRaw = z
  .object({ adamId: idLike, pricingParam: str })
  .passthrough();

const errorInfoRaw = z
  .object({
    assets: z.array(assetRefRaw).nullish(),
    clientUserIds: idList,
    serialNumbers: idList,
  })
  .passthrough();

export const errorResponseRaw = z
  .object({
    errorNumber: numLike,
    errorMessage: str,
    errorInfo: errorInfoRaw.nullish(),
  })
  .passthrough();
