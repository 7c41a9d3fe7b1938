/**
 * NanoMDM's answer to `/v1/enqueue` and `/v1/push` (`api.APIResult` in NanoMDM's
 * `api/types.go`), JSON with every key omitted when empty:
 *
 * `{"status": {"<id>": {"push_error", "push_result", "command_error"}}, "no_push",
 * "push_error", "command_error", "command_uuid", "request_type"}`
 *
 * with HTTP 200 (no error), 207 (some ids carry an error) or 500 (a top-level error, or
 * every id failed). A 500 does not mean "not queued": only `command_error` does.
 */

/** What NanoMDM reports for one enrollment id. */
export interface NanoMdmIdResult {
  /** The `apns-id` of a push that was sent. */
  pushResult?: string;
  /** The push to this id failed (the command, if any, is still queued). */
  pushError?: string;
  /** The command was not stored for this id. */
  commandError?: string;
}

export interface NanoMdmApiResult {
  status: Record<string, NanoMdmIdResult>;
  noPush: boolean;
  /** Pushing failed as a whole (e.g. no push certificate); anything enqueued stays queued. */
  pushError?: string;
  /** The command was stored for none of the ids of the request. */
  commandError?: string;
  commandUuid?: string;
  requestType?: string;
}

/** A NanoMDM result with the HTTP status it came with. */
export interface NanoMdmAnswer {
  httpStatus: number;
  result: NanoMdmApiResult;
}

const TOP_LEVEL_KEYS = new Set([
  'status',
  'no_push',
  'push_error',
  'command_error',
  'command_uuid',
  'request_type',
]);

function optionalString(value: unknown): string | undefined | null {
  if (value === undefined) {
    return undefined;
  }
  return typeof value === 'string' ? value : null;
}

/**
 * Reads a NanoMDM result; `undefined` when the text is not one (not JSON, not an object,
 * unknown keys, wrong types), which happens when something else (a proxy, a wrong base
 * URL) answered.
 */
export function parseNanoMdmApiResult(
  text: string,
): NanoMdmApiResult | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return undefined;
  }
  const body = json as Record<string, unknown>;
  if (!Object.keys(body).every(key => TOP_LEVEL_KEYS.has(key))) {
    return undefined;
  }
  const strings = {
    pushError: optionalString(body.push_error),
    commandError: optionalString(body.command_error),
    commandUuid: optionalString(body.command_uuid),
    requestType: optionalString(body.request_type),
  };
  if (Object.values(strings).some(value => value === null)) {
    return undefined;
  }
  if (body.no_push !== undefined && typeof body.no_push !== 'boolean') {
    return undefined;
  }
  const status: Record<string, NanoMdmIdResult> = {};
  if (body.status !== undefined) {
    if (
      body.status === null ||
      typeof body.status !== 'object' ||
      Array.isArray(body.status)
    ) {
      return undefined;
    }
    for (const [id, raw] of Object.entries(body.status)) {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        return undefined;
      }
      const entry = raw as Record<string, unknown>;
      const idResult = {
        pushResult: optionalString(entry.push_result),
        pushError: optionalString(entry.push_error),
        commandError: optionalString(entry.command_error),
      };
      if (Object.values(idResult).some(value => value === null)) {
        return undefined;
      }
      status[id] = stripUndefined(idResult as NanoMdmIdResult);
    }
  }
  return stripUndefined({
    status,
    noPush: body.no_push === true,
    ...(strings as Omit<NanoMdmApiResult, 'status' | 'noPush'>),
  });
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/**
 * The same CommandUUID was stored before: NanoMDM's SQL storages keep commands keyed by
 * their UUID (PostgreSQL `duplicate key value violates unique constraint
 * "commands_pkey"`, MySQL `Duplicate entry … for key 'commands.PRIMARY'`), and store a
 * command with its queue entries in one transaction, so a duplicate means an earlier try
 * of the same request was stored for all its ids.
 */
export function isDuplicateCommandError(message: string): boolean {
  // A duplicate queue row (`enrollment_queue_pkey`: an id twice in one request) is not
  // an earlier try; the client never sends an id twice, but must not misread it.
  return (
    /duplicate key|duplicate entry|unique constraint|already exists/i.test(
      message,
    ) && !/enrollment_queue/i.test(message)
  );
}

/**
 * An enrollment id of the request is unknown to NanoMDM's SQL storage: the queue row's
 * foreign key to `enrollments` failed (PostgreSQL `violates foreign key constraint
 * "enrollment_queue_id_fkey"`, MySQL `a foreign key constraint fails`) and the whole
 * request was rolled back.
 */
export function isUnknownEnrollmentError(message: string): boolean {
  return /foreign key/i.test(message);
}
