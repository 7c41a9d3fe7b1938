import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  VppLicenseChangeRequest,
  VppLicenseChangeResult,
  VppLicenseList,
  VppLicenseListQuery,
  VppLicenseOrphans,
  VppLicensePair,
  VppLicensePairSkip,
} from '@internal/plugin-vpp-common';
import {
  AppleRequestHolds,
  AppleVppClient,
  EventResponse,
  ManageAssetsRequest,
  SlidingWindowRateLimiter,
  WaitForEventOptions,
} from '../apple';
import { isAppleVppError } from '../apple/errors';
import { ContentStore } from '../database/ContentStore';
import { LedgerKey, LicenseStore } from '../database/LicenseStore';
import { TokenFilter, TokenRecord, TokenStore } from '../database/TokenStore';
import { MdmIdentity } from './AppleTokenGateway';
import {
  describeAppleFailure,
  tokenStateFromAppleError,
} from './appleFailures';
import { LicenseLedgerView } from './licenseLedgerView';
import {
  outcomePairs,
  pairKey,
  pairsOfRequest,
  PairOutcome,
  planPairRequests,
} from './licensePlan';
import {
  buildResult,
  LicenseAction,
  requestedApps,
  skipFor,
} from './licenseRequest';
import { TokenCipher } from './TokenCipher';
import {
  getContentSource,
  getTokenRecord,
  SourceTokenClients,
  unusableSource,
} from './tokenSources';
import { computeTokenStatus } from './tokenStatus';

/**
 * Which of these serial numbers a managed device has. The device store provides it;
 * without it the orphan check cannot tell Apple's licenses for unmanaged serials.
 */
export type ManagedSerialsLookup = (serials: string[]) => Promise<Set<string>>;

export interface LicenseServiceOptions {
  tokens: TokenStore;
  content: ContentStore;
  ledger: LicenseStore;
  cipher: TokenCipher;
  appleBaseUrl: string;
  mdmIdentity: MdmIdentity;
  warningDays: number;
  logger: LoggerService;
  /** Told about tokens whose status changed because Apple refused them. */
  onTokenStatusChanged?: (tokenIds: string[]) => Promise<void> | void;
  /** How Apple's events are followed; Apple's pace by default (see `waitForEvent`). */
  eventWait?: Pick<
    WaitForEventOptions,
    'pollIntervalMs' | 'firstPollDelayMs' | 'resubmitAfterMs' | 'maxWaitMs'
  >;
  /**
   * A change claimed longer ago than this is taken over by the next request for the pair:
   * its process died while waiting for Apple. Longer than the longest wait for an event.
   * @defaultValue 1 hour
   */
  claimStaleMs?: number;
  /**
   * Changes made this shortly before a sync finished may be missing from what it fetched;
   * they are not judged against it. A sync pass takes far less than this.
   * @defaultValue 1 hour
   */
  syncSettleMs?: number;
  managedSerials?: ManagedSerialsLookup;
  /** Apple's Retry-After holds, shared by every Apple caller of the process. */
  holds?: AppleRequestHolds;
  rateLimiter?: SlidingWindowRateLimiter;
  now?: () => Date;
}

const HOUR = 3_600_000;

/**
 * The license ledger (R-LIC-1, R-LIC-2, R-LIC-4): assigning and revoking device licenses
 * at Apple without installing, recording who did what and when, listing the ledger with
 * the licenses Apple shows that this product did not make, and the orphans.
 *
 * Each change claims its pairs in the ledger first (so overlapping requests, or several
 * instances, never send a pair twice), asks Apple in as few calls as its limits allow,
 * follows each event to its end, and then confirms or reverts every pair on its own.
 */
export class LicenseService {
  readonly #o: LicenseServiceOptions;
  readonly #now: () => Date;
  readonly #clients: SourceTokenClients;
  readonly #view: LicenseLedgerView;

