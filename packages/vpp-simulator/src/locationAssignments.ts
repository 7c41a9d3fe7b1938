import { errorResponse } from './errors';
import type { LocationState } from './location';
import {
  AssetRecord,
  AssetRef,
  Assignment,
  AssignmentFilter,
  availableCount,
  emptyOutcome,
  EventOutcome,
  grantLicense,
  holdersOf,
  holderToAssignment,
  releaseLicense,
  SERIAL_PREFIX,
  USER_PREFIX,
} from './locationRecords';

/** The assignments matching a filter, as parallel arrays (asset i is held by holder i). */
interface AssignmentMatches {
  assets: AssetRecord[];
  holders: string[];
}

/** How many recent `/assignments` queries a location remembers. */
const CACHED_QUERIES = 8;

/**
 * Recent `/assignments` query results of one location, so paging through 200k records stays
 * linear. Keyed by the assignments' version: cleared when assignments change.
 */
export class AssignmentQueryCache {
  private readonly matchesByKey = new Map<string, AssignmentMatches>();

  get(key: string): AssignmentMatches | undefined {
    return this.matchesByKey.get(key);
  }

  set(key: string, matches: AssignmentMatches): void {
    if (this.matchesByKey.size >= CACHED_QUERIES) {
      this.matchesByKey.delete(this.matchesByKey.keys().next().value!);
    }
    this.matchesByKey.set(key, matches);
  }

  clear(): void {
    this.matchesByKey.clear();
  }
}

/** Matching assignments; `slice` builds Apple's objects for one page only. */
export function queryAssignments(
  location: LocationState,
  filter: AssignmentFilter,
): {
  count: number;
  slice(start: number, end: number, includeUserState: boolean): Assignment[];
} {
  const matches = matchAssignments(location, filter);
  return {
    count: matches.holders.length,
    slice: (start, end, includeUserState) => {
      const page: Assignment[] = [];
      for (let i = start; i < end; i++) {
        const assignment = holderToAssignment(
          matches.assets[i],
          matches.holders[i],
        );
        if (includeUserState && assignment.clientUserId) {
          const user = location.latestUser(assignment.clientUserId);
          if (user) {
            assignment.userStatus = user.status;
            if (user.idHash) {
              assignment.idHash = user.idHash;
            }
          }
        }
        page.push(assignment);
      }
      return page;
    },
  };
}

function matchAssignments(
  location: LocationState,
  filter: AssignmentFilter,
): AssignmentMatches {
  const cacheKey = `${location.versions.assignments.seq}|${JSON.stringify(
    filter,
  )}`;
  const cached = location.assignmentQueries.get(cacheKey);
  if (cached) {
    return cached;
  }
  const matches: AssignmentMatches = { assets: [], holders: [] };
  const exactHolder = filter.serialNumber
    ? SERIAL_PREFIX + filter.serialNumber
    : undefined;
  const exactUser =
    filter.clientUserId !== undefined
      ? USER_PREFIX + filter.clientUserId
      : undefined;
  const holderMatches = (holder: string, seq: number): boolean =>
    (filter.sinceSeq === undefined || seq > filter.sinceSeq) &&
    !(
      filter.excludeInactiveUsers &&
      holder.startsWith(USER_PREFIX) &&
      !location.activeUsers.has(holder.slice(USER_PREFIX.length))
    );
  for (const asset of location.assets.values()) {
    if (
      (filter.adamId !== undefined && asset.adamId !== filter.adamId) ||
      (filter.pricingParam && asset.pricingParam !== filter.pricingParam)
    ) {
      continue;
    }
    if (exactHolder || exactUser) {
      // Both filters given: Apple would AND them, and one assignment has only one holder.
      if (exactHolder && exactUser) {
        continue;
      }
      const holder = (exactHolder ?? exactUser)!;
      const seq = asset.holders.get(holder);
      if (seq !== undefined && holderMatches(holder, seq)) {
        matches.assets.push(asset);
        matches.holders.push(holder);
      }
      continue;
    }
    for (const [holder, seq] of asset.holders) {
      if (holderMatches(holder, seq)) {
        matches.assets.push(asset);
        matches.holders.push(holder);
      }
    }
  }
  location.assignmentQueries.set(cacheKey, matches);
  return matches;
}

/**
 * ASSOCIATE: one task per (asset, serial) and (asset, user). A new pair consumes one
 * license; an existing pair is a no-op success; no license left → 9709 for that pair;
 * a clientUserId without an active user → 9609.
 */
