import { VppError } from './errors';
import { AssetRef, RequestUser } from './location';
import { PricingParam, ServiceLimits } from './types';

/** Parsed and synchronously validated request bodies of the asset and user endpoints. */
export interface ManageAssetsInput {
  assets: AssetRef[];
  serialNumbers: string[];
  clientUserIds: string[];
}

export interface RevokeAssetsInput {
  serialNumbers: string[];
  clientUserIds: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional array of non-empty strings; anything else → 9602. */
function stringList(value: unknown): string[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (
    !Array.isArray(value) ||
    value.some(item => typeof item !== 'string' || item.trim() === '')
  ) {
    throw new VppError(9602);
  }
  return value as string[];
}

function countUnique(values: string[]): number {
  return new Set(values).size;
}

function pricingParamOf(value: unknown): PricingParam {
  // Apple's own curl example omits pricingParam; the legacy API defaulted to STDQ.
  if (value === undefined || value === null) {
    return 'STDQ';
  }
  if (value !== 'STDQ' && value !== 'PLUS') {
    throw new VppError(9602);
  }
  return value;
}

/**
 * `ManageAssetsRequest` checks in Apple's order of concern: 9718 no assets, 9719 no
 * serials/users, 9602 malformed, 9700/9701/9702 over limits (unique entries), then
 * 9703/9704/9705 duplicates.
 */
export function parseManageAssetsRequest(
  body: unknown,
  limits: ServiceLimits,
): ManageAssetsInput {
  if (!isObject(body)) {
    throw new VppError(9602);
  }
  if (!Array.isArray(body.assets) || body.assets.length === 0) {
    if (body.assets !== undefined && !Array.isArray(body.assets)) {
      throw new VppError(9602);
    }
    throw new VppError(9718);
  }
  const serialNumbers = stringList(body.serialNumbers);
  const clientUserIds = stringList(body.clientUserIds);
  if (serialNumbers.length === 0 && clientUserIds.length === 0) {
    throw new VppError(9719);
  }
  const assets: AssetRef[] = body.assets.map(item => {
    if (!isObject(item)) {
      throw new VppError(9602);
    }
    const adamId =
      typeof item.adamId === 'number' ? String(item.adamId) : item.adamId;
    if (typeof adamId !== 'string' || !/^\d+$/.test(adamId)) {
      throw new VppError(9602);
    }
    return { adamId, pricingParam: pricingParamOf(item.pricingParam) };
  });
  const assetKeys = assets.map(a => `${a.adamId}|${a.pricingParam}`);
  if (countUnique(assetKeys) > limits.maxAssets) {
    throw new VppError(9700);
  }
  if (countUnique(clientUserIds) > limits.maxClientUserIds) {
    throw new VppError(9701);
  }
  if (countUnique(serialNumbers) > limits.maxSerialNumbers) {
    throw new VppError(9702);
  }
  rejectDuplicates(assetKeys, 9703);
  rejectDuplicates(clientUserIds, 9704);
  rejectDuplicates(serialNumbers, 9705);
  return { assets, serialNumbers, clientUserIds };
}

/** `RevokeAssetsRequest`: 9719 when empty, revoke limits, duplicates. */
export function parseRevokeAssetsRequest(
  body: unknown,
  limits: ServiceLimits,
): RevokeAssetsInput {
  if (!isObject(body)) {
    throw new VppError(9602);
  }
  const serialNumbers = stringList(body.serialNumbers);
  const clientUserIds = stringList(body.clientUserIds);
  if (serialNumbers.length === 0 && clientUserIds.length === 0) {
    throw new VppError(9719);
  }
  if (countUnique(clientUserIds) > limits.maxRevokeClientUserIds) {
    throw new VppError(9701);
  }
  if (countUnique(serialNumbers) > limits.maxRevokeSerialNumbers) {
    throw new VppError(9702);
  }
  rejectDuplicates(clientUserIds, 9704);
  rejectDuplicates(serialNumbers, 9705);
  return { serialNumbers, clientUserIds };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `ManageUsersRequest`: 9720 no users, 9602 malformed, 9714 too many, 9715 duplicates, 9717 bad email. */
export function parseManageUsersRequest(
  body: unknown,
  limits: ServiceLimits,
): RequestUser[] {
  if (!isObject(body)) {
    throw new VppError(9602);
  }
  if (!Array.isArray(body.users) || body.users.length === 0) {
    throw new VppError(9720);
  }
  const users: RequestUser[] = body.users.map(item => {
    if (
      !isObject(item) ||
      typeof item.clientUserId !== 'string' ||
      item.clientUserId.trim() === '' ||
      (item.email !== undefined && typeof item.email !== 'string') ||
      (item.managedAppleId !== undefined &&
        typeof item.managedAppleId !== 'string')
    ) {
      throw new VppError(9602);
    }
    return {
      clientUserId: item.clientUserId,
      email: item.email as string | undefined,
      managedAppleId: item.managedAppleId as string | undefined,
    };
  });
  const ids = users.map(u => u.clientUserId);
  if (countUnique(ids) > limits.maxUsers) {
    throw new VppError(9714);
  }
  rejectDuplicates(ids, 9715);
  if (users.some(u => u.email !== undefined && !EMAIL.test(u.email))) {
    throw new VppError(9717);
  }
  return users;
}

function rejectDuplicates(values: string[], errorNumber: number): void {
  if (countUnique(values) !== values.length) {
    throw new VppError(errorNumber);
  }
}
