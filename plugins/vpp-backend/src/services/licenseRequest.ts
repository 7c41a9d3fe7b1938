import { ConflictError, InputError } from '@backstage/errors';
import {
  VppLicenseAppSummary,
  VppLicenseChangeResult,
  VppLicensePairFailure,
  VppLicensePairSkip,
} from '@internal/plugin-vpp-common';
import { DateTime } from 'luxon';
import { ManageAssetsRequest } from '../apple';
import { ContentStore } from '../database/ContentStore';
import { LedgerEntry } from '../database/LicenseStore';
import { TokenRecord } from '../database/TokenStore';
import { PairOutcome } from './licensePlan';

/** What a license request asks for, checked, and what its answer says. */

export type LicenseAction = 'assign' | 'revoke';

/** An app of the token's content that a request names. */
export interface RequestedApp {
  adamId: string;
  pricingParam: string;
  name?: string;
  available: number;
}

/**
 * The apps a request names, checked against the token's content as of the last sync:
 * known, apps rather than books, device-assignable (assign) or revocable (revoke). Every
 * problem is named in one 400.
 */
export async function requestedApps(
  content: ContentStore,
  source: TokenRecord,
  adamIds: string[],
  action: LicenseAction,
): Promise<RequestedApp[]> {
  const state = (await content.getStates([source.id])).get(source.id);
  if (!state?.lastSyncAt) {
    throw new ConflictError(
      `The content of "${source.displayName}" has not been synced yet, so its apps are not known; sync the token first.`,
    );
  }
  const found: RequestedApp[] = [];
  const unknown: string[] = [];
  const refused: string[] = [];
  for (const adamId of adamIds) {
    const { items } = await content.listAssets(source.id, {
      q: adamId,
      offset: 0,
      limit: 500,
      countryCode: source.countryCode,
    });
    const asset = items.find(a => a.adamId === adamId);
    const label = asset?.name ? `${asset.name} (${adamId})` : adamId;
    if (!asset) {
      unknown.push(adamId);
    } else if (asset.productType !== 'App') {
      refused.push(`${label} is a book; only apps can be licensed to devices`);
    } else if (action === 'assign' && !asset.deviceAssignable) {
      refused.push(
        `${label} cannot be assigned to devices (Apple marks it not device-assignable, e.g. bought as redemption codes)`,
      );
    } else if (action === 'revoke' && !asset.revocable) {
      refused.push(
        `${label}'s licenses cannot be revoked (Apple marks it not revocable)`,
      );
    } else {
      found.push({
        adamId,
        pricingParam: asset.pricingParam,
        name: asset.name,
        available: asset.availableCount,
      });
    }
  }
  const problems = [
    ...(unknown.length
      ? [
          `${unknown.join(', ')} ${
            unknown.length === 1 ? 'is' : 'are'
          } not among the apps of "${
            source.displayName
          }" as of the last sync (${formatInstant(
            state.lastSyncAt,
          )}); sync the token if ${
            unknown.length === 1 ? 'it was' : 'they were'
          } bought since.`,
        ]
      : []),
    ...refused.map(r => `${r}.`),
  ];
  if (problems.length > 0) {
    throw new InputError(problems.join(' '));
  }
  return found;
}

export function skipFor(entry: LedgerEntry): VppLicensePairSkip {
  const pair = { adamId: entry.adamId, serialNumber: entry.serialNumber };
  if (entry.state === 'assigning' || entry.state === 'revoking') {
    return {
      ...pair,
      reason: 'in-progress',
      message: `Another request is ${
        entry.state === 'assigning' ? 'assigning' : 'revoking'
      } this license right now (since ${formatInstant(
        entry.updatedAt,
      )}); it was left to that request.`,
    };
  }
  return {
    ...pair,
    reason: 'already-assigned',
    message: `Already assigned${
      entry.assignedBy ? ` by ${entry.assignedBy}` : ''
    }${entry.assignedAt ? ` on ${formatInstant(entry.assignedAt)}` : ''} (${
      entry.mode
    }); it is not assigned again.`,
  };
}

export function buildResult(
  tokenId: string,
  action: LicenseAction,
  dryRun: boolean,
  appleRequests: ManageAssetsRequest[],
  apps: RequestedApp[],
  outcome: PairOutcome & { skipped: VppLicensePairSkip[] },
): VppLicenseChangeResult {
  const requested = new Map<string, number>();
  for (const r of appleRequests) {
    for (const asset of r.assets) {
      requested.set(
        asset.adamId,
        (requested.get(asset.adamId) ?? 0) + (r.serialNumbers?.length ?? 0),
      );
    }
  }
  const summaries: VppLicenseAppSummary[] = apps.map(app => ({
    adamId: app.adamId,
    ...(app.name ? { name: app.name } : {}),
    requested: requested.get(app.adamId) ?? 0,
    available: app.available,
  }));
  const pairs = [...requested.values()].reduce((a, b) => a + b, 0);
  const verb = action === 'assign' ? 'assigned' : 'revoked';
  const calls = `${appleRequests.length} call${
    appleRequests.length === 1 ? '' : 's'
  } to Apple`;
  const message = dryRun
    ? `Dry run: ${pairs} license${
        pairs === 1 ? '' : 's'
      } would be ${verb} in ${calls}; ${
        outcome.skipped.length
      } left alone. Nothing was changed.`
    : `${outcome.succeeded.length} license${
        outcome.succeeded.length === 1 ? '' : 's'
      } ${verb}, ${outcome.failed.length} failed, ${
        outcome.pending.length
      } still in progress at Apple, ${
        outcome.skipped.length
      } left alone (${calls}).`;
  return {
    tokenId,
    action,
    dryRun,
    appleRequests: appleRequests.map(r => ({
      adamIds: r.assets.map(a => a.adamId),
      serialNumbers: r.serialNumbers ?? [],
    })),
    apps: summaries,
    // Events finish in any order; answers list pairs by app and serial number.
    succeeded: byPair(outcome.succeeded),
    failed: byPair<VppLicensePairFailure>(outcome.failed),
    skipped: outcome.skipped,
    pending: byPair(outcome.pending),
    message,
  };
}

export function formatInstant(date: Date): string {
  return DateTime.fromJSDate(date).toUTC().toFormat("yyyy-MM-dd HH:mm 'UTC'");
}

function byPair<T extends { adamId: string; serialNumber: string }>(
  pairs: T[],
): T[] {
  return [...pairs].sort(
    (a, b) =>
      a.adamId.localeCompare(b.adamId) ||
      a.serialNumber.localeCompare(b.serialNumber),
  );
}
