import plist from 'plist';
import { MdmWebhookError } from '@internal/plugin-vpp-node';
import { parseNanoMdmWebhook } from './webhook';
import { checkCheckInPlist } from './__testUtils__/appleSchema';
import {
  AUTHENTICATE,
  b64,
  CHECK_OUT,
  CMD,
  CREATED_AT,
  older,
  report,
  TOKEN_UPDATE,
  UDID,
  v090,
} from './__testUtils__/webhookEvents';

describe('parseNanoMdmWebhook: check-ins', () => {
  it('uses realistic check-in messages', () => {
    for (const message of [AUTHENTICATE, TOKEN_UPDATE, CHECK_OUT]) {
      expect(checkCheckInPlist(plist.build(message))).toEqual([]);
    }
  });

  it('decodes Authenticate with the device facts and the enrolment URL parameters', () => {
    const events = parseNanoMdmWebhook(
      v090('mdm.Authenticate', 'checkin_event', {
        url_params: { group: 'tokyo-it' },
        raw_payload: b64(AUTHENTICATE),
      }),
    );
    expect(events).toEqual([
      {
        kind: 'check-in',
        type: 'authenticate',
        enrollmentId: UDID,
        udid: UDID,
        occurredAt: new Date('2026-12-06T15:55:59.469Z'),
        eventId: '80fac3abc1214819',
        facts: {
          serialNumber: 'F2LXK0AAHG7F',
          model: 'MQ8T3',
          modelName: 'iPhone',
          productName: 'iPhone15,4',
          osVersion: '17.4.1',
          buildVersion: '21E236',
          deviceName: 'Hanako’s iPhone',
          platform: 'ios',
        },
        urlParams: { group: 'tokyo-it' },
      },
    ]);
  });

  it('decodes TokenUpdate and CheckOut', () => {
    const tokenUpdate = parseNanoMdmWebhook(
      v090('mdm.TokenUpdate', 'checkin_event', {
        raw_payload: b64(TOKEN_UPDATE),
        token_update_tally: 1,
      }),
    );
    expect(tokenUpdate).toEqual([
      expect.objectContaining({
        kind: 'check-in',
        type: 'token-update',
        enrollmentId: UDID,
      }),
    ]);
    expect(tokenUpdate[0]).not.toHaveProperty('urlParams');
    const checkOut = parseNanoMdmWebhook(
      v090('mdm.CheckOut', 'checkin_event', { raw_payload: b64(CHECK_OUT) }),
    );
    expect(checkOut).toEqual([
      expect.objectContaining({
        type: 'check-out',
        udid: UDID,
        eventId: '80fac3abc1214819',
      }),
    ]);
  });

  it('accepts the older shape (empty event_id, url_params null, no ids, pretty JSON)', () => {
    const [event] = parseNanoMdmWebhook(
      older('mdm.Authenticate', 'checkin_event', {
        raw_payload: b64(AUTHENTICATE),
      }),
    );
    expect(event).toMatchObject({
      type: 'authenticate',
      enrollmentId: UDID,
      udid: UDID,
      occurredAt: new Date('2026-12-06T15:55:59Z'),
    });
    expect(event).not.toHaveProperty('eventId');
    expect(event).not.toHaveProperty('urlParams');
    const [withEmptyParams] = parseNanoMdmWebhook(
      older('mdm.TokenUpdate', 'checkin_event', {
        url_params: {},
        raw_payload: b64(TOKEN_UPDATE),
      }),
    );
    expect(withEmptyParams).not.toHaveProperty('urlParams');
  });

  it('takes the udid from the payload when the event has none, and ids.id as enrollment id', () => {
    const [event] = parseNanoMdmWebhook({
      topic: 'mdm.TokenUpdate',
      created_at: CREATED_AT,
      checkin_event: { raw_payload: b64(TOKEN_UPDATE) },
    });
    expect(event).toMatchObject({ enrollmentId: UDID, udid: UDID });
    const [userEnrollment] = parseNanoMdmWebhook({
      topic: 'mdm.TokenUpdate',
      created_at: CREATED_AT,
      checkin_event: {
        enrollment_id: 'ENROLLMENT-7',
        ids: { id: 'ENROLLMENT-7', type: 'User Enrollment (Device)' },
        raw_payload: b64({
          MessageType: 'TokenUpdate',
          Topic: TOKEN_UPDATE.Topic,
          EnrollmentID: 'ENROLLMENT-7',
          Token: TOKEN_UPDATE.Token,
          PushMagic: TOKEN_UPDATE.PushMagic,
        }),
      },
    });
    expect(userEnrollment).toMatchObject({
      enrollmentId: 'ENROLLMENT-7',
      udid: 'ENROLLMENT-7',
    });
  });

  it('ignores user channels and topics the inventory does not use', () => {
    const userTokenUpdate = {
      ...TOKEN_UPDATE,
      UserID: 'B2E4A3F1-0000-4000-8000-000000000001',
      UserShortName: 'hanako',
    };
    expect(
      parseNanoMdmWebhook(
        v090('mdm.TokenUpdate', 'checkin_event', {
          ids: { id: `${UDID}:B2E4A3F1`, type: 'User', parent_id: UDID },
          raw_payload: b64(userTokenUpdate),
        }),
      ),
    ).toEqual([]);
    expect(
      parseNanoMdmWebhook(
        older('mdm.TokenUpdate', 'checkin_event', {
          raw_payload: b64(userTokenUpdate),
        }),
      ),
    ).toEqual([]);
    for (const topic of [
      'mdm.UserAuthenticate',
      'mdm.GetBootstrapToken',
      'mdm.DeclarativeManagement',
    ]) {
      expect(parseNanoMdmWebhook({ topic, created_at: CREATED_AT })).toEqual(
        [],
      );
    }
  });
});

