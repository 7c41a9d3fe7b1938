import {
  VppDistributionItemState,
  VppDistributionOptions,
  VppDistributionPlan,
  VppDistributionState,
} from '@internal/plugin-vpp-common';

/** A distribution as stored. */
export interface DistributionRecord {
  id: string;
  tokenId: string;
  sourceTokenId: string;
  adamIds: string[];
  platform: 'ios' | 'macos';
  licenseMode: 'auto' | 'manual';
  options: VppDistributionOptions;
  plan: VppDistributionPlan;
  state: VppDistributionState;
  createdBy: string;
  createdAt: Date;
  scheduledAt?: Date;
  startedAt?: Date;
  finishedAt?: Date;
  updatedAt: Date;
}

/** A failure's explanation, as the API shows it. */
export interface ItemExplanation {
  en: string;
  ja: string;
  nextStep?: { en: string; ja: string };
}

/** One (device, app) item as stored. */
export interface DistributionItemRecord {
  id: number;
  distributionId: string;
  deviceId: string;
  enrollmentId: string;
  serialNumber: string;
  devicePlatform: string;
  osVersion: string | null;
  adamId: string;
  state: VppDistributionItemState;
  preLicensed: boolean;
  version: string | null;
  errorNumber: number | null;
  explanation: ItemExplanation | null;
  appleCallId: string | null;
  commandId: string | null;
  deviceCommandId: string | null;
  installAttempts: number;
  verifyAt: Date | null;
  updatedAt: Date;
}

export type NewDistributionItem = Pick<
  DistributionItemRecord,
  | 'deviceId'
  | 'enrollmentId'
  | 'serialNumber'
  | 'devicePlatform'
  | 'osVersion'
  | 'adamId'
  | 'state'
  | 'preLicensed'
>;

export type AppleCallState = 'planned' | 'sending' | 'sent' | 'done';

/** An associate call to Apple made for a distribution. */
export interface AppleCallRecord {
  id: string;
  distributionId: string;
  sourceTokenId: string;
  /** The ManageAssetsRequest as sent (JSON-safe). */
  request: {
    assets: Array<{ adamId: string; pricingParam: string }>;
    serialNumbers: string[];
  };
  state: AppleCallState;
  eventId: string | null;
  nextPollAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What may change with an item's state. */
export type ItemPatch = Partial<
  Pick<
    DistributionItemRecord,
    | 'state'
    | 'version'
    | 'errorNumber'
    | 'explanation'
    | 'appleCallId'
    | 'commandId'
    | 'deviceCommandId'
    | 'installAttempts'
    | 'verifyAt'
    | 'preLicensed'
  >
>;

/** What {@link DistributionStore.claimItems} leases. */
export interface ItemClaim {
  distributionId: string;
  states: VppDistributionItemState[];
  owner: string;
  now: Date;
  leaseUntil: Date;
  limit: number;
  /** Only items with a command id (true), without one (false), or either. */
  withCommand?: boolean;
  /** Only items whose verify time has come. */
  verifyDue?: boolean;
}

/** What a device's answer changes on its item. */
export interface AnswerPatch {
  state: VppDistributionItemState;
  verifyAt?: Date;
}

export interface DistributionQuery {
  tokenIds?: string[];
  state?: VppDistributionState;
  createdBy?: string;
  offset: number;
  limit: number;
}

/**
 * Persistence of distributions (R-DIST). Every state change is conditional on the state
 * it leaves (`UPDATE … WHERE state IN (…)`), and workers own rows through leases, so
 * several instances can work the same distributions.
 */
export interface DistributionStore {
  insertDistribution(
    record: DistributionRecord,
    items: NewDistributionItem[],
  ): Promise<void>;
  getDistribution(id: string): Promise<DistributionRecord | undefined>;
  listDistributions(
    query: DistributionQuery,
  ): Promise<{ items: DistributionRecord[]; totalCount: number }>;
  /** Whether the distribution has an item in one of these states (an index probe). */
  hasItemsIn(
    distributionId: string,
    states: VppDistributionItemState[],
  ): Promise<boolean>;
  /**
   * Refreshes the database's statistics of items after a step moved many of them out
   * of a state (PostgreSQL; SQLite plans without them).
   */
  analyzeItems(): Promise<void>;
  /** Items per state, by distribution. */
  countItems(
    distributionIds: string[],
  ): Promise<Map<string, Partial<Record<VppDistributionItemState, number>>>>;
  listItems(
    distributionId: string,
    query: { state?: VppDistributionItemState; offset: number; limit: number },
  ): Promise<{ items: DistributionItemRecord[]; totalCount: number }>;
  /** Moves the distribution from one of `from` to `to`; false when it was not in `from`. */
  setDistributionState(
    id: string,
    from: VppDistributionState[],
    to: VppDistributionState,
    now: Date,
  ): Promise<boolean>;
  /**
   * Cancels the items nothing was sent for yet (pending, or licensed without an install
   * command); returns how many.
   */
  cancelUnsentItems(distributionId: string, now: Date): Promise<number>;
  /** Scheduled distributions whose time has come become running; their ids. */
  startDue(now: Date): Promise<string[]>;
  /** Distributions with work: running, or cancelled with Apple calls still open. */
  listActive(): Promise<DistributionRecord[]>;
  /** Distributions (scheduled or running) using a named setting. */
  findUsingSetting(setting: {
    kind: 'app-config' | 'vpn-config';
    id: string;
  }): Promise<string[]>;