  constructor(options: LicenseServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#clients = new SourceTokenClients({
      tokens: options.tokens,
      cipher: options.cipher,
      appleBaseUrl: options.appleBaseUrl,
      mdmIdentity: options.mdmIdentity,
      rateLimiter: options.rateLimiter,
      holds: options.holds,
    });
    this.#view = new LicenseLedgerView({
      content: options.content,
      ledger: options.ledger,
      syncSettleMs: options.syncSettleMs ?? HOUR,
      managedSerials: options.managedSerials,
    });
  }

  /**
   * Associates every app with every serial number (R-LIC-2 pre-assign). Pairs that
   * already hold a license — in the ledger, or at Apple as of the last sync — are not
   * sent again, so a pre-existing license stays pre-existing.
   */
  async assign(
    request: VppLicenseChangeRequest,
    actor: string,
    options: { mode?: 'auto' | 'manual'; distributionId?: string } = {},
  ): Promise<VppLicenseChangeResult> {
    return this.#change('assign', request, actor, options);
  }

  /** Disassociates every app from every serial number (R-LIC-2 reclaim). */
  async revoke(
    request: VppLicenseChangeRequest,
    actor: string,
  ): Promise<VppLicenseChangeResult> {
    return this.#change('revoke', request, actor, {});
  }

  /**
   * The ledger and the pre-existing licenses (R-LIC-1). `tokenId` selects its Apple
   * location; without it, every location of the tokens `filter` lets the caller read.
   */
  async list(
    query: VppLicenseListQuery,
    filter?: PermissionCriteria<TokenFilter>,
  ): Promise<VppLicenseList> {
    const sources = query.tokenId
      ? [await this.#source(await this.#record(query.tokenId))]
      : await this.#readableSources(filter);
    return this.#view.list(sources, {
      adamId: query.adamId,
      serialNumber: query.serialNumber,
      mode: query.mode,
      offset: query.offset ?? 0,
      limit: query.limit ?? 100,
    });
  }

  /** R-LIC-4 for one token's location, against its last full sync. */
  async findOrphans(tokenId: string): Promise<VppLicenseOrphans> {
    const record = await this.#record(tokenId);
    const source = await this.#source(record);
    return { ...(await this.#view.orphans(source)), tokenId: record.id };
  }

  // ------------------------------------------------------------------------------------

  async #change(
    action: LicenseAction,
    request: VppLicenseChangeRequest,
    actor: string,
    options: { mode?: 'auto' | 'manual'; distributionId?: string },
  ): Promise<VppLicenseChangeResult> {
    const record = await this.#record(request.tokenId);
    const source = await this.#source(record);
    this.#assertUsable(source, record, action);
    const apps = await requestedApps(
      this.#o.content,
      source,
      request.adamIds,
      action,
    );
    const pricing = new Map(apps.map(a => [a.adamId, a.pricingParam]));
    const client = await this.#client(source);

    const { toSend, skipped } = await this.#sortPairs(action, source, request);
    const limits = await client.getLimits();
    const result = (
      appleRequests: ManageAssetsRequest[],
      outcome: PairOutcome & { skipped: VppLicensePairSkip[] },
      dryRun: boolean,
    ) => buildResult(record.id, action, dryRun, appleRequests, apps, outcome);

    if (request.dryRun) {
      const planned = planPairRequests(toSend, pricing, limits);
      return result(
        planned,
        { succeeded: [], failed: [], pending: [], skipped },
        true,
      );
    }

    const now = this.#now();
    const staleBefore = new Date(
      now.getTime() - (this.#o.claimStaleMs ?? HOUR),
    );
    const keys = (pairs: VppLicensePair[]): LedgerKey[] =>
      pairs.map(p => ({ sourceTokenId: source.id, ...p }));
    const claims = toSend.map(p => ({
      sourceTokenId: source.id,
      tokenId: record.id,
      adamId: p.adamId,
      serialNumber: p.serialNumber,
      pricingParam: pricing.get(p.adamId) ?? 'STDQ',
      mode: options.mode ?? ('manual' as const),
      assignedBy: actor,
      distributionId: options.distributionId,
    }));
    const claim =
      action === 'assign'
        ? await this.#o.ledger.claimAssignments(claims, now, staleBefore)
        : await this.#o.ledger.claimRevocations(claims, now, staleBefore);
    // Lost a race with another request between reading and claiming.
    skipped.push(...claim.blocked.map(e => skipFor(e)));
    const claimed = claim.claimed.map(k => ({
      adamId: k.adamId,
      serialNumber: k.serialNumber,
    }));
    const planned = planPairRequests(claimed, pricing, limits);

    const send = (r: ManageAssetsRequest): Promise<EventResponse> =>
      action === 'assign'
        ? client.associateAssets(r)
        : client.disassociateAssets(r);
    const done: PairOutcome = { succeeded: [], failed: [], pending: [] };
    const settle = async (outcome: PairOutcome) => {
      const at = this.#now();
      if (action === 'assign') {
        await this.#o.ledger.confirmAssigned(keys(outcome.succeeded), at);
      } else {
        await this.#o.ledger.confirmRevoked(keys(outcome.succeeded), actor, at);
      }
      await this.#o.ledger.revert(
        keys(outcome.failed),
        action === 'assign' ? 'assigning' : 'revoking',
        at,
      );
      done.succeeded.push(...outcome.succeeded);
      done.failed.push(...outcome.failed);
      done.pending.push(...outcome.pending);
    };

    // Submit one call after the other (Apple's rate limit is the client's business).
    const submitted: Array<{ request: ManageAssetsRequest; eventId: string }> =
      [];
    let refusal: unknown;
    for (const [index, appleRequest] of planned.entries()) {
      try {
        const { eventId } = await send(appleRequest);
        await this.#o.ledger.setEventId(
          keys(pairsOfRequest(appleRequest)),
          eventId,
          this.#now(),
        );
        submitted.push({ request: appleRequest, eventId });
      } catch (error) {
        refusal = error;
        const lost =
          isAppleVppError(error) && error.requestMayHaveBeenProcessed;
        const unsent = planned.slice(lost ? index + 1 : index);
        const reason = `Not done: ${describeAppleFailure(error)}`;
        await settle({
          succeeded: [],
          failed: unsent.flatMap(pairsOfRequest).map(p => ({ ...p, reason })),
          // The answer was lost: Apple may have done it. The claim stays until it is stale.
          pending: lost ? pairsOfRequest(appleRequest) : [],
        });
        break;
      }
    }
    if (
      submitted.length === 0 &&
      refusal !== undefined &&
      tokenStateFromAppleError(refusal)
    ) {
      await this.#refused(source, record, action, refusal);
    }

    // Follow every event to its end; each settles its pairs as soon as it is known.
    await Promise.all(
      submitted.map(async ({ request: appleRequest, eventId }) => {
        try {
          const outcome = await client.waitForEvent(eventId, {
            ...this.#o.eventWait,
            request: appleRequest,
            resubmit: () => send(appleRequest),
          });
          await settle(outcomePairs(appleRequest, outcome));
        } catch (error) {
          this.#o.logger.warn(
            `Following Apple's event ${eventId} for content token ${
              source.id
            } failed; its licenses stay marked as in progress: ${describeAppleFailure(
              error,
            )}`,
          );
          await settle({
            succeeded: [],
            failed: [],
            pending: pairsOfRequest(appleRequest),
          });
        }
      }),
    );
    if (refusal !== undefined && submitted.length > 0) {
      await this.#noteTokenState(source, refusal);
    }
    this.#o.logger.info(
      `License ${action} through content token ${record.id} by ${actor}: ${done.succeeded.length} done, ${done.failed.length} failed, ${done.pending.length} pending, ${skipped.length} skipped, in ${planned.length} Apple call(s)`,
    );
    return result(planned, { ...done, skipped }, false);
  }

  /**
   * Splits the requested pairs into those to send and those to leave alone: licenses
   * already held (assign) and pairs another request is changing right now.
   */
  async #sortPairs(
    action: LicenseAction,
    source: TokenRecord,
    request: VppLicenseChangeRequest,
  ): Promise<{ toSend: VppLicensePair[]; skipped: VppLicensePairSkip[] }> {
    const staleBefore = this.#now().getTime() - (this.#o.claimStaleMs ?? HOUR);
    const ledger = new Map(
      (await this.#o.ledger.listAll(source.id, request.adamIds)).map(e => [
        pairKey(e),
        e,
      ]),
    );
    const heldAtApple =
      action === 'assign'
        ? await this.#view.heldAtApple(source, request.adamIds, ledger)
        : new Set<string>();
    const toSend: VppLicensePair[] = [];
    const skipped: VppLicensePairSkip[] = [];
    for (const adamId of request.adamIds) {
      for (const serialNumber of request.serials) {
        const pair = { adamId, serialNumber };
        const entry = ledger.get(pairKey(pair));
        const busy =
          entry &&
          (entry.state === 'assigning' || entry.state === 'revoking') &&
          entry.updatedAt.getTime() >= staleBefore;
        if (busy) {
          skipped.push(skipFor(entry));
        } else if (action === 'assign' && entry?.state === 'assigned') {
          skipped.push(skipFor(entry));
        } else if (action === 'assign' && heldAtApple.has(pairKey(pair))) {
          skipped.push({
            ...pair,
            reason: 'already-assigned',
            message:
              'Apple already lists this license (pre-existing, as of the last sync); it is not assigned again.',
          });
        } else {
          toSend.push(pair);
        }
      }
    }
    return { toSend, skipped };
  }

  /** Apple refused the token at the first call, so nothing was sent: one clear 409. */
  async #refused(
    source: TokenRecord,
    record: TokenRecord,
    action: LicenseAction,
    error: unknown,
  ): Promise<never> {
    const refreshed = (await this.#noteTokenState(source, error)) ?? source;
    const { statusReason } = computeTokenStatus(
      refreshed,
      this.#now(),
      this.#o.warningDays,
    );
    throw new ConflictError(
      `Apple refused the token of "${record.displayName}"; nothing was ${
        action === 'assign' ? 'assigned' : 'revoked'
      }. ${statusReason}`,
    );
  }

  /** Records what an Apple refusal proves about the token (R-TOK-5), as the sync does. */
  async #noteTokenState(
    source: TokenRecord,
    error: unknown,
  ): Promise<TokenRecord | undefined> {
    const appleState = tokenStateFromAppleError(error);
    if (!appleState) return undefined;
    await this.#o.tokens.setAppleState(source.id, {
      appleState,
      appleStateReason: describeAppleFailure(error),
      checkedAt: this.#now(),
    });
    if (appleState !== source.appleState) {
      const shares = await this.#o.tokens.listShares(source.id);
      await this.#o.onTokenStatusChanged?.([
        source.id,
        ...shares.map(s => s.id),
      ]);
    }
    return (await this.#o.tokens.getToken(source.id)) ?? source;
  }

  /** R-TOK-8: no assign or revoke with an unusable token; the refusal says why. */
  #assertUsable(
    source: TokenRecord,
    requested: TokenRecord,
    action: LicenseAction,
  ) {
    const unusable = unusableSource(
      source,
      requested,
      this.#now(),
      this.#o.warningDays,
    );
    if (unusable) {
      throw new ConflictError(
        `Licenses cannot be ${
          action === 'assign' ? 'assigned' : 'revoked'
        } with "${requested.displayName}"${unusable.via} because the token is ${
          unusable.status
        }. ${unusable.statusReason}`,
      );
    }
  }

  async #readableSources(
    filter?: PermissionCriteria<TokenFilter>,
  ): Promise<TokenRecord[]> {
    const readable = await this.#o.tokens.listTokens({ filter });
    const ids = [...new Set(readable.map(t => t.sharesFrom ?? t.id))];
    const byId = new Map(readable.map(t => [t.id, t]));
    const missing = ids.filter(id => !byId.has(id));
    for (const source of await this.#o.tokens.getTokens(missing)) {
      byId.set(source.id, source);
    }
    return ids
      .map(id => byId.get(id))
      .filter((t): t is TokenRecord => t !== undefined)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  #client(source: TokenRecord): Promise<AppleVppClient> {
    return this.#clients.forSource(source);
  }

  #record(id: string): Promise<TokenRecord> {
    return getTokenRecord(this.#o.tokens, id);
  }

  #source(record: TokenRecord): Promise<TokenRecord> {
    return getContentSource(this.#o.tokens, record);
  }
}
