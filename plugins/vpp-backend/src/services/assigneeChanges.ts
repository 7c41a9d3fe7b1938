import { AssetAssignees, AssetKey } from '../database/ContentStore';

/** One assignment as Apple's `/assignments` lists it. */
export interface ListedAssignment {
  adamId: string;
  pricingParam?: string;
  serialNumber?: string;
  clientUserId?: string;
}

interface Collecting {
  serialNumbers: string[];
  clientUserIds: string[];
}

/**
 * The assignments of one pass over `/assignments`, gathered by asset. Apple lists
 * them asset by asset, so the asset of the previous one is tried first.
 */
export class AssignmentsByAsset {
  readonly #byAsset = new Map<string, Map<string, Collecting>>();
  #lastAdamId?: string;
  #lastPricingParam?: string;
  #last?: Collecting;
  #count = 0;

  /** Assignments added (repeats included). */
  get count(): number {
    return this.#count;
  }

  add(assignment: ListedAssignment): void {
    const { adamId, serialNumber, clientUserId } = assignment;
    // A device license names a serial number, a user license a clientUserId (v2 has
    // no license ids); one that names neither holds nothing to record.
    if (!serialNumber && !clientUserId) {
      return;
    }
    // Apple's default, as for the assets: a pricingParam-less assignment is standard quality.
    const pricingParam = assignment.pricingParam ?? 'STDQ';
    let group = this.#last;
    if (
      !group ||
      adamId !== this.#lastAdamId ||
      pricingParam !== this.#lastPricingParam
    ) {
      group = this.#group(adamId, pricingParam);
      this.#last = group;
      this.#lastAdamId = adamId;
      this.#lastPricingParam = pricingParam;
    }
    if (serialNumber) {
      group.serialNumbers.push(serialNumber);
    } else if (clientUserId) {
      group.clientUserIds.push(clientUserId);
    }
    this.#count++;
  }

  /** Every asset with its assignees, sorted and without repeats. */
  toList(): AssetAssignees[] {
    const list: AssetAssignees[] = [];
    for (const [adamId, byPricing] of this.#byAsset) {
      for (const [pricingParam, group] of byPricing) {
        list.push({
          adamId,
          pricingParam,
          serialNumbers: sortedUnique(group.serialNumbers),
          clientUserIds: sortedUnique(group.clientUserIds),
        });
      }
    }
    return list;
  }

  #group(adamId: string, pricingParam: string): Collecting {
    let byPricing = this.#byAsset.get(adamId);
    if (!byPricing) {
      byPricing = new Map();
      this.#byAsset.set(adamId, byPricing);
    }
    let group = byPricing.get(pricingParam);
    if (!group) {
      group = { serialNumbers: [], clientUserIds: [] };
      byPricing.set(pricingParam, group);
    }
    return group;
  }
}

/** What to write so that the stored assignees match a pass. */
export interface AssigneeChanges {
  /** Assets whose assignees changed, with all their assignees. */
  save: AssetAssignees[];
  /** Assets that have no assignments any more. */
  remove: AssetKey[];
  /** Assignments that were not stored. */
  added: number;
  /** Stored assignments that went. */
  removed: number;
}

/**
 * A full pass: Apple listed every assignment, so its lists replace the stored ones and
 * stored assets it did not list have none left. Unchanged assets are not rewritten.
 */
export function replaceAssignees(
  stored: AssetAssignees[],
  listed: AssetAssignees[],
): AssigneeChanges {
  const before = byKey(stored);
  const changes = noChanges();
  for (const now of listed) {
    const key = keyOf(now);
    const old = before.get(key);
    before.delete(key);
    const added = countNotIn(now, old);
    const removed = old ? countNotIn(old, now) : 0;
    if (added || removed) {
      changes.save.push(now);
      changes.added += added;
      changes.removed += removed;
    }
  }
  for (const gone of before.values()) {
    changes.remove.push({
      adamId: gone.adamId,
      pricingParam: gone.pricingParam,
    });
    changes.removed += gone.serialNumbers.length + gone.clientUserIds.length;
  }
  return changes;
}

/**
 * An incremental pass (`sinceVersionId`): Apple listed only the assignments made since
 * the version, so they are added to what is stored.
 */
export function mergeAssignees(
  stored: AssetAssignees[],
  listed: AssetAssignees[],
): AssigneeChanges {
  const before = byKey(stored);
  const changes = noChanges();
  for (const now of listed) {
    const old = before.get(keyOf(now));
    const added = countNotIn(now, old);
    if (added) {
      changes.save.push({
        adamId: now.adamId,
        pricingParam: now.pricingParam,
        serialNumbers: sortedUnion(old?.serialNumbers, now.serialNumbers),
        clientUserIds: sortedUnion(old?.clientUserIds, now.clientUserIds),
      });
      changes.added += added;
    }
  }
  return changes;
}

function noChanges(): AssigneeChanges {
  return { save: [], remove: [], added: 0, removed: 0 };
}

/** Assignments of `asset` that `other` (the same asset at another time) lacks. */
function countNotIn(asset: AssetAssignees, other?: AssetAssignees): number {
  return (
    countMissing(asset.serialNumbers, other?.serialNumbers) +
    countMissing(asset.clientUserIds, other?.clientUserIds)
  );
}

function keyOf(asset: AssetKey): string {
  // Neither identifier holds a line break.
  return `${asset.adamId}\n${asset.pricingParam}`;
}

function byKey(assets: AssetAssignees[]): Map<string, AssetAssignees> {
  return new Map(assets.map(a => [keyOf(a), a]));
}

/** Sorts in place (code unit order, as `<` compares) and drops repeats. */
function sortedUnique(values: string[]): string[] {
  values.sort();
  let kept = 0;
  for (let i = 0; i < values.length; i++) {
    if (i === 0 || values[i] !== values[kept - 1]) {
      values[kept++] = values[i];
    }
  }
  values.length = kept;
  return values;
}

/** How many of sorted `values` are not in sorted `other`. */
function countMissing(values: string[], other: string[] = []): number {
  let missing = 0;
  let j = 0;
  for (const value of values) {
    while (j < other.length && other[j] < value) j++;
    if (j >= other.length || other[j] !== value) missing++;
  }
  return missing;
}

/** The union of two sorted lists without repeats, sorted. */
function sortedUnion(a: string[] = [], b: string[] = []): string[] {
  const union: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) {
      union.push(a[i++]);
    } else if (i >= a.length || b[j] < a[i]) {
      union.push(b[j++]);
    } else {
      union.push(a[i++]);
      j++;
    }
  }
  return union;
}
