import {
  VppLicensePair,
  VppLicensePairFailure,
} from '@internal/plugin-vpp-common';
import {
  Asset,
  EventOutcome,
  ManageAssetsRequest,
  planManageAssetsBatches,
  ServiceConfigLimits,
} from '../apple';
import { explainAppleError } from '../apple/errorCatalogue';

/**
 * Turning (app, serial number) pairs into as few associate/disassociate calls as Apple's
 * limits allow, and Apple's per-event results back into per-pair outcomes.
 */

export const pairKey = (p: { adamId: string; serialNumber: string }) =>
  `${p.adamId}\u0000${p.serialNumber}`;

/**
 * The calls for a set of pairs. Serial numbers that need the same apps go together, each
 * group in the fewest calls the limits allow (`maxAssets` apps × `maxSerialNumbers`
 * serials per call, see `planManageAssetsBatches`). When every serial needs every app —
 * the usual case — that is one group and the minimum; pairs already done elsewhere are
 * left out rather than sent again.
 */
export function planPairRequests(
  pairs: VppLicensePair[],
  pricingParams: Map<string, string>,
  limits: Pick<
    ServiceConfigLimits,
    'maxAssets' | 'maxSerialNumbers' | 'maxClientUserIds'
  >,
): ManageAssetsRequest[] {
  const appsBySerial = new Map<string, Set<string>>();
  for (const { adamId, serialNumber } of pairs) {
    const apps = appsBySerial.get(serialNumber) ?? new Set<string>();
    apps.add(adamId);
    appsBySerial.set(serialNumber, apps);
  }
  const serialsByApps = new Map<
    string,
    { apps: string[]; serials: string[] }
  >();
  for (const [serial, apps] of appsBySerial) {
    const sorted = [...apps].sort();
    const key = sorted.join(',');
    const group = serialsByApps.get(key) ?? { apps: sorted, serials: [] };
    group.serials.push(serial);
    serialsByApps.set(key, group);
  }
  return [...serialsByApps.values()].flatMap(group =>
    planManageAssetsBatches(
      {
        assets: group.apps.map(adamId => ({
          adamId,
          pricingParam: pricingParams.get(adamId) ?? 'STDQ',
        })),
        serialNumbers: group.serials,
      },
      limits,
    ),
  );
}

/** Every (app, serial) pair one request carries. */
export function pairsOfRequest(request: ManageAssetsRequest): VppLicensePair[] {
  return request.assets.flatMap(asset =>
    (request.serialNumbers ?? []).map(serialNumber => ({
      adamId: asset.adamId,
      serialNumber,
    })),
  );
}

export interface PairOutcome {
  succeeded: VppLicensePair[];
  failed: VppLicensePairFailure[];
  pending: VppLicensePair[];
}

/** The reason shown for a pair Apple failed, in plain words with Apple's number. */
export function failureReason(
  errorNumber?: number,
  appleMessage?: string,
): string {
  if (errorNumber === undefined) {
    return `Apple reported the request as failed without naming an error${
      appleMessage ? ` ("${appleMessage}")` : ''
    }. Try again; if it keeps failing, sync the token and check the app's licenses.`;
  }
  return `${
    explainAppleError(errorNumber, 'en', appleMessage).text
  } (Apple error ${errorNumber})`;
}

/**
 * Per-pair results of one event. A serial number Apple names in a failure failed for the
 * apps the failure names (or all of the request's apps when it names none); the other
 * pairs succeeded once the event is final, and are pending while it is not (or when
 * Apple's answer leaves their fate open).
 */
export function outcomePairs(
  request: ManageAssetsRequest,
  outcome: Pick<EventOutcome, 'failed' | 'unknown' | 'final'>,
): PairOutcome {
  const failures = new Map<
    string,
    { errorNumber?: number; message?: string }
  >();
  for (const failure of outcome.failed) {
    if (failure.identifierType !== 'serialNumber') continue;
    const assets: Asset[] = failure.assets.length
      ? failure.assets
      : request.assets;
    for (const asset of assets) {
      failures.set(
        pairKey({ adamId: asset.adamId, serialNumber: failure.identifier }),
        { errorNumber: failure.errorNumber, message: failure.errorMessage },
      );
    }
  }
  const unknown = new Set(outcome.unknown.serialNumbers);
  const result: PairOutcome = { succeeded: [], failed: [], pending: [] };
  for (const pair of pairsOfRequest(request)) {
    const failure = failures.get(pairKey(pair));
    if (failure) {
      result.failed.push({
        ...pair,
        ...(failure.errorNumber !== undefined
          ? { errorNumber: failure.errorNumber }
          : {}),
        reason: failureReason(failure.errorNumber, failure.message),
      });
    } else if (!outcome.final || unknown.has(pair.serialNumber)) {
      result.pending.push(pair);
    } else {
      result.succeeded.push(pair);
    }
  }
  return result;
}
