import {
  MdmCheckInEvent,
  MdmCommandResultEvent,
  MdmEvent,
  MdmWebhookError,
} from '@internal/plugin-vpp-node';
import {
  commandAnswer,
  decodeRawPayload,
  deviceFacts,
  isDict,
  PlistDict,
  rawPayloadText,
} from './deviceAnswers';

/**
 * NanoMDM's (and MicroMDM's) webhook events → {@link MdmEvent}s. One JSON event per POST:
 *
 * `{"topic", "event_id", "created_at", "checkin_event" | "acknowledge_event": {"udid",
 * "enrollment_id", "ids": {"id", "type", "parent_id"}, "url_params", "raw_payload",
 * "status", "command_uuid", "token_update_tally"}}`
 *
 * Both v0.9.0 and older shapes are accepted (older releases send `event_id: ""`,
 * `url_params` always (possibly `null`), and no `ids`). Events of user channels (a macOS
 * user, a Shared iPad user, the user side of User Enrollment) and topics the inventory
 * does not use (`mdm.UserAuthenticate`, bootstrap tokens, declarative management…) give
 * no event. Anything malformed throws {@link MdmWebhookError} naming what is wrong.
 */
export function parseNanoMdmWebhook(body: unknown): MdmEvent[] {
  if (!isDict(body)) {
    throw new MdmWebhookError('The webhook body is not a JSON object');
  }
  const topic = body.topic;
  if (typeof topic !== 'string' || topic === '') {
    throw new MdmWebhookError('topic is missing');
  }
  if (!/^mdm\.[A-Za-z]+$/.test(topic)) {
    throw new MdmWebhookError(
      `topic ${JSON.stringify(topic)} is not an MDM topic`,
    );
  }
  const occurredAt = parseCreatedAt(body.created_at);
  const eventId = parseEventId(body.event_id);

  switch (topic) {
    case 'mdm.Authenticate':
    case 'mdm.TokenUpdate':
    case 'mdm.CheckOut':
      return checkIn(topic, body.checkin_event, occurredAt, eventId);
    case 'mdm.Connect':
      return acknowledge(body.acknowledge_event, occurredAt, eventId);
    default:
      return [];
  }
}

const RFC3339 =
  /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Go's `time.Time` JSON (RFC 3339, up to nanoseconds; Date keeps milliseconds). */
function parseCreatedAt(value: unknown): Date {
  if (typeof value !== 'string') {
    throw new MdmWebhookError('created_at is missing');
  }
  const match = RFC3339.exec(value);
  const date = match
    ? new Date(
        `${match[1]}T${match[2]}${(match[3] ?? '').slice(
          0,
          4,
        )}${match[4].toUpperCase()}`,
      )
    : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new MdmWebhookError(
      `created_at ${JSON.stringify(value)} is not an RFC 3339 date-time`,
    );
  }
  return date;
}

function parseEventId(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new MdmWebhookError('event_id is not a string');
  }
  return value;
}

interface EnrollmentFields {
  enrollmentId: string;
  udid: string;
  urlParams?: Record<string, string>;
  /** The event comes from a user channel; the device inventory ignores it. */
  userChannel: boolean;
  payload: PlistDict;
}

const USER_CHANNEL_TYPES = new Set(['User', 'User Enrollment', 'Shared iPad']);

function optionalString(
  event: PlistDict,
  key: string,
  where: string,
): string | undefined {
  const value = event[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new MdmWebhookError(`${where}.${key} is not a string`);
  }
  return value;
}

/**
 * The event's device and channel. `payloadNeeded: false` (an Idle check-in): the
 * payload is only checked, not parsed, when the event's own fields name the device and
 * its channel (NanoMDM v0.9.0's `udid` and `ids.type`) — parsing XML is most of the cost
 * of the most frequent event.
 */
