import { randomUUID } from 'node:crypto';
import plist from 'plist';
import { RunningSimulator } from '../server';
import { HttpAnswer, request } from '../testUtils';

/** Test helpers for the NanoMDM side. Not exported from the package. */

/** A command plist as an MDM server would enqueue it. */
export function commandPlist(
  requestType: string,
  keys: Record<string, unknown> = {},
  commandUuid: string = randomUUID(),
): string {
  return plist.build({
    Command: { RequestType: requestType, ...keys },
    CommandUUID: commandUuid,
  } as plist.PlistObject);
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export interface NanoClient {
  enqueue(
    ids: string,
    body: string,
    query?: string,
    method?: string,
  ): Promise<HttpAnswer>;
  push(ids: string): Promise<HttpAnswer>;
}

export function nanoClient(sim: RunningSimulator, apiKey: string): NanoClient {
  const headers = { Authorization: basicAuth('nanomdm', apiKey) };
  return {
    enqueue: (ids, body, query = '', method = 'PUT') =>
      request(`${sim.nanomdmUrl}/v1/enqueue/${ids}${query}`, {
        method,
        headers,
        body,
      }),
    push: ids => request(`${sim.nanomdmUrl}/v1/push/${ids}`, { headers }),
  };
}

/** Decoded records of the commands a device received (control API view). */
export function commandsOf(sim: RunningSimulator, udid: string) {
  return sim.mdm.commandLog.decoded(udid);
}

/** The fixture device with this serial number. */
export function deviceBySerial(sim: RunningSimulator, serialNumber: string) {
  const device = sim.mdm.devices.bySerialNumber(serialNumber);
  if (!device) {
    throw new Error(`No fixture device ${serialNumber}`);
  }
  return device;
}
