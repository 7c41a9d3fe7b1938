import { z } from 'zod';
import {
  BOOL,
  ID,
  IDS,
  NUM,
  OPT,
  fixPage,
  boolLike,
  fix,
  idLike,
  idList,
  numLike,
  pagedShape,
  str,
} from './responseSchemaParts';
import type {
  ApplePlatform,
  PagedResponseFields,
  PricingParam,
  ProductType,
} from './typesCommon';

/* `GET /assets` (see `typesCommon.ts`). */

export interface GetAssetsQuery {
  pageIndex?: number;
  productType?: ProductType;
  pricingParam?: PricingParam;
  revocable?: boolean;
  deviceAssignable?: boolean;
  maxAvailableCount?: number;
  minAvailableCount?: number;
  maxAssignedCount?: number;
  minAssignedCount?: number;
  adamId?: string;
  /**
   * `true`: unlimited (free) assets come in `unlimitedAssets`; `false`: they are excluded;
   * omitted: they come in `assets` with `totalCount` 2147483647.
   */
  unlimited?: boolean;
}

export interface ResponseAsset {
  adamId: string;
  pricingParam?: PricingParam;
  productType?: ProductType;
  assignedCount?: number;
  availableCount?: number;
  retiredCount?: number;
  totalCount?: number;
  deviceAssignable?: boolean;
  revocable?: boolean;
  supportedPlatforms?: ApplePlatform[];
}

export interface UnlimitedResponseAsset {
  adamId: string;
  pricingParam?: PricingParam;
  productType?: ProductType;
  assignedCount?: number;
  deviceAssignable?: boolean;
  revocable?: boolean;
  supportedPlatforms?: ApplePlatform[];
}

export interface GetAssetsResponse extends PagedResponseFields {
  assets: ResponseAsset[];
  unlimitedAssets?: UnlimitedResponseAsset[];
}

const ASSET_FIXES = [
  ['adamId', ID],
  ['pricingParam', OPT],
  ['productType', OPT],
  ['assignedCount', NUM],
  ['availableCount', NUM],
  ['retiredCount', NUM],
  ['totalCount', NUM],
  ['deviceAssignable', BOOL],
  ['revocable', BOOL],
  ['supportedPlatforms', IDS],
] as const;

const responseAssetRaw = z
  .object({
    adamId: idLike,
    pricingParam: str,
    productType: str,
    assignedCount: numLike.nullish(),
    availableCount: numLike.nullish(),
    retiredCount: numLike.nullish(),
    totalCount: numLike.nullish(),
    deviceAssignable: boolLike.nullish(),
    revocable: boolLike.nullish(),
    supportedPlatforms: idList,
  })
  .passthrough();

export const getAssetsResponseSchema = z
  .object({
    ...pagedShape,
    assets: z.array(responseAssetRaw).nullish(),
    unlimitedAssets: z.array(responseAssetRaw).nullish(),
  })
  .passthrough()
  .transform((raw): GetAssetsResponse => {
    const out = fixPage<GetAssetsResponse>(raw, 'assets', ASSET_FIXES);
    if (raw.unlimitedAssets) {
      out.unlimitedAssets = raw.unlimitedAssets.map(a =>
        fix<UnlimitedResponseAsset>(a, ASSET_FIXES),
      );
    } else {
      delete out.unlimitedAssets;
    }
    return out;
  });
