import type { NanoMdmAnswer } from './apiResult';
import { isDuplicateCommandError, isUnknownEnrollmentError } from './apiResult';
import { deriveCommandUuid, idsFingerprint } from './commandUuid';
import { isMdmClientError, MdmClientError } from './errors';

/** One command body for many devices. */
export interface CommandDelivery {
  /**
   * CommandUUID when all ids fit in one request. Batches, and the parts of a batch split
   * to isolate unknown ids, get ids derived from it and from their own id set (see
   * {@link deliveryCommandUuid}).
   */
  commandUuid: string;
  enrollmentIds: readonly string[];
  /** The command plist carrying `commandUuid`. */
  build(commandUuid: string): string;
}

/** What became of one enrollment id of a delivery. */
export interface DeliveryOutcome {
  enrollmentId: string;
  /** The CommandUUID of the request that carried the command to this id. */
  commandUuid: string;
  /** The command is stored for the device and will reach it. */
  queued: boolean;
  /** NanoMDM had stored this command for the id before (an earlier try); counts as queued. */
  alreadyQueued?: boolean;
  /** Why it was not queued. */
  error?: string;
  /**
   * The MDM server could not be asked (unreachable, refused the key): the command may or
   * may not be queued. Sending again with the same ids is safe.
   */
  undecided?: boolean;
  /** Queued, but the push failed; the device gets the command at its next check-in. */
  pushError?: string;
  /** The `apns-id` of the push. */
  pushId?: string;
}

/** The part of the client a delivery uses. */
export interface DeliveryClient {
  enqueue(
    ids: readonly string[],
    command: string,
    options: { noPush?: boolean },
  ): Promise<NanoMdmAnswer>;
  push(ids: readonly string[]): Promise<NanoMdmAnswer>;
}

/**
 * The CommandUUID of a request carrying a delivery to `ids`: the delivery's own id when
 * `ids` are all its ids, else the version-5 UUID derived from it and the sorted id set.
 * NanoMDM's SQL storages store a CommandUUID once, so every request needs its own; deriving
 * it from the id set means the same request on a retry has the same id (and answers
 * "duplicate"), whatever order the ids came in.
 */
