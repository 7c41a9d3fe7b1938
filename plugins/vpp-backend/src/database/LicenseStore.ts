import { VppLicenseMode } from '@internal/plugin-vpp-common';

/**
 * Where a ledger row stands. `assigning` / `revoking`: claimed for a change at Apple that
 * has not been confirmed (or whose answer was lost); `assigned`: Apple confirmed it;
 * `revoked`: the record of a license this product took back.
 */
export type LedgerState = 'assigning' | 'assigned' | 'revoking' | 'revoked';

/** States of licenses that exist, or may exist, at Apple. */
export const CURRENT_LEDGER_STATES: readonly LedgerState[] = [
  'assigning',
  'assigned',
  'revoking',
];

/** One device license at one Apple location (the source token). */
export interface LedgerKey {
  sourceTokenId: string;
  adamId: string;
  serialNumber: string;
}

export interface LedgerEntry extends LedgerKey {
  /** The token (source or share) it was assigned through. */
  tokenId: string;
  pricingParam: string;
  mode: VppLicenseMode;
  state: LedgerState;
  assignedBy?: string;
  assignedAt?: Date;
  distributionId?: string;
  /** Apple's event of the last change. */
  eventId?: string;
  revokedBy?: string;
  revokedAt?: Date;
  updatedAt: Date;
}

/** A pair to associate, and how it is recorded once Apple confirms it. */
export interface AssignmentClaim extends LedgerKey {
  tokenId: string;
  pricingParam: string;
  mode: 'auto' | 'manual';
  assignedBy: string;
  distributionId?: string;
}

/** A pair to disassociate. */
export interface RevocationClaim extends LedgerKey {
  /** The token the revocation goes through, recorded on pairs the ledger did not have. */
  tokenId: string;
  pricingParam: string;
}

/** Outcome of a claim: the pairs the caller now owns, and the rows that stopped the rest. */
export interface ClaimResult {
  claimed: LedgerKey[];
  /** Existing rows that are not claimable (already assigned, or being changed). */
  blocked: LedgerEntry[];
}

export interface LedgerQuery {
  /** Apple locations to list (required: the caller's readable scope). */
  sourceTokenIds: string[];
  adamId?: string;
  serialNumber?: string;
  mode?: VppLicenseMode;
  /** @defaultValue {@link CURRENT_LEDGER_STATES} */
  states?: readonly LedgerState[];
  offset: number;
  limit: number;
}

/**
 * Persistence of the license ledger (R-LIC-1). Every change goes claim → Apple →
 * confirm or revert, and each claim is atomic per pair across instances: a pair is
 * claimed by exactly one caller, so no license is associated or disassociated twice
 * for two overlapping requests.
 */
export interface LicenseStore {
  /**
   * Claims pairs for association: new pairs, pairs whose license was revoked, and pairs
   * whose change started before `staleBefore` (the process waiting for Apple died).
   * Already assigned pairs and pairs being changed are returned as `blocked`.
   */
  claimAssignments(
    claims: AssignmentClaim[],
    now: Date,
    staleBefore: Date,
  ): Promise<ClaimResult>;
  /**
   * Claims pairs for disassociation: assigned pairs, pairs the ledger does not know (a
   * pre-existing license, recorded with mode `pre-existing`), revoked ones (Apple treats
   * a repeat as done) and stale changes. Pairs being changed are `blocked`.
   */
  claimRevocations(
    claims: RevocationClaim[],
    now: Date,
    staleBefore: Date,
  ): Promise<ClaimResult>;
  /** Records Apple's event for claimed pairs (they stay claimed). */
  setEventId(keys: LedgerKey[], eventId: string, now: Date): Promise<void>;
  /** Apple confirmed the association: `assigning` → `assigned`. */
  confirmAssigned(keys: LedgerKey[], now: Date): Promise<void>;
  /** Apple confirmed the disassociation: `revoking` → `revoked`. */
  confirmRevoked(
    keys: LedgerKey[],
    revokedBy: string,
    now: Date,
  ): Promise<void>;
  /**
   * The change failed or was never sent: claimed pairs go back to the state before the
   * claim (rows the claim created are removed).
   */
  revert(
    keys: LedgerKey[],
    from: 'assigning' | 'revoking',
    now: Date,
  ): Promise<void>;
  /** Ledger rows, newest change first, then by app and serial number. */
  list(
    query: LedgerQuery,
  ): Promise<{ items: LedgerEntry[]; totalCount: number }>;
  /** Every row of one location (optionally of some apps), any state, unordered. */
  listAll(sourceTokenId: string, adamIds?: string[]): Promise<LedgerEntry[]>;
}