  /**
   * Leases up to `limit` items of a distribution in one of `states` whose lease is free
   * or expired (narrowed by `withCommand` and `verifyDue`), for `owner` until
   * `leaseUntil`; returns them.
   */
  claimItems(options: ItemClaim): Promise<DistributionItemRecord[]>;
  /** Releases the lease of `owner` on the items. */
  releaseItems(ids: number[], owner: string): Promise<void>;
  /** Items sharing an install command id (what a retried send must target again). */
  itemsOfCommand(commandId: string): Promise<DistributionItemRecord[]>;
  /** Items of an Apple call still waiting for it (`licensing`). */
  itemsOfCall(callId: string): Promise<DistributionItemRecord[]>;
  /**
   * Changes items that are in one of `from` (and, with `sentAs`, still carry that
   * command id); returns how many changed.
   */
  updateItems(
    ids: number[],
    from: VppDistributionItemState[],
    patch: ItemPatch,
    now: Date,
    sentAs?: string,
  ): Promise<number>;
  /** The item a device's answer belongs to (by the id the device got, or the one sent). */
  findItemByCommand(
    enrollmentId: string,
    commandId: string,
  ): Promise<DistributionItemRecord | undefined>;
  /**
   * Moves the item a device's answer belongs to (as {@link findItemByCommand} finds it)
   * to `patch.state`, and sets its verify time when given, if it is in one of `from`;
   * the rows changed (0 or 1). Answers from concurrent requests share a statement.
   */
  updateItemByCommand(
    enrollmentId: string,
    commandId: string,
    from: VppDistributionItemState[],
    patch: AnswerPatch,
    now: Date,
  ): Promise<number>;
  /**
   * Items an inventory shows installed in `version`: those still queued … installing
   * become `installed` (statements from concurrent answers go together); rows changed.
   */
  recordInstalled(
    ids: number[],
    version: string | null,
    now: Date,
  ): Promise<number>;
  /** Open items (queued … installing) of an enrollment, for inventory answers. */
  openItemsOfEnrollment(
    enrollmentId: string,
  ): Promise<DistributionItemRecord[]>;

  /**
   * Inserts calls (`planned`, leased to `lease.owner`) and moves their items to
   * `licensing`, in one transaction.
   */
  planCalls(
    calls: Array<{ call: AppleCallRecord; itemIds: number[] }>,
    now: Date,
    lease: { owner: string; leaseUntil: Date },
  ): Promise<void>;
  /** Changes a call that is in `from` (a new state ends its lease); false when it was not. */
  updateCall(
    id: string,
    from: AppleCallState[],
    patch: Partial<Pick<AppleCallRecord, 'state' | 'eventId' | 'nextPollAt'>>,
    now: Date,
  ): Promise<boolean>;
  /**
   * Leases calls of a distribution in `states` (sent calls only once their poll is due)
   * whose lease is free or expired; returns them.
   */
  claimCalls(options: {
    distributionId: string;
    states: AppleCallState[];
    owner: string;
    now: Date;
    leaseUntil: Date;
    /** Only calls last changed before this (recovery of `planned`/`sending`). */
    updatedBefore?: Date;
  }): Promise<AppleCallRecord[]>;
  releaseCall(id: string, owner: string): Promise<void>;
  /** Makes the sent call of Apple's event due for a poll now; false when none. */
  pollCallNow(eventId: string, now: Date): Promise<boolean>;
}
