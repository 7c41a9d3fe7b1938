/** Whether a recorded change went through. @public */
export type VppHistoryOutcome = 'succeeded' | 'failed';

/**
 * One change made through the vpp API (R-BS-5): who, when, what and the outcome. Never
 * holds a token file, password or other secret.
 *
 * @public
 */
export interface VppHistoryEntry {
  id: string;
  /** ISO instant. */
  occurredAt: string;
  /** User entity ref of the person (or the service's subject) who made the change. */
  actor: string;
  /** What was done: the audit event id, e.g. `token-register`, `token-renew`. */
  action: string;
  outcome: VppHistoryOutcome;
  tokenId?: string;
  deviceId?: string;
  /** What the change was about, e.g. `{ owner: 'group:default/tokyo-it' }`. */
  details: Record<string, string | number | boolean>;
  /** Why a failed change failed. */
  error?: string;
}

/** Query of `GET /history`: a token's or a device's changes (exactly one of them). @public */
export interface ListHistoryQuery {
  tokenId?: string;
  deviceId?: string;
  /** @defaultValue 0 */
  offset?: number;
  /** At most 200. @defaultValue 50 */
  limit?: number;
}

/** Newest first. @public */
export interface ListHistoryResponse {
  items: VppHistoryEntry[];
  /** Number of entries for the query, regardless of paging. */
  totalCount: number;
}

/** Answer of `POST /tokens/registrable-owners`. @public */
export interface RegistrableOwnersResponse {
  /** The asked-for groups the caller may register tokens for. */
  owners: string[];
}
