import { VppHistoryOutcome } from '@internal/plugin-vpp-common';

/** A change to record; the store gives it an id. */
export interface HistoryRecordInput {
  occurredAt: Date;
  actor: string;
  action: string;
  outcome: VppHistoryOutcome;
  tokenId?: string;
  deviceId?: string;
  details: Record<string, string | number | boolean>;
  error?: string;
}

export interface HistoryRecord extends HistoryRecordInput {
  id: string;
}

/** Which entries to list; newest first. */
export interface HistoryQuery {
  tokenId?: string;
  deviceId?: string;
  offset: number;
  limit: number;
}

/** Persistence of the change history (R-BS-5). */
export interface HistoryStore {
  record(entry: HistoryRecordInput): Promise<void>;
  list(
    query: HistoryQuery,
  ): Promise<{ items: HistoryRecord[]; totalCount: number }>;
}
