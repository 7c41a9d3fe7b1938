import { randomUUID } from 'node:crypto';
import {
  ManageAssetsRequest,
  ServiceConfigLimits,
  summarizeEventResult,
} from '../../apple';
import { isAppleVppError } from '../../apple/errors';
import {
  AppleCallRecord,
  DistributionItemRecord,
  DistributionRecord,
} from '../../database/DistributionStore';
import { LedgerKey } from '../../database/LicenseStore';
import { describeAppleFailure } from '../appleFailures';
import {
  outcomePairs,
  pairKey,
  pairsOfRequest,
  planPairRequests,
} from '../licensePlan';
import { AppleClients } from './appleAccess';
import { explain, explainAppleItemError } from './itemErrors';
import { inLanes } from './lanes';
import { WorkerContext } from './workerContext';

/** Items moved out of `pending` at once beyond which item statistics are refreshed. */
const ANALYZE_AFTER = 5_000;

/** License calls prepared and sent at once. */
const LICENSING_LANES = 2;

/** Each app's pricing parameter (Apple's `STDQ` unless the plan says otherwise). */
function pricingOf(d: DistributionRecord): Map<string, string> {
  return new Map(d.plan.apps.map(a => [a.adamId, a.pricingParam ?? 'STDQ']));
}

/**
 * The licensing steps of the distribution worker: pending items claimed in the ledger
 * and associated in as few Apple calls as the limits allow, each call recorded
 * `planned → sending → sent → done` around the request; Apple's events followed at
 * Apple's pace; calls a dead worker left settled (unsent ones undone, possibly sent ones
 * checked against Apple's assignments).
 */
export class LicensingSteps {
  constructor(private readonly x: WorkerContext) {}

