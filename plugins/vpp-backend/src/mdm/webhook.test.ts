import plist, { PlistValue } from 'plist';
import { MdmWebhookError } from '@internal/plugin-vpp-node';
import { parseNanoMdmWebhook } from './webhook';
import { checkCheckInPlist } from './__testUtils__/appleSchema';

const UDID = '66ADE930-5FDF-5EC4-8429-15640684C489';
const CMD = '76eda240-5488-4989-8339-f2ae160113c4';
const CREATED_AT = '2026-12-06T15:55:59.469069489Z';

const b64 = (value: Record<string, PlistValue>) =>
  Buffer.from(plist.build(value)).toString('base64');

const AUTHENTICATE = {
  MessageType: 'Authenticate',
  Topic: 'com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9',
  UDID,
  SerialNumber: 'F2LXK0AAHG7F',
  Model: 'MQ8T3',
  ModelName: 'iPhone',
  ProductName: 'iPhone15,4',
  OSVersion: '17.4.1',
  BuildVersion: '21E236',
  DeviceName: 'Hanako’s iPhone',
};
const TOKEN_UPDATE = {
  MessageType: 'TokenUpdate',
  Topic: AUTHENTICATE.Topic,
  UDID,
  Token: Buffer.from('push-token'),
  PushMagic: '6F7C9A3D-2B1E-4C5D-8E9F-0A1B2C3D4E5F',
};
const CHECK_OUT = { MessageType: 'CheckOut', Topic: AUTHENTICATE.Topic, UDID };

/** A v0.9.0 event (compact JSON, real event_id, ids, url_params only when present). */
function v090(
  topic: string,
  part: 'checkin_event' | 'acknowledge_event',
  event: object,
) {
  return JSON.parse(
    JSON.stringify({
      [part]: { ids: { id: UDID, type: 'Device' }, udid: UDID, ...event },
      created_at: CREATED_AT,
      event_id: '80fac3abc1214819',
      topic,
    }),
  );
}

/** An older event: empty event_id, url_params always, no ids, pretty-printed. */
function older(
  topic: string,
  part: 'checkin_event' | 'acknowledge_event',
  event: object,
) {
  const text = JSON.stringify(
    {
      topic,
      event_id: '',
      created_at: '2026-12-06T15:55:59Z',
      [part]: { udid: UDID, url_params: null, ...event },
    },
    null,
    '  ',
  );
  return JSON.parse(text);
}

function report(status: string, extra: Record<string, PlistValue> = {}) {
  return { UDID, Status: status, CommandUUID: CMD, ...extra };
}

function acknowledged(
  extra: Record<string, PlistValue>,
  status = 'Acknowledged',
) {
  return parseNanoMdmWebhook(
    v090('mdm.Connect', 'acknowledge_event', {
      status,
      command_uuid: CMD,
      raw_payload: b64(report(status, extra)),
    }),
  );
}

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