describe('parseNanoMdmWebhook: malformed events', () => {
  const authenticate = (event: object, overrides: object = {}) => ({
    topic: 'mdm.Authenticate',
    created_at: CREATED_AT,
    checkin_event: { udid: UDID, raw_payload: b64(AUTHENTICATE), ...event },
    ...overrides,
  });
  const connect = (event: object) => ({
    topic: 'mdm.Connect',
    created_at: CREATED_AT,
    acknowledge_event: {
      udid: UDID,
      status: 'Acknowledged',
      command_uuid: CMD,
      ...event,
    },
  });
  const base64 = (text: string) => Buffer.from(text).toString('base64');

  it.each<[string, unknown, string]>([
    [
      'a body that is not an object',
      [1, 2],
      'The webhook body is not a JSON object',
    ],
    ['no topic', { created_at: CREATED_AT }, 'topic is missing'],
    [
      'a topic that is not MDM',
      { topic: 'push.Sent', created_at: CREATED_AT },
      'topic "push.Sent" is not an MDM topic',
    ],
    [
      'no created_at',
      authenticate({}, { created_at: undefined }),
      'created_at is missing',
    ],
    [
      'a created_at that is no date',
      authenticate({}, { created_at: 'yesterday' }),
      'created_at "yesterday" is not an RFC 3339 date-time',
    ],
    [
      'an impossible date',
      authenticate({}, { created_at: '2026-13-45T99:00:00Z' }),
      'is not an RFC 3339 date-time',
    ],
    [
      'a numeric event_id',
      authenticate({}, { event_id: 7 }),
      'event_id is not a string',
    ],
    [
      'a check-in without checkin_event',
      { topic: 'mdm.Authenticate', created_at: CREATED_AT },
      'A mdm.Authenticate event needs a checkin_event object',
    ],
    [
      'no raw_payload',
      authenticate({ raw_payload: undefined }),
      'checkin_event.raw_payload is missing',
    ],
    [
      'a raw_payload that is not base64',
      authenticate({ raw_payload: 'not base64!' }),
      'checkin_event.raw_payload is not base64',
    ],
    [
      'a raw_payload that is not a plist',
      authenticate({ raw_payload: base64('{"json": true}') }),
      'checkin_event.raw_payload is not an XML property list',
    ],
    [
      // xmldom is patched to build its end-tag check once: it must still check.
      'a plist whose end tags do not match',
      authenticate({
        raw_payload: base64(
          plist.build(AUTHENTICATE).replace('</dict>', '</dictionary>'),
        ),
      }),
      'checkin_event.raw_payload is not a valid property list',
    ],
    [
      'a plist with an invalid end-tag name',
      authenticate({
        raw_payload: base64(
          plist.build(AUTHENTICATE).replace('</dict>', '</1>'),
        ),
      }),
      'checkin_event.raw_payload is not a valid property list',
    ],
    [
      // Well-formed XML that is not a property list: fast-plist reads the values.
      'a plist with an element property lists do not have',
      authenticate({
        raw_payload: base64(
          plist
            .build(AUTHENTICATE)
            .replace(/<string>([^<]*)<\/string>/, '<text>$1</text>'),
        ),
      }),
      'checkin_event.raw_payload is not a valid property list',
    ],
    [
      'a plist with an entity XML does not define',
      authenticate({
        raw_payload: base64(
          plist.build(AUTHENTICATE).replace('</dict>', '&nbsp;</dict>'),
        ),
      }),
      'checkin_event.raw_payload is not a valid property list',
    ],
    [
      'a binary plist',
      authenticate({ raw_payload: base64('bplist00\u0000\u0001') }),
      'binary property list',
    ],
    [
      'a plist holding no dictionary',
      authenticate({ raw_payload: base64(plist.build(['a'])) }),
      'does not hold a dictionary',
    ],
    [
      'a payload of another message type',
      authenticate({ raw_payload: b64(TOKEN_UPDATE) }),
      'checkin_event.raw_payload is a TokenUpdate message, not Authenticate',
    ],
    [
      'no device named',
      authenticate({
        udid: undefined,
        raw_payload: b64({ MessageType: 'Authenticate' }),
      }),
      'checkin_event names no device',
    ],
    [
      'a numeric udid',
      authenticate({ udid: 42 }),
      'checkin_event.udid is not a string',
    ],
    [
      'ids without id',
      authenticate({ ids: { type: 'Device' } }),
      'checkin_event.ids has no id',
    ],
    [
      'url_params that are not strings',
      authenticate({ url_params: { group: 3 } }),
      'checkin_event.url_params.group is not a string',
    ],
    [
      'a Connect without acknowledge_event',
      { topic: 'mdm.Connect', created_at: CREATED_AT },
      'An mdm.Connect event needs an acknowledge_event object',
    ],
    [
      'no status',
      connect({ status: undefined, raw_payload: b64(report('Acknowledged')) }),
      'acknowledge_event.status is missing',
    ],
    [
      'an unknown status',
      connect({ status: 'Maybe', raw_payload: b64(report('Maybe')) }),
      'acknowledge_event.status "Maybe" is not an MDM status',
    ],
    [
      'a status named like an object property',
      connect({ status: 'toString', raw_payload: b64(report('x')) }),
      'is not an MDM status',
    ],
    [
      'a result without CommandUUID',
      connect({
        command_uuid: undefined,
        raw_payload: b64({ UDID, Status: 'Acknowledged' }),
      }),
      'acknowledge_event with status Acknowledged has no command_uuid',
    ],
    [
      'an InstalledApplicationList that is not an array',
      connect({
        raw_payload: b64(
          report('Acknowledged', { InstalledApplicationList: 'none' }),
        ),
      }),
      'InstalledApplicationList is not an array',
    ],
    [
      'an app entry that is not a dictionary',
      connect({
        raw_payload: b64(
          report('Acknowledged', { InstalledApplicationList: ['x'] }),
        ),
      }),
      'InstalledApplicationList[0] is not a dictionary',
    ],
    [
      'a ManagedApplicationList entry without Status',
      connect({
        raw_payload: b64(
          report('Acknowledged', { ManagedApplicationList: { 'com.a': {} } }),
        ),
      }),
      'ManagedApplicationList entry com.a has no Status',
    ],
    [
      'QueryResponses that are not a dictionary',
      connect({
        raw_payload: b64(report('Acknowledged', { QueryResponses: ['x'] })),
      }),
      'QueryResponses is not a dictionary',
    ],
    [
      'an ErrorChain entry without ErrorCode',
      connect({
        status: 'Error',
        raw_payload: b64(
          report('Error', { ErrorChain: [{ ErrorDomain: 'x' }] }),
        ),
      }),
      'ErrorChain[0] has no numeric ErrorCode',
    ],
  ])('rejects %s', (_, body, reason) => {
    let error: unknown;
    try {
      parseNanoMdmWebhook(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MdmWebhookError);
    expect((error as Error).message).toContain(reason);
  });
});
