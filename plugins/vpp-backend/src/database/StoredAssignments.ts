import { AssignmentRow } from './ContentStore';

/**
 * Separates an assignment's serial number from its user id, and one assignee from the
 * next in a group; neither can occur in Apple's identifiers.
 */
export const ASSIGNEE_SEPARATOR = '\u001f';
export const ASSIGNEE_LIST_SEPARATOR = '\u001e';

/**
 * The assignments a token had when a full pass began, grouped by asset (adamId and
 * pricingParam). The pass takes out each one Apple still lists; what is left went.
 *
 * Grouped because a location holds hundreds of thousands of assignments but only
 * thousands of assets: the store reads one row per asset, and the pass looks up a
 * short assignee string per assignment instead of building a key of all four fields.
 */
export class StoredAssignments {
  readonly #byAsset = new Map<string, Map<string, Set<string>>>();
  #size = 0;

  /**
   * Adds one asset's assignees, as the store reads them: `serialNumber` and
   * `clientUserId` joined by {@link ASSIGNEE_SEPARATOR}, entries by
   * {@link ASSIGNEE_LIST_SEPARATOR}.
   */
  addGroup(adamId: string, pricingParam: string, assignees: string): void {
    let byPricing = this.#byAsset.get(adamId);
    if (!byPricing) {
      byPricing = new Map();
      this.#byAsset.set(adamId, byPricing);
    }
    let set = byPricing.get(pricingParam);
    if (!set) {
      set = new Set();
      byPricing.set(pricingParam, set);
    }
    const before = set.size;
    for (const assignee of assignees.split(ASSIGNEE_LIST_SEPARATOR)) {
      set.add(assignee);
    }
    this.#size += set.size - before;
  }

  /** Assignments not yet taken out. */
  get size(): number {
    return this.#size;
  }

  /** Takes the assignment out; true when it was stored. */
  take(row: AssignmentRow): boolean {
    const set = this.#byAsset.get(row.adamId)?.get(row.pricingParam);
    if (
      !set?.delete(row.serialNumber + ASSIGNEE_SEPARATOR + row.clientUserId)
    ) {
      return false;
    }
    this.#size--;
    return true;
  }

  /** The assignments not taken out. */
  remaining(): AssignmentRow[] {
    const rows: AssignmentRow[] = [];
    for (const [adamId, byPricing] of this.#byAsset) {
      for (const [pricingParam, set] of byPricing) {
        for (const assignee of set) {
          const [serialNumber, clientUserId] =
            assignee.split(ASSIGNEE_SEPARATOR);
          rows.push({ adamId, pricingParam, serialNumber, clientUserId });
        }
      }
    }
    return rows;
  }
}
