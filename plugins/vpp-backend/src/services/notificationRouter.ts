import { LoggerService } from '@backstage/backend-plugin-api';
import { SyncService } from './SyncService';

/** What a part does with one type of Apple notification. */
export type AppleNotificationHandler = (notification: {
  uId: string;
  sourceIds: string[];
  notification: unknown;
}) => Promise<void>;

/**
 * The one receiver of Apple's notifications (`POST /apple/notifications`): the sync
 * service authenticates them and drops repeats, then each goes by type to the part it
 * concerns — `ASSET_COUNT` to the content sync, `ASSET_MANAGEMENT` to the
 * distributions (an association event progressed or finished). Other types are
 * acknowledged and ignored.
 */
export class AppleNotificationRouter {
  readonly #handlers = new Map<string, AppleNotificationHandler>();

  constructor(
    private readonly o: {
      sync: Pick<
        SyncService,
        'receiveAppleNotification' | 'onAssetCountChanged'
      >;
      logger: LoggerService;
    },
  ) {
    this.on('ASSET_COUNT', n => o.sync.onAssetCountChanged(n.sourceIds, n.uId));
  }

  /** Routes a notification type to `handler` (one handler per type). */
  on(type: string, handler: AppleNotificationHandler): this {
    this.#handlers.set(type, handler);
    return this;
  }

  async handle(
    authorization: string | undefined,
    body: unknown,
  ): Promise<{ duplicate: boolean }> {
    const received = await this.o.sync.receiveAppleNotification(
      authorization,
      body,
    );
    if (received.duplicate) return { duplicate: true };
    const handler = this.#handlers.get(received.notificationType);
    if (handler) {
      await handler(received);
    } else {
      this.o.logger.debug(
        `Apple notification ${received.notificationType} for location ${received.uId} has no handler; acknowledged`,
      );
    }
    return { duplicate: false };
  }
}

/** The event id an `ASSET_MANAGEMENT` notification is about, when it names one. */
export function assetManagementEventId(
  notification: unknown,
): string | undefined {
  const id = (notification as { eventId?: unknown } | undefined)?.eventId;
  return typeof id === 'string' && id.length > 0 && id.length <= 64
    ? id
    : undefined;
}