export function deliveryCommandUuid(
  delivery: Pick<CommandDelivery, 'commandUuid'>,
  ids: readonly string[],
  whole: boolean,
): string {
  return whole
    ? delivery.commandUuid
    : deriveCommandUuid(delivery.commandUuid, `ids:${idsFingerprint(ids)}`);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

function invalidIdReason(id: unknown): string | undefined {
  if (typeof id !== 'string' || id.trim() === '') {
    return 'empty enrollment id';
  }
  if (id.includes(',')) {
    return 'an enrollment id cannot contain a comma (NanoMDM separates ids with commas)';
  }
  return undefined;
}

/**
 * Queues each delivery's command for its ids and then wakes the devices:
 *
 * 1. ids are de-duplicated and sorted, split into batches of `batchSize`, and each batch is
 *    enqueued with `?nopush=1`;
 * 2. NanoMDM's answer is read per id: only a `command_error` means "not queued"; a
 *    duplicate-CommandUUID error means an earlier try stored it (queued);
 * 3. NanoMDM's SQL storages reject a whole request when one id is unknown (a foreign-key
 *    `command_error`, nothing stored): the batch is split in halves until the unknown ids
 *    stand alone, so the known ids are still queued;
 * 4. every queued id is pushed, one `GET /v1/push` per batch; a failed push is reported per
 *    id and does not undo the queueing.
 *
 * Rejects only when no enqueue request got an answer (the client's error, e.g.
 * `MdmUnreachableError`); otherwise ids whose request got none are `undecided`. After
 * the first request that got no answer, the remaining requests of that phase are not
 * tried (their ids are `undecided`, or carry the push error).
 */
export async function deliverCommands(
  client: DeliveryClient,
  deliveries: readonly CommandDelivery[],
  options: { batchSize: number },
): Promise<DeliveryOutcome[]> {
  const [outcomes] = await deliverCommandGroups(client, [deliveries], options);
  return outcomes;
}

/**
 * {@link deliverCommands} for several groups of deliveries at once (several actions): all
 * are enqueued first, in order, and then each device is pushed once, so it fetches all
 * its new commands in one check-in. The outcomes come back per group.
 */
export async function deliverCommandGroups(
  client: DeliveryClient,
  groups: ReadonlyArray<readonly CommandDelivery[]>,
  options: { batchSize: number },
): Promise<DeliveryOutcome[][]> {
  const perGroup: DeliveryOutcome[][] = groups.map(() => []);
  /** The group whose deliveries are being enqueued: outcomes land there. */
  let outcomes: DeliveryOutcome[] = [];
  let decided = false;
  let firstClientError: MdmClientError | undefined;

  const enqueueRequest = async (
    delivery: CommandDelivery,
    ids: string[],
    commandUuid: string,
  ): Promise<void> => {
    let answer: NanoMdmAnswer;
    const skipped = firstClientError !== undefined;
    try {
      if (firstClientError) {
        // Once NanoMDM failed after all retries (or refused the key), the next batches
        // are not tried: each would wait out its own retries for the same answer.
        throw firstClientError;
      }
      answer = await client.enqueue(ids, delivery.build(commandUuid), {
        noPush: true,
      });
    } catch (error) {
      if (!isMdmClientError(error)) {
        throw error;
      }
      firstClientError ??= error;
      for (const enrollmentId of ids) {
        outcomes.push({
          enrollmentId,
          commandUuid,
          queued: false,
          undecided: true,
          error: skipped
            ? `not sent, an earlier request failed: ${error.message}`
            : error.message,
        });
      }
      return;
    }
    decided = true;
    const { result } = answer;
    const requestError = result.commandError;
    if (requestError !== undefined) {
      if (isDuplicateCommandError(requestError)) {
        for (const enrollmentId of ids) {
          outcomes.push({
            enrollmentId,
            commandUuid,
            queued: true,
            alreadyQueued: true,
          });
        }
      } else if (isUnknownEnrollmentError(requestError) && ids.length > 1) {
        const middle = Math.ceil(ids.length / 2);
        for (const half of [ids.slice(0, middle), ids.slice(middle)]) {
          await enqueueRequest(
            delivery,
            half,
            deliveryCommandUuid(delivery, half, false),
          );
        }
      } else {
        const error = isUnknownEnrollmentError(requestError)
          ? `NanoMDM does not know this enrollment id: ${requestError}`
          : `NanoMDM did not queue the command: ${requestError}`;
        for (const enrollmentId of ids) {
          outcomes.push({ enrollmentId, commandUuid, queued: false, error });
        }
      }
      return;
    }
    for (const enrollmentId of ids) {
      const idError = result.status[enrollmentId]?.commandError;
      if (idError === undefined) {
        outcomes.push({ enrollmentId, commandUuid, queued: true });
      } else if (isDuplicateCommandError(idError)) {
        outcomes.push({
          enrollmentId,
          commandUuid,
          queued: true,
          alreadyQueued: true,
        });
      } else {
        outcomes.push({
          enrollmentId,
          commandUuid,
          queued: false,
          error: `NanoMDM did not queue the command: ${idError}`,
        });
      }
    }
  };

  const enqueueDelivery = async (delivery: CommandDelivery) => {
    const valid: string[] = [];
    for (const id of new Set(delivery.enrollmentIds)) {
      const reason = invalidIdReason(id);
      if (reason) {
        outcomes.push({
          enrollmentId: id,
          commandUuid: delivery.commandUuid,
          queued: false,
          error: reason,
        });
      } else {
        valid.push(id);
      }
    }
    valid.sort();
    const batches = chunk(valid, options.batchSize);
    for (const batch of batches) {
      await enqueueRequest(
        delivery,
        batch,
        deliveryCommandUuid(delivery, batch, batches.length === 1),
      );
    }
  };

  for (const [group, deliveries] of groups.entries()) {
    outcomes = perGroup[group];
    for (const delivery of deliveries) {
      await enqueueDelivery(delivery);
    }
  }

  if (!decided && firstClientError !== undefined) {
    throw firstClientError;
  }

  const queued = perGroup.flat().filter(o => o.queued);
  const byId = new Map<string, DeliveryOutcome[]>();
  for (const outcome of queued) {
    byId.set(outcome.enrollmentId, [
      ...(byId.get(outcome.enrollmentId) ?? []),
      outcome,
    ]);
  }
  let pushFailure: MdmClientError | undefined;
  for (const ids of chunk([...byId.keys()], options.batchSize)) {
    try {
      if (pushFailure) {
        throw pushFailure; // as above: the next pushes would fail the same way
      }
      const { result } = await client.push(ids);
      for (const id of ids) {
        const idResult = result.status[id];
        const pushError =
          idResult?.pushError ??
          (idResult?.pushResult ? undefined : result.pushError);
        for (const outcome of byId.get(id)!) {
          if (pushError !== undefined) {
            outcome.pushError = pushError;
          }
          if (idResult?.pushResult) {
            outcome.pushId = idResult.pushResult;
          }
        }
      }
    } catch (error) {
      if (!isMdmClientError(error)) {
        throw error;
      }
      pushFailure ??= error;
      for (const id of ids) {
        for (const outcome of byId.get(id)!) {
          outcome.pushError = `push not sent: ${error.message}`;
        }
      }
    }
  }
  return perGroup;
}
