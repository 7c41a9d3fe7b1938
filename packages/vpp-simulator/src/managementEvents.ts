import { errorResponse, VppError } from './errors';
import { EventManager, EventType, SimulatorEvent } from './events';
import {
  AssetRecord,
  AssetRef,
  EventOutcome,
  LocationState,
  NotificationItem,
  RequestUser,
} from './location';
import { Notifier } from './notifications';
import { SimulatorSwitches } from './types';
import { ManageAssetsInput, RevokeAssetsInput } from './validation';

function refOf(asset: AssetRef): { adamId: string; pricingParam: string } {
  return { adamId: asset.adamId, pricingParam: asset.pricingParam };
}

/**
 * The async events of the asset and user management endpoints: checks made before the
 * event exists, the work when it completes, and the ASSET_MANAGEMENT / USER_MANAGEMENT
 * notifications of its outcome.
 */
export class ManagementEvents {
  constructor(
    private readonly events: EventManager,
    private readonly notifier: Notifier,
    private readonly switches: () => SimulatorSwitches,
    /** Called after an event completed (outside any HTTP request). */
    private readonly onCompleted: () => void,
  ) {}

  /**
   * ASSOCIATE / DISASSOCIATE after the request passed `parseManageAssetsRequest`. Checks
   * that need the location are synchronous too: not owned (9602, switch), not
   * device-assignable with serials (9707), not revocable on disassociate (9706).
   */
  startAssetEvent(
    location: LocationState,
    eventType: 'ASSOCIATE' | 'DISASSOCIATE',
    input: ManageAssetsInput,
  ): SimulatorEvent {
    const owned: AssetRecord[] = [];
    const unknown: AssetRef[] = [];
    for (const ref of input.assets) {
      const asset = location.findAsset(ref);
      if (asset) {
        owned.push(asset);
      } else {
        unknown.push(ref);
      }
    }
    if (unknown.length > 0 && this.switches().unknownAssetError === 'sync') {
      throw new VppError(9602, { assets: unknown.map(refOf) });
    }
    if (input.serialNumbers.length > 0) {
      const notDeviceAssignable = owned.filter(a => !a.deviceAssignable);
      if (notDeviceAssignable.length > 0) {
        throw new VppError(9707, { assets: notDeviceAssignable.map(refOf) });
      }
    }
    if (eventType === 'DISASSOCIATE') {
      const notRevocable = owned.filter(a => !a.revocable);
      if (notRevocable.length > 0) {
        throw new VppError(9706, { assets: notRevocable.map(refOf) });
      }
    }
    const numRequested =
      input.assets.length *
      (input.serialNumbers.length + input.clientUserIds.length);
    return this.start(location, eventType, numRequested, () =>
      eventType === 'ASSOCIATE'
        ? location.associate(
            input.assets,
            input.serialNumbers,
            input.clientUserIds,
          )
        : location.disassociate(
            input.assets,
            input.serialNumbers,
            input.clientUserIds,
          ),
    );
  }

  /** REVOKE: one task per serial number / user. */
  startRevokeEvent(
    location: LocationState,
    input: RevokeAssetsInput,
  ): SimulatorEvent {
    return this.start(
      location,
      'REVOKE',
      input.serialNumbers.length + input.clientUserIds.length,
      () => location.revoke(input.serialNumbers, input.clientUserIds),
    );
  }

  startUserEvent(
    location: LocationState,
    eventType: 'CREATE' | 'UPDATE' | 'RETIRE',
    users: RequestUser[],
  ): SimulatorEvent {
    return this.start(location, eventType, users.length, () => {
      if (eventType === 'CREATE') {
        return location.createUsers(users);
      }
      if (eventType === 'UPDATE') {
        return location.updateUsers(users);
      }
      return location.retireUsers(users);
    });
  }

  private start(
    location: LocationState,
    eventType: EventType,
    numRequested: number,
    run: () => EventOutcome,
  ): SimulatorEvent {
    return this.events.create(
      {
        locationId: location.id,
        eventType,
        numRequested,
        delayMs: this.switches().eventDelayMs,
      },
      run,
      (event, outcome) => {
        this.notifyOutcome(location, event, outcome);
        this.onCompleted();
      },
    );
  }

  /** ASSET_MANAGEMENT / USER_MANAGEMENT notifications, at most `notificationBatchSize` items each. */
  private notifyOutcome(
    location: LocationState,
    event: SimulatorEvent,
    outcome: EventOutcome,
  ): void {
    const isUserEvent = ['CREATE', 'UPDATE', 'RETIRE'].includes(
      event.eventType,
    );
    const notificationType = isUserEvent
      ? 'USER_MANAGEMENT'
      : 'ASSET_MANAGEMENT';
    const listKey = isUserEvent ? 'users' : 'assignments';
    const send = (
      items: NotificationItem[],
      result: 'SUCCESS' | 'FAILURE',
      errorNumber?: number,
    ) => {
      const size = this.switches().notificationBatchSize;
      for (let start = 0; start < items.length; start += size) {
        const notification: Record<string, unknown> = {
          [listKey]: items.slice(start, start + size),
          eventId: event.eventId,
          result,
          type: event.eventType,
        };
        if (errorNumber !== undefined) {
          const { errorMessage, errorNumber: number } =
            errorResponse(errorNumber);
          notification.error = { errorMessage, errorNumber: number };
        }
        this.notifier.notify(location, notificationType, notification);
      }
    };
    send(outcome.succeeded, 'SUCCESS');
    for (const group of outcome.failedGroups) {
      send(group.items, 'FAILURE', group.errorNumber);
    }
  }
}