describe('parseNanoMdmWebhook: command reports', () => {
  it('turns an Idle report into an idle check-in', () => {
    const events = parseNanoMdmWebhook(
      v090('mdm.Connect', 'acknowledge_event', {
        status: 'Idle',
        raw_payload: b64({ UDID, Status: 'Idle' }),
      }),
    );
    expect(events).toEqual([
      {
        kind: 'check-in',
        type: 'idle',
        enrollmentId: UDID,
        udid: UDID,
        occurredAt: new Date('2026-12-06T15:55:59.469Z'),
        eventId: '80fac3abc1214819',
      },
    ]);
  });

  it('decodes InstalledApplicationList', () => {
    const [event] = acknowledged({
      InstalledApplicationList: [
        {
          Identifier: 'com.example.app',
          Name: 'Example',
          ShortVersion: '2.1',
          Version: '210',
          Installing: false,
          IsManaged: true,
          AdamID: 361309726,
        },
        {
          Identifier: 'com.example.new',
          Name: 'New',
          Version: '7',
          Installing: true,
        },
        { Name: 'No identifier (macOS)', Version: '1' },
      ],
    });
    expect(event).toEqual({
      kind: 'command-result',
      enrollmentId: UDID,
      udid: UDID,
      commandId: CMD,
      status: 'acknowledged',
      occurredAt: new Date('2026-12-06T15:55:59.469Z'),
      eventId: '80fac3abc1214819',
      installedApps: [
        {
          bundleId: 'com.example.app',
          name: 'Example',
          version: '2.1',
          adamId: '361309726',
          managed: true,
          installing: false,
        },
        {
          bundleId: 'com.example.new',
          name: 'New',
          version: '7',
          installing: true,
        },
      ],
    });
  });

  it('decodes an empty InstalledApplicationList as an empty inventory', () => {
    expect(acknowledged({ InstalledApplicationList: [] })[0]).toMatchObject({
      installedApps: [],
    });
  });

  it('decodes ManagedApplicationList', () => {
    const [event] = acknowledged({
      ManagedApplicationList: {
        'com.example.app': {
          Status: 'Managed',
          ManagementFlags: 1,
          HasConfiguration: false,
          HasFeedback: false,
          IsValidated: true,
          ExternalVersionIdentifier: 1,
          UnusedRedemptionCode: '',
        },
        'com.example.gone': {
          Status: 'ManagedButUninstalled',
          ManagementFlags: 0,
        },
      },
    });
    expect(event).toMatchObject({
      managedApps: [
        { bundleId: 'com.example.app', status: 'Managed' },
        { bundleId: 'com.example.gone', status: 'ManagedButUninstalled' },
      ],
    });
  });

  it.each([
    ['iPhone15,4', 'iPhone', 'ios'],
    ['iPad13,1', 'iPad', 'ipados'],
    ['Mac14,2', 'MacBook Air', 'macos'],
    ['AppleTV14,1', 'Apple TV', 'tvos'],
  ])(
    'decodes DeviceInformation of a %s as %s',
    (productName, modelName, platform) => {
      const [event] = acknowledged({
        QueryResponses: {
          UDID,
          SerialNumber: 'C02XYZ',
          Model: 'MQ8T3',
          ModelName: modelName,
          ProductName: productName,
          OSVersion: '17.4',
          BuildVersion: '21E230',
          DeviceName: 'Device',
          WiFiMAC: 'a4:83:e7:12:34:56',
        },
      });
      expect(event).toMatchObject({
        deviceFacts: {
          serialNumber: 'C02XYZ',
          model: 'MQ8T3',
          modelName,
          productName,
          osVersion: '17.4',
          buildVersion: '21E230',
          deviceName: 'Device',
          wifiMac: 'a4:83:e7:12:34:56',
          platform,
        },
      });
    },
  );

  it('decodes an InstallApplication answer', () => {
    expect(
      acknowledged({ Identifier: 'com.example.app', State: 'Installing' })[0],
    ).toMatchObject({
      installState: { bundleId: 'com.example.app', state: 'Installing' },
    });
  });

  it('decodes an Error with its ErrorChain (9610: no license)', () => {
    const [event] = acknowledged(
      {
        ErrorChain: [
          {
            ErrorCode: 9610,
            ErrorDomain: 'ITunesStoreErrorDomain',
            LocalizedDescription: 'License not found',
            USEnglishDescription: 'License not found',
          },
          {
            ErrorCode: 12064,
            ErrorDomain: 'MCMDMErrorDomain',
            USEnglishDescription: 'Could not install',
          },
        ],
      },
      'Error',
    );
    expect(event).toMatchObject({
      status: 'error',
      errors: [
        {
          code: 9610,
          domain: 'ITunesStoreErrorDomain',
          description: 'License not found',
        },
        {
          code: 12064,
          domain: 'MCMDMErrorDomain',
          description: 'Could not install',
        },
      ],
    });
  });

  it.each([
    ['NotNow', 'not-now'],
    ['CommandFormatError', 'format-error'],
    ['Acknowledged', 'acknowledged'],
  ])('maps status %s to %s', (status, expected) => {
    expect(acknowledged({}, status)[0]).toMatchObject({
      kind: 'command-result',
      status: expected,
    });
  });

  it('takes the CommandUUID from the report when the event lacks it (older shape)', () => {
    const [event] = parseNanoMdmWebhook(
      older('mdm.Connect', 'acknowledge_event', {
        status: 'Acknowledged',
        raw_payload: b64(report('Acknowledged')),
      }),
    );
    expect(event).toMatchObject({
      commandId: CMD,
      status: 'acknowledged',
      enrollmentId: UDID,
    });
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
