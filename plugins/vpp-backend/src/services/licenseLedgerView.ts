import {
  VppLicense,
  VppLicenseList,
  VppLicenseMode,
  VppLicenseOrphanList,
  VppLicenseOrphans,
} from '@internal/plugin-vpp-common';
import {
  AssetAssignees,
  ContentStore,
  SyncStateRecord,
} from '../database/ContentStore';
import {
  CURRENT_LEDGER_STATES,
  LedgerEntry,
  LicenseStore,
} from '../database/LicenseStore';
import { TokenRecord } from '../database/TokenStore';
import { pairKey } from './licensePlan';

/** Orphans named per category; the counts cover the rest. */
const ORPHANS_SHOWN = 1000;

/**
 * The ledger as people read it: the rows this product wrote, plus the licenses Apple
 * lists that it did not make (`pre-existing`).
 *
 * Pre-existing licenses are derived when read, from the sync's copy of Apple's
 * assignments (`vpp_asset_assignees`, one row per app) minus the ledger, rather than
 * copied into the ledger: a location holds hundreds of thousands of them, the sync keeps
 * that copy current already, and a copy of a copy would have to be kept in step at every
 * sync, purchase and revocation. Reading costs one pass over the location's assignees
 * (about 200,000 serial numbers parsed per call at the benchmark's size).
 *
 * The copy is only as new as the last sync, so a license this product revoked after it
 * is not shown as pre-existing until a full pass confirms it is gone, and orphans are
 * judged only for entries confirmed well before the last full pass (`syncSettleMs`).
 */
export class LicenseLedgerView {
  constructor(
    private readonly o: {
      content: ContentStore;
      ledger: LicenseStore;
      syncSettleMs: number;
      managedSerials?: (serials: string[]) => Promise<Set<string>>;
    },
  ) {}