function enrollmentFields(
  event: PlistDict,
  where: string,
  payloadNeeded = true,
): EnrollmentFields {
  let idsId: string | undefined;
  let idsType: string | undefined;
  if (event.ids !== undefined && event.ids !== null) {
    if (!isDict(event.ids) || typeof event.ids.id !== 'string') {
      throw new MdmWebhookError(`${where}.ids has no id`);
    }
    idsId = event.ids.id || undefined;
    idsType = typeof event.ids.type === 'string' ? event.ids.type : undefined;
  }
  let payload: PlistDict;
  if (
    !payloadNeeded &&
    idsType !== undefined &&
    optionalString(event, 'udid', where)
  ) {
    rawPayloadText(event.raw_payload, where);
    payload = {};
  } else {
    payload = decodeRawPayload(event.raw_payload, where);
  }
  const udid =
    optionalString(event, 'udid', where) ??
    (typeof payload.UDID === 'string' && payload.UDID !== ''
      ? payload.UDID
      : undefined);
  const enrollmentId =
    idsId ?? optionalString(event, 'enrollment_id', where) ?? udid;
  if (!enrollmentId) {
    throw new MdmWebhookError(
      `${where} names no device (no ids.id, enrollment_id or udid)`,
    );
  }
  let urlParams: Record<string, string> | undefined;
  if (event.url_params !== undefined && event.url_params !== null) {
    if (!isDict(event.url_params)) {
      throw new MdmWebhookError(`${where}.url_params is not an object`);
    }
    for (const [key, value] of Object.entries(event.url_params)) {
      if (typeof value !== 'string') {
        throw new MdmWebhookError(`${where}.url_params.${key} is not a string`);
      }
    }
    urlParams = event.url_params as Record<string, string>;
    if (Object.keys(urlParams).length === 0) {
      urlParams = undefined;
    }
  }
  const userChannel =
    idsType !== undefined
      ? USER_CHANNEL_TYPES.has(idsType)
      : payload.UserID !== undefined || payload.EnrollmentUserID !== undefined;
  return {
    enrollmentId,
    udid: udid ?? enrollmentId,
    urlParams,
    userChannel,
    payload,
  };
}

const CHECK_IN_TYPES = {
  'mdm.Authenticate': 'authenticate',
  'mdm.TokenUpdate': 'token-update',
  'mdm.CheckOut': 'check-out',
} as const;

function checkIn(
  topic: keyof typeof CHECK_IN_TYPES,
  event: unknown,
  occurredAt: Date,
  eventId: string | undefined,
): MdmEvent[] {
  if (!isDict(event)) {
    throw new MdmWebhookError(`A ${topic} event needs a checkin_event object`);
  }
  const fields = enrollmentFields(event, 'checkin_event');
  const messageType = topic.slice('mdm.'.length);
  if (
    fields.payload.MessageType !== undefined &&
    fields.payload.MessageType !== messageType
  ) {
    throw new MdmWebhookError(
      `checkin_event.raw_payload is a ${String(
        fields.payload.MessageType,
      )} message, not ${messageType}`,
    );
  }
  if (fields.userChannel) {
    return [];
  }
  const result: MdmCheckInEvent = {
    kind: 'check-in',
    type: CHECK_IN_TYPES[topic],
    enrollmentId: fields.enrollmentId,
    udid: fields.udid,
    occurredAt,
  };
  if (eventId) result.eventId = eventId;
  if (topic === 'mdm.Authenticate') {
    const facts = deviceFacts(fields.payload);
    if (facts) result.facts = facts;
  }
  if (fields.urlParams) result.urlParams = fields.urlParams;
  return [result];
}

const REPORT_STATUSES = {
  Acknowledged: 'acknowledged',
  Error: 'error',
  CommandFormatError: 'format-error',
  NotNow: 'not-now',
} as const;

function acknowledge(
  event: unknown,
  occurredAt: Date,
  eventId: string | undefined,
): MdmEvent[] {
  if (!isDict(event)) {
    throw new MdmWebhookError(
      'An mdm.Connect event needs an acknowledge_event object',
    );
  }
  const status = event.status;
  if (typeof status !== 'string' || status === '') {
    throw new MdmWebhookError('acknowledge_event.status is missing');
  }
  if (status !== 'Idle' && !Object.hasOwn(REPORT_STATUSES, status)) {
    throw new MdmWebhookError(
      `acknowledge_event.status ${JSON.stringify(status)} is not an MDM status`,
    );
  }
  const fields = enrollmentFields(
    event,
    'acknowledge_event',
    status !== 'Idle',
  );
  if (fields.userChannel) {
    return [];
  }
  if (status === 'Idle') {
    const idle: MdmCheckInEvent = {
      kind: 'check-in',
      type: 'idle',
      enrollmentId: fields.enrollmentId,
      udid: fields.udid,
      occurredAt,
    };
    if (eventId) idle.eventId = eventId;
    if (fields.urlParams) idle.urlParams = fields.urlParams;
    return [idle];
  }
  const commandId =
    optionalString(event, 'command_uuid', 'acknowledge_event') ??
    (typeof fields.payload.CommandUUID === 'string'
      ? fields.payload.CommandUUID || undefined
      : undefined);
  if (!commandId) {
    throw new MdmWebhookError(
      `acknowledge_event with status ${status} has no command_uuid`,
    );
  }
  const result: MdmCommandResultEvent = {
    kind: 'command-result',
    enrollmentId: fields.enrollmentId,
    udid: fields.udid,
    commandId,
    status: REPORT_STATUSES[status as keyof typeof REPORT_STATUSES],
    occurredAt,
    ...commandAnswer(fields.payload),
  };
  if (eventId) result.eventId = eventId;
  return [result];
}