export function associateAssets(
  location: LocationState,
  refs: AssetRef[],
  serialNumbers: string[],
  clientUserIds: string[],
): EventOutcome {
  const seq = ++location.seq;
  const outcome = emptyOutcome();
  const notEnough: Assignment[] = [];
  const missingUsers = new Set<string>();
  const missingUserAssignments: Assignment[] = [];
  let changed = false;
  for (const ref of refs) {
    const asset = location.findAsset(ref);
    if (!asset) {
      failUnknownAsset(ref, serialNumbers, clientUserIds, outcome);
      continue;
    }
    const failedSerials: string[] = [];
    const failedUsers: string[] = [];
    for (const holder of holdersOf(serialNumbers, clientUserIds)) {
      const assignment = holderToAssignment(asset, holder);
      if (
        assignment.clientUserId !== undefined &&
        !location.activeUsers.has(assignment.clientUserId)
      ) {
        missingUsers.add(assignment.clientUserId);
        missingUserAssignments.push(assignment);
        continue;
      }
      if (asset.holders.has(holder)) {
        outcome.numCompleted++;
        outcome.succeeded.push(assignment);
        continue;
      }
      if (availableCount(asset) <= 0) {
        if (assignment.serialNumber !== undefined) {
          failedSerials.push(assignment.serialNumber);
        } else {
          failedUsers.push(assignment.clientUserId!);
        }
        notEnough.push(assignment);
        continue;
      }
      grantLicense(asset, holder, seq);
      changed = true;
      outcome.numCompleted++;
      outcome.succeeded.push(assignment);
    }
    if (failedSerials.length > 0 || failedUsers.length > 0) {
      outcome.failures.push(
        errorResponse(9709, {
          assets: [{ adamId: asset.adamId, pricingParam: asset.pricingParam }],
          ...(failedSerials.length > 0 ? { serialNumbers: failedSerials } : {}),
          ...(failedUsers.length > 0 ? { clientUserIds: failedUsers } : {}),
        }),
      );
    }
  }
  if (missingUsers.size > 0) {
    outcome.failures.push(
      errorResponse(9609, { clientUserIds: [...missingUsers] }),
    );
    outcome.failedGroups.push({
      errorNumber: 9609,
      items: missingUserAssignments,
    });
  }
  if (notEnough.length > 0) {
    outcome.failedGroups.push({ errorNumber: 9709, items: notEnough });
  }
  if (changed) {
    location.recordChange(seq, { assets: true, assignments: true });
  }
  return outcome;
}

/** DISASSOCIATE: removing a pair returns its license; removing a missing pair is a no-op. */
export function disassociateAssets(
  location: LocationState,
  refs: AssetRef[],
  serialNumbers: string[],
  clientUserIds: string[],
): EventOutcome {
  const seq = ++location.seq;
  const outcome = emptyOutcome();
  let changed = false;
  for (const ref of refs) {
    const asset = location.findAsset(ref);
    if (!asset) {
      failUnknownAsset(ref, serialNumbers, clientUserIds, outcome);
      continue;
    }
    for (const holder of holdersOf(serialNumbers, clientUserIds)) {
      if (releaseLicense(asset, holder)) {
        changed = true;
      }
      outcome.numCompleted++;
      outcome.succeeded.push(holderToAssignment(asset, holder));
    }
  }
  if (changed) {
    location.recordChange(seq, { assets: true, assignments: true });
  }
  return outcome;
}

/** REVOKE: removes every revocable asset from the serials/users; one task per holder. */
export function revokeAssets(
  location: LocationState,
  serialNumbers: string[],
  clientUserIds: string[],
): EventOutcome {
  const seq = ++location.seq;
  const outcome = emptyOutcome();
  let changed = false;
  for (const holder of holdersOf(serialNumbers, clientUserIds)) {
    for (const asset of location.assets.values()) {
      if (asset.revocable && releaseLicense(asset, holder)) {
        changed = true;
        outcome.succeeded.push(holderToAssignment(asset, holder));
      }
    }
    outcome.numCompleted++;
  }
  if (changed) {
    location.recordChange(seq, { assets: true, assignments: true });
  }
  return outcome;
}

/** Every task of an asset the location does not own fails with 9602. */
function failUnknownAsset(
  ref: AssetRef,
  serialNumbers: string[],
  clientUserIds: string[],
  outcome: EventOutcome,
): void {
  outcome.failures.push(
    errorResponse(9602, {
      assets: [{ adamId: ref.adamId, pricingParam: ref.pricingParam }],
    }),
  );
  outcome.failedGroups.push({
    errorNumber: 9602,
    items: [
      ...serialNumbers.map(serialNumber => ({ ...ref, serialNumber })),
      ...clientUserIds.map(clientUserId => ({ ...ref, clientUserId })),
    ],
  });
}