  /** Ledger rows first (newest change first), then pre-existing licenses by app and serial. */
  async list(
    sources: TokenRecord[],
    query: {
      adamId?: string;
      serialNumber?: string;
      mode?: VppLicenseMode;
      offset: number;
      limit: number;
    },
  ): Promise<VppLicenseList> {
    const page = await this.o.ledger.list({
      sourceTokenIds: sources.map(s => s.id),
      adamId: query.adamId,
      serialNumber: query.serialNumber,
      mode: query.mode,
      offset: query.offset,
      limit: query.limit,
    });
    const items = page.items.map(toApiLicense);
    let totalCount = page.totalCount;
    if (!query.mode || query.mode === 'pre-existing') {
      const derived: VppLicense[] = [];
      for (const source of sources) {
        derived.push(...(await this.#preExisting(source, query)));
      }
      const start = Math.max(0, query.offset - page.totalCount);
      items.push(...derived.slice(start, start + query.limit - items.length));
      totalCount += derived.length;
    }
    return { items, totalCount };
  }

  /**
   * Pairs (by {@link pairKey}) Apple listed at the last sync that the ledger does not
   * account for: an assignment would not make them, they exist already.
   */
  async heldAtApple(
    source: TokenRecord,
    adamIds: string[],
    ledger: Map<string, LedgerEntry>,
  ): Promise<Set<string>> {
    const state = await this.#state(source);
    if (!state?.lastSyncAt) return new Set();
    const assignees = await this.o.content.loadAssignees(source.id, adamIds);
    const hidden = this.#accountedFor([...ledger.values()], state);
    const held = new Set<string>();
    for (const asset of assignees) {
      for (const serialNumber of asset.serialNumbers) {
        const key = pairKey({ adamId: asset.adamId, serialNumber });
        if (!hidden.has(key)) held.add(key);
      }
    }
    return held;
  }

  async orphans(
    source: TokenRecord,
  ): Promise<Omit<VppLicenseOrphans, 'tokenId'>> {
    const state = await this.#state(source);
    const [assignees, entries] = await Promise.all([
      state?.lastSyncAt
        ? this.o.content.loadAssignees(source.id)
        : Promise.resolve([] as AssetAssignees[]),
      this.o.ledger.listAll(source.id),
    ]);
    const atApple = new Set<string>();
    for (const asset of assignees) {
      for (const serialNumber of asset.serialNumbers) {
        atApple.add(pairKey({ adamId: asset.adamId, serialNumber }));
      }
    }

    const comparedWith = state?.lastFullSyncAt;
    const notAtApple: VppLicense[] = [];
    if (comparedWith) {
      const cutoff = comparedWith.getTime() - this.o.syncSettleMs;
      for (const entry of entries) {
        if (
          entry.state === 'assigned' &&
          entry.updatedAt.getTime() < cutoff &&
          !atApple.has(pairKey(entry))
        ) {
          notAtApple.push(toApiLicense(entry));
        }
      }
    }

    let unmanagedSerials: VppLicenseOrphans['unmanagedSerials'];
    if (!this.o.managedSerials) {
      unmanagedSerials = {
        checked: false,
        message:
          'Licenses for serial numbers no managed device has cannot be listed yet: this installation has no device inventory to compare with.',
        items: [],
        totalCount: 0,
      };
    } else {
      const serials = [...new Set(assignees.flatMap(a => a.serialNumbers))];
      const managed = await this.o.managedSerials(serials);
      const current = new Map(
        entries
          .filter(e => CURRENT_LEDGER_STATES.includes(e.state))
          .map(e => [pairKey(e), e]),
      );
      const unmanaged: VppLicense[] = [];
      for (const asset of sortedByApp(assignees)) {
        for (const serialNumber of asset.serialNumbers) {
          if (managed.has(serialNumber)) continue;
          const entry = current.get(
            pairKey({ adamId: asset.adamId, serialNumber }),
          );
          unmanaged.push(
            entry
              ? toApiLicense(entry)
              : preExisting(source, asset, serialNumber),
          );
        }
      }
      unmanagedSerials = { checked: true, ...firstOf(unmanaged) };
    }
    return {
      ...(comparedWith ? { comparedWith: comparedWith.toISOString() } : {}),
      notAtApple: firstOf(
        notAtApple.sort(
          (a, b) =>
            a.adamId.localeCompare(b.adamId) ||
            a.serialNumber.localeCompare(b.serialNumber),
        ),
      ),
      unmanagedSerials,
    };
  }

  async #preExisting(
    source: TokenRecord,
    query: { adamId?: string; serialNumber?: string },
  ): Promise<VppLicense[]> {
    const state = await this.#state(source);
    if (!state?.lastSyncAt) return [];
    const adamIds = query.adamId ? [query.adamId] : undefined;
    const [assignees, entries] = await Promise.all([
      this.o.content.loadAssignees(source.id, adamIds),
      this.o.ledger.listAll(source.id, adamIds),
    ]);
    const hidden = this.#accountedFor(entries, state);
    const out: VppLicense[] = [];
    for (const asset of sortedByApp(assignees)) {
      for (const serialNumber of asset.serialNumbers) {
        if (query.serialNumber && serialNumber !== query.serialNumber) continue;
        if (hidden.has(pairKey({ adamId: asset.adamId, serialNumber })))
          continue;
        out.push(preExisting(source, asset, serialNumber));
      }
    }
    return out;
  }

  /**
   * Pairs of the copy the ledger speaks for: its current rows, and licenses it revoked
   * after (or shortly before) the last full pass, which the copy may still show.
   */
  #accountedFor(entries: LedgerEntry[], state: SyncStateRecord): Set<string> {
    const copyFrom = (state.lastFullSyncAt ?? state.lastSyncAt)?.getTime() ?? 0;
    const keys = new Set<string>();
    for (const entry of entries) {
      if (
        CURRENT_LEDGER_STATES.includes(entry.state) ||
        (entry.revokedAt &&
          entry.revokedAt.getTime() > copyFrom - this.o.syncSettleMs)
      ) {
        keys.add(pairKey(entry));
      }
    }
    return keys;
  }

  async #state(source: TokenRecord): Promise<SyncStateRecord | undefined> {
    return (await this.o.content.getStates([source.id])).get(source.id);
  }
}

function sortedByApp(assignees: AssetAssignees[]): AssetAssignees[] {
  return [...assignees].sort(
    (a, b) =>
      a.adamId.localeCompare(b.adamId) ||
      a.pricingParam.localeCompare(b.pricingParam),
  );
}

function preExisting(
  source: TokenRecord,
  asset: AssetAssignees,
  serialNumber: string,
): VppLicense {
  return {
    tokenId: source.id,
    adamId: asset.adamId,
    pricingParam: asset.pricingParam,
    serialNumber,
    mode: 'pre-existing',
    state: 'assigned',
  };
}

function firstOf(items: VppLicense[]): VppLicenseOrphanList {
  return { items: items.slice(0, ORPHANS_SHOWN), totalCount: items.length };
}

/** The API shape of a ledger row that is (or may be) a license at Apple. */
export function toApiLicense(entry: LedgerEntry): VppLicense {
  return {
    tokenId: entry.tokenId,
    adamId: entry.adamId,
    pricingParam: entry.pricingParam,
    serialNumber: entry.serialNumber,
    mode: entry.mode,
    // Revoked rows are history and never listed; the type has no such state.
    state: entry.state === 'revoked' ? 'revoking' : entry.state,
    ...(entry.assignedBy ? { assignedBy: entry.assignedBy } : {}),
    ...(entry.assignedAt ? { assignedAt: entry.assignedAt.toISOString() } : {}),
    ...(entry.distributionId ? { distributionId: entry.distributionId } : {}),
  };
}
