import { SimulatedDevice } from './deviceBehaviour';
import { newEventId, WebhookEvent } from './webhook';

/** NanoMDM v0.9.0's events for one device request (`service/webhook/webhook.go`). */

function urlParams(device: SimulatedDevice): {
  url_params?: Record<string, string>;
} {
  return device.group ? { url_params: { group: device.group } } : {};
}

/** `mdm.Connect`: a command report (Idle included, then without `command_uuid`). */
export function connectEvent(
  device: SimulatedDevice,
  status: string,
  commandUuid: string | undefined,
  raw: string,
  createdAt: string,
): WebhookEvent {
  return {
    topic: 'mdm.Connect',
    event_id: newEventId(),
    created_at: createdAt,
    acknowledge_event: {
      udid: device.udid,
      ids: { id: device.udid, type: 'Device' },
      status,
      ...(commandUuid ? { command_uuid: commandUuid } : {}),
      ...urlParams(device),
      raw_payload: Buffer.from(raw).toString('base64'),
    },
  };
}

/** A check-in: `mdm.Authenticate`, `mdm.TokenUpdate` (with the tally), `mdm.CheckOut`. */
export function checkInEvent(
  device: SimulatedDevice,
  topic: string,
  raw: string,
  createdAt: string,
  tally?: number,
): WebhookEvent {
  return {
    topic,
    event_id: newEventId(),
    created_at: createdAt,
    checkin_event: {
      udid: device.udid,
      ids: { id: device.udid, type: 'Device' },
      ...urlParams(device),
      raw_payload: Buffer.from(raw).toString('base64'),
      ...(tally !== undefined ? { token_update_tally: tally } : {}),
    },
  };
}
