import { AuthenticationError, InputError } from '@backstage/errors';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppleVppClient } from '../apple';
import { SyncStateRecord } from '../database/ContentStore';
import { TokenRecord } from '../database/TokenStore';
import { describeAppleFailure } from './appleFailures';
import { SyncDeps } from './syncDeps';

/* Apple's notifications for a location: subscribing to them, and receiving them. */

/** Notification types we subscribe to; Apple's list is the complete set each time. */
export const SUBSCRIBED_NOTIFICATION_TYPES = [
  'ASSET_MANAGEMENT',
  'ASSET_COUNT',
] as const;

/** Apple's notification envelope (§3 of the API notes). */
const notificationEnvelopeSchema = z.object({
  notificationId: z.string().min(1).max(64),
  notificationType: z.string().min(1).max(64),
  uId: z.string().min(1).max(64),
  notification: z.unknown().optional(),
});

/** A notification that passed authentication, with the content tokens of its location. */
export interface ReceivedAppleNotification {
  duplicate: boolean;
  notificationType: string;
  uId: string;
  notification: unknown;
  sourceIds: string[];
}

/**
 * Authenticates an Apple notification by the bearer we gave Apple for the location, and
 * records its id: `duplicate` when Apple sent it before.
 */
export async function receiveAppleNotification(
  deps: Pick<SyncDeps, 'tokens' | 'content' | 'now'>,
  authorization: string | undefined,
  body: unknown,
): Promise<ReceivedAppleNotification> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!bearer) {
    throw new AuthenticationError(
      'Apple notifications must carry "Authorization: Bearer <notificationAuthToken>".',
    );
  }
  const parsed = notificationEnvelopeSchema.safeParse(body);
  if (!parsed.success) {
    throw new InputError(
      `Not an Apple notification envelope: ${parsed.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  const envelope = parsed.data;
  const sources = await deps.tokens.findSourcesByLocationUid(envelope.uId);
  const states = await deps.content.getStates(sources.map(s => s.id));
  const presented = hashBearer(bearer);
  const matching = sources.filter(s => {
    const expected = states.get(s.id)?.notificationAuthHash;
    return (
      expected !== undefined &&
      timingSafeEqual(Buffer.from(expected), Buffer.from(presented))
    );
  });
  if (matching.length === 0) {
    throw new AuthenticationError(
      'The notification token does not match the one given to Apple for this location.',
    );
  }
  const fresh = await deps.content.recordNotification(
    envelope.notificationId,
    envelope.notificationType,
    envelope.uId,
    deps.now(),
  );
  return {
    duplicate: !fresh,
    notificationType: envelope.notificationType,
    uId: envelope.uId,
    notification: envelope.notification,
    sourceIds: matching.map(s => s.id),
  };
}

/**
 * Points Apple's notifications for the location at us when a URL is configured, so a
 * purchase shows as "content may be out of date" at once (ASSET_COUNT). A failure is
 * logged, never fatal: the sync itself does not need notifications.
 */
export async function ensureNotificationSubscription(
  deps: Pick<SyncDeps, 'content' | 'config' | 'logger'>,
  source: TokenRecord,
  state: SyncStateRecord,
  client: AppleVppClient,
): Promise<void> {
  const url = deps.config.appleNotificationUrl;
  if (!url || (state.notificationUrl === url && state.notificationAuthHash)) {
    return;
  }
  const bearer = randomBytes(32).toString('base64url');
  // Stored first: Apple sends a test notification before it answers, and it must pass.
  await deps.content.setNotificationSubscription(
    source.id,
    hashBearer(bearer),
    url,
  );
  try {
    await client.updateClientConfig({
      notificationUrl: url,
      notificationAuthToken: bearer,
      notificationTypes: [...SUBSCRIBED_NOTIFICATION_TYPES],
    });
  } catch (error) {
    await deps.content.setNotificationSubscription(source.id, '', '');
    deps.logger.warn(
      `Apple notifications for content token ${
        source.id
      } could not be set up (purchases will show at the next sync or status refresh): ${describeAppleFailure(
        error,
      )}`,
    );
  }
}

function hashBearer(bearer: string): string {
  return createHash('sha256').update(bearer).digest('hex');
}
