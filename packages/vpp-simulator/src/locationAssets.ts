import type { LocationState } from './location';
import {
  AssetFilter,
  AssetRecord,
  AssetRef,
  assetKey,
  availableCount,
  UNLIMITED_COUNT,
} from './locationRecords';
import { FixtureCatalogItem, ProductType } from './types';

/** What a fixture may set on an asset; a purchased asset takes the defaults. */
export interface AssetTerms {
  unlimited?: boolean;
  totalCount?: number;
  retiredCount?: number;
  revocable?: boolean;
  deviceAssignable?: boolean;
}

/** A location's asset of a catalog item, with no licenses assigned yet. */
export function newAssetRecord(
  ref: AssetRef,
  item: FixtureCatalogItem,
  terms: AssetTerms = {},
): AssetRecord {
  const productType: ProductType = item.kind === 'ebook' ? 'Book' : 'App';
  const unlimited = terms.unlimited ?? false;
  return {
    adamId: ref.adamId,
    pricingParam: ref.pricingParam,
    productType,
    unlimited,
    totalCount: unlimited ? UNLIMITED_COUNT : terms.totalCount ?? 0,
    assignedCount: 0,
    retiredCount: terms.retiredCount ?? 0,
    revocable: terms.revocable ?? true,
    // Books are never device-assignable (Apple: getting started).
    deviceAssignable:
      productType === 'Book'
        ? false
        : terms.deviceAssignable ?? item.deviceBasedLicensing ?? true,
    supportedPlatforms: [...item.platforms],
    holders: new Map(),
  };
}

export function queryAssets(
  location: LocationState,
  filter: AssetFilter,
): AssetRecord[] {
  const result: AssetRecord[] = [];
  for (const asset of location.assets.values()) {
    const available = availableCount(asset);
    if (
      (filter.productType && asset.productType !== filter.productType) ||
      (filter.pricingParam && asset.pricingParam !== filter.pricingParam) ||
      (filter.revocable !== undefined &&
        asset.revocable !== filter.revocable) ||
      (filter.deviceAssignable !== undefined &&
        asset.deviceAssignable !== filter.deviceAssignable) ||
      (filter.minAvailableCount !== undefined &&
        available < filter.minAvailableCount) ||
      (filter.maxAvailableCount !== undefined &&
        available > filter.maxAvailableCount) ||
      (filter.minAssignedCount !== undefined &&
        asset.assignedCount < filter.minAssignedCount) ||
      (filter.maxAssignedCount !== undefined &&
        asset.assignedCount > filter.maxAssignedCount) ||
      (filter.adamIds && !filter.adamIds.has(asset.adamId)) ||
      (filter.unlimited === false && asset.unlimited)
    ) {
      continue;
    }
    result.push(asset);
  }
  return result;
}

/**
 * A purchase, transfer or refund: changes totalCount by `countDelta`. Creates the asset
 * on first purchase. Returns the asset.
 */
export function changeLicenseCount(
  location: LocationState,
  ref: AssetRef,
  countDelta: number,
  catalogItem: FixtureCatalogItem | undefined,
): AssetRecord {
  let asset = location.findAsset(ref);
  if (!asset) {
    if (!catalogItem) {
      throw new Error(`Unknown adamId ${ref.adamId} (not in the catalog)`);
    }
    if (countDelta <= 0) {
      throw new Error(
        `Location ${location.id} does not own ${ref.adamId}; countDelta must be positive`,
      );
    }
    asset = newAssetRecord(ref, catalogItem);
    location.assets.set(assetKey(ref.adamId, ref.pricingParam), asset);
  }
  if (asset.unlimited) {
    throw new Error(
      `Asset ${ref.adamId} is unlimited; its count cannot change`,
    );
  }
  if (asset.totalCount + countDelta < asset.assignedCount) {
    throw new Error(
      `countDelta ${countDelta} would leave fewer licenses than the ${asset.assignedCount} assigned`,
    );
  }
  asset.totalCount += countDelta;
  location.recordChange(++location.seq, { assets: true });
  return asset;
}
