import plist, { PlistValue } from 'plist';
import { parseNanoMdmWebhook } from '../webhook';

/** Webhook events as NanoMDM posts them, for the webhook tests. */
export const UDID = '66ADE930-5FDF-5EC4-8429-15640684C489';
export const CMD = '76eda240-5488-4989-8339-f2ae160113c4';
export const CREATED_AT = '2026-12-06T15:55:59.469069489Z';

export const b64 = (value: Record<string, PlistValue>) =>
  Buffer.from(plist.build(value)).toString('base64');

export const AUTHENTICATE = {
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
export const TOKEN_UPDATE = {
  MessageType: 'TokenUpdate',
  Topic: AUTHENTICATE.Topic,
  UDID,
  Token: Buffer.from('push-token'),
  PushMagic: '6F7C9A3D-2B1E-4C5D-8E9F-0A1B2C3D4E5F',
};
export const CHECK_OUT = {
  MessageType: 'CheckOut',
  Topic: AUTHENTICATE.Topic,
  UDID,
};

/** A v0.9.0 event (compact JSON, real event_id, ids, url_params only when present). */
export function v090(
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
export function older(
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

export function report(status: string, extra: Record<string, PlistValue> = {}) {
  return { UDID, Status: status, CommandUUID: CMD, ...extra };
}

export function acknowledged(
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
