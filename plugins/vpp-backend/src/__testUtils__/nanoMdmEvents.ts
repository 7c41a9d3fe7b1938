import plist from 'plist';

/** The device's plist as NanoMDM forwards it in `raw_payload` (base64). */
const payload = (dict: Record<string, unknown>) =>
  Buffer.from(plist.build(dict as plist.PlistObject)).toString('base64');

let sequence = 0;
const eventId = () => `evt${(++sequence).toString(16).padStart(13, '0')}`;

/** A NanoMDM v0.9.0 check-in webhook event (`mdm.Authenticate`, …). */
export function checkInEvent(options: {
  topic: 'Authenticate' | 'TokenUpdate' | 'CheckOut';
  udid: string;
  createdAt: Date;
  serialNumber?: string;
  productName?: string;
  osVersion?: string;
  group?: string;
  eventId?: string;
}) {
  const { topic, udid } = options;
  return {
    topic: `mdm.${topic}`,
    event_id: options.eventId ?? eventId(),
    created_at: options.createdAt.toISOString(),
    checkin_event: {
      udid,
      ids: { id: udid, type: 'Device' },
      ...(options.group ? { url_params: { group: options.group } } : {}),
      raw_payload: payload({
        MessageType: topic,
        UDID: udid,
        Topic: 'com.apple.mgmt.External.test',
        ...(topic === 'Authenticate'
          ? {
              SerialNumber: options.serialNumber ?? 'F2LTEST00001',
              ProductName: options.productName ?? 'iPhone15,4',
              OSVersion: options.osVersion ?? '17.4.1',
              BuildVersion: '21E236',
              DeviceName: 'Test iPhone',
            }
          : {}),
        ...(topic === 'TokenUpdate'
          ? {
              PushMagic: 'magic',
              Token: Buffer.from('token'),
              UnlockToken: Buffer.from('unlock'),
            }
          : {}),
      }),
      ...(topic === 'TokenUpdate' ? { token_update_tally: 1 } : {}),
    },
  };
}

/** A NanoMDM `mdm.Connect` event: a device's answer to a command. */
export function answerEvent(options: {
  udid: string;
  commandUuid: string;
  createdAt: Date;
  report: Record<string, unknown>;
}) {
  const { udid, commandUuid } = options;
  return {
    topic: 'mdm.Connect',
    event_id: eventId(),
    created_at: options.createdAt.toISOString(),
    acknowledge_event: {
      udid,
      ids: { id: udid, type: 'Device' },
      status: 'Acknowledged',
      command_uuid: commandUuid,
      raw_payload: payload({
        UDID: udid,
        Status: 'Acknowledged',
        CommandUUID: commandUuid,
        ...options.report,
      }),
    },
  };
}