  async license(d: DistributionRecord): Promise<void> {
    const { store } = this.x.o;
    const items = await store.claimItems({
      ...this.x.lease(),
      distributionId: d.id,
      states: ['pending'],
      limit: this.x.c.batchSize,
    });
    if (items.length === 0) return;
    const now = this.x.now();
    if (d.licenseMode === 'manual') {
      // R-DIST-3: only licenses held already; the plan checked them, the ledger confirms.
      await store.updateItems(
        items.map(i => i.id),
        ['pending'],
        { state: 'licensed' },
        now,
      );
      return;
    }
    const source = await this.x.o.tokens.getToken(d.sourceTokenId);
    if (!source) return;
    const client = await this.x.o.apple.forToken(source);
    const limits = await client.getLimits();
    // Planned over every pair at once, so the calls are as few as the limits allow;
    // then each call is claimed in the ledger, recorded and sent as soon as it is
    // prepared, so Apple works on the first while the rest are. Two are prepared at a
    // time: preparing is mostly the database writing, which then uses two connections.
    const byPair = new Map(items.map(i => [pairKey(i), i]));
    const requests = planPairRequests(items, pricingOf(d), limits);
    await inLanes(LICENSING_LANES, requests, request =>
      this.#claimAndSend(
        d,
        client,
        limits,
        pairsOfRequest(request).map(p => byPair.get(pairKey(p))!),
      ),
    );
    // Most of the distribution just left `pending`: statistics from before would make
    // every later pass's look for pending items a walk over all of them.
    if (items.length >= ANALYZE_AFTER) await store.analyzeItems();
  }

  /**
   * One planned call's pairs: claimed in the ledger (pairs held already, or claimed by
   * another worker, are left out), recorded as a call, and sent.
   */
  async #claimAndSend(
    d: DistributionRecord,
    client: Awaited<ReturnType<AppleClients['forToken']>>,
    limits: ServiceConfigLimits,
    items: DistributionItemRecord[],
  ): Promise<void> {
    const { store, ledger } = this.x.o;
    const now = this.x.now();
    const byPair = new Map(items.map(i => [pairKey(i), i]));
    const pricing = pricingOf(d);
    const claim = await ledger.claimAssignments(
      items.map(i => ({
        sourceTokenId: d.sourceTokenId,
        tokenId: d.tokenId,
        adamId: i.adamId,
        serialNumber: i.serialNumber,
        pricingParam: pricing.get(i.adamId) ?? 'STDQ',
        mode: 'auto',
        assignedBy: d.createdBy,
        distributionId: d.id,
      })),
      now,
      new Date(now.getTime() - this.x.c.claimStaleMs),
    );
    const claimed = [...claim.claimed];
    const alreadyHeld: number[] = [];
    const busy: number[] = [];
    for (const entry of claim.blocked) {
      const item = byPair.get(pairKey(entry))!;
      if (entry.state === 'assigned') {
        alreadyHeld.push(item.id);
      } else if (
        entry.state === 'assigning' &&
        entry.distributionId === d.id &&
        !entry.eventId
      ) {
        // Our own claim from a pass that died before planning its call: never sent.
        claimed.push(entry);
      } else {
        busy.push(item.id);
      }
    }
    if (alreadyHeld.length) {
      await store.updateItems(
        alreadyHeld,
        ['pending'],
        { state: 'licensed', preLicensed: true },
        now,
      );
    }
    await store.releaseItems(busy, this.x.owner);
    if (claimed.length === 0) return;
    // All of the planned call, normally; fewer pairs when some were blocked.
    const calls = planPairRequests(claimed, pricing, limits).map(request => ({
      call: {
        id: randomUUID(),
        distributionId: d.id,
        sourceTokenId: d.sourceTokenId,
        request: {
          assets: request.assets.map(a => ({
            adamId: a.adamId,
            pricingParam: a.pricingParam,
          })),
          serialNumbers: request.serialNumbers ?? [],
        },
        state: 'planned' as const,
        eventId: null,
        nextPollAt: null,
        createdAt: now,
        updatedAt: now,
      },
      itemIds: (request.serialNumbers ?? []).flatMap(serialNumber =>
        request.assets
          .map(a => byPair.get(pairKey({ adamId: a.adamId, serialNumber })))
          .filter((i): i is DistributionItemRecord => i !== undefined)
          .map(i => i.id),
      ),
    }));
    const { owner, leaseUntil } = this.x.lease();
    await store.planCalls(calls, now, { owner, leaseUntil });
    for (const { call } of calls) {
      await this.#send(client, call);
    }
  }

  async #send(
    client: Awaited<ReturnType<AppleClients['forToken']>>,
    call: AppleCallRecord,
  ): Promise<void> {
    const { store, ledger } = this.x.o;
    const keys = this.#keys(call);
    // Recorded before the request: after a crash from here on, Apple is asked first.
    if (
      !(await store.updateCall(
        call.id,
        ['planned'],
        { state: 'sending' },
        this.x.now(),
      ))
    ) {
      return;
    }
    try {
      const { eventId } = await client.associateAssets(
        call.request as ManageAssetsRequest,
      );
      const now = this.x.now();
      await ledger.setEventId(keys, eventId, now);
      await store.updateCall(
        call.id,
        ['sending'],
        {
          state: 'sent',
          eventId,
          nextPollAt: new Date(now.getTime() + this.x.c.eventFirstPollMs),
        },
        now,
      );
    } catch (error) {
      if (isAppleVppError(error) && error.requestMayHaveBeenProcessed) {
        // Left `sending`: checked at Apple once the grace has passed.
        this.x.o.logger.warn(
          `Apple's answer to a license call of distribution ${call.distributionId} was lost; it is checked at Apple later`,
        );
        return;
      }
      const now = this.x.now();
      await ledger.revert(keys, 'assigning', now);
      const items = await store.itemsOfCall(call.id);
      await store.updateItems(
        items.map(i => i.id),
        ['licensing'],
        {
          state: 'failed',
          errorNumber:
            isAppleVppError(error) && error.errorNumber !== undefined
              ? error.errorNumber
              : null,
          explanation:
            isAppleVppError(error) && error.errorNumber !== undefined
              ? explainAppleItemError(error.errorNumber)
              : explain(
                  `Apple could not be asked for the license: ${describeAppleFailure(
                    error,
                  )}`,
                  `Apple にライセンスを要求できませんでした: ${describeAppleFailure(
                    error,
                  )}`,
                  {
                    en: 'Retry the failed items.',
                    ja: '失敗した項目を再試行してください。',
                  },
                ),
        },
        now,
      );
      await store.updateCall(call.id, ['sending'], { state: 'done' }, now);
    }
  }

  #keys(call: AppleCallRecord): LedgerKey[] {
    return call.request.assets.flatMap(a =>
      call.request.serialNumbers.map(serialNumber => ({
        sourceTokenId: call.sourceTokenId,
        adamId: a.adamId,
        serialNumber,
      })),
    );
  }

  /**
   * Calls a dead worker left: `planned` ones were never sent (their pairs go back to
   * pending); `sending` ones may have reached Apple, so Apple's assignments decide.
   */
  async recoverCalls(d: DistributionRecord): Promise<void> {
    const { store, ledger } = this.x.o;
    const planned = await store.claimCalls({
      ...this.x.lease(),
      distributionId: d.id,
      states: ['planned'],
    });
    for (const call of planned) {
      const now = this.x.now();
      await ledger.revert(this.#keys(call), 'assigning', now);
      const items = await store.itemsOfCall(call.id);
      await store.updateItems(
        items.map(i => i.id),
        ['licensing'],
        { state: 'pending', appleCallId: null },
        now,
      );
      await store.updateCall(call.id, ['planned'], { state: 'done' }, now);
    }
    const now = this.x.now();
    const sending = await store.claimCalls({
      ...this.x.lease(),
      distributionId: d.id,
      states: ['sending'],
      updatedBefore: new Date(now.getTime() - this.x.c.sendingGraceMs),
    });
    if (sending.length === 0) return;
    const source = await this.x.o.tokens.getToken(d.sourceTokenId);
    if (!source) return;
    const client = await this.x.o.apple.forToken(source);
    for (const call of sending) {
      const held = new Set<string>();
      const serials = new Set(call.request.serialNumbers);
      for (const asset of call.request.assets) {
        for await (const page of client.iterateAssignments({
          adamId: asset.adamId,
        })) {
          for (const a of page.assignments) {
            if (a.serialNumber && serials.has(a.serialNumber)) {
              held.add(
                pairKey({ adamId: asset.adamId, serialNumber: a.serialNumber }),
              );
            }
          }
        }
      }
      const keys = this.#keys(call);
      const at = this.x.now();
      await ledger.confirmAssigned(
        keys.filter(k => held.has(pairKey(k))),
        at,
      );
      await ledger.revert(
        keys.filter(k => !held.has(pairKey(k))),
        'assigning',
        at,
      );
      const items = await store.itemsOfCall(call.id);
      await store.updateItems(
        items.filter(i => held.has(pairKey(i))).map(i => i.id),
        ['licensing'],
        { state: 'licensed' },
        at,
      );
      await store.updateItems(
        items.filter(i => !held.has(pairKey(i))).map(i => i.id),
        ['licensing'],
        { state: 'pending', appleCallId: null },
        at,
      );
      await store.updateCall(call.id, ['sending'], { state: 'done' }, at);
    }
  }

  /** Polls Apple's events whose poll is due (Apple's pace), and settles finished ones. */
  async followEvents(d: DistributionRecord): Promise<void> {
    const { store, ledger } = this.x.o;
    const calls = await store.claimCalls({
      ...this.x.lease(),
      distributionId: d.id,
      states: ['sent'],
    });
    if (calls.length === 0) return;
    const source = await this.x.o.tokens.getToken(d.sourceTokenId);
    if (!source) return;
    const client = await this.x.o.apple.forToken(source);
    for (const call of calls) {
      const request = call.request as ManageAssetsRequest;
      let status;
      try {
        status = await client.getEventStatus(call.eventId!);
      } catch (error) {
        this.x.o.logger.warn(
          `Apple's event ${call.eventId}: ${describeAppleFailure(error)}`,
        );
        await store.releaseCall(call.id, this.x.owner);
        continue;
      }
      const final =
        status.eventStatus === 'COMPLETE' || status.eventStatus === 'FAILED';
      const now = this.x.now();
      if (!final) {
        await store.updateCall(
          call.id,
          ['sent'],
          { nextPollAt: new Date(now.getTime() + this.x.c.eventPollMs) },
          now,
        );
        await store.releaseCall(call.id, this.x.owner);
        continue;
      }
      const outcome = outcomePairs(request, {
        ...summarizeEventResult(request, status),
        final,
      });
      const key = (p: { adamId: string; serialNumber: string }) => ({
        sourceTokenId: call.sourceTokenId,
        ...p,
      });
      await ledger.confirmAssigned(outcome.succeeded.map(key), now);
      await ledger.revert(outcome.failed.map(key), 'assigning', now);
      const items = new Map(
        (await store.itemsOfCall(call.id)).map(i => [pairKey(i), i]),
      );
      const ids = (pairs: Array<{ adamId: string; serialNumber: string }>) =>
        pairs
          .map(p => items.get(pairKey(p))?.id)
          .filter((id): id is number => id !== undefined);
      await store.updateItems(
        ids(outcome.succeeded),
        ['licensing'],
        { state: d.state === 'cancelled' ? 'cancelled' : 'licensed' },
        now,
      );
      for (const failure of outcome.failed) {
        await store.updateItems(
          ids([failure]),
          ['licensing'],
          {
            state: 'failed',
            errorNumber: failure.errorNumber ?? null,
            explanation: explainAppleItemError(failure.errorNumber),
          },
          now,
        );
      }
      // Final but Apple leaves these open: checked at Apple like a lost answer.
      if (outcome.pending.length) {
        await store.updateItems(
          ids(outcome.pending),
          ['licensing'],
          {
            state: 'failed',
            explanation: explain(
              "Apple's result for this license is unknown.",
              'このライセンスの Apple での結果は不明です。',
              {
                en: 'Sync the token, then retry the failed items.',
                ja: 'トークンを同期してから、失敗した項目を再試行してください。',
              },
            ),
          },
          now,
        );
        await ledger.revert(outcome.pending.map(key), 'assigning', now);
      }
      await store.updateCall(call.id, ['sent'], { state: 'done' }, now);
    }
  }

  /**
   * Apple's `ASSET_MANAGEMENT` notification for an event: its call is polled at the next
   * pass instead of at Apple's pace. True when the event is one of ours.
   */
  async eventProgressed(eventId: string): Promise<boolean> {
    return this.x.o.store.pollCallNow(eventId, this.x.now());
  }
}
