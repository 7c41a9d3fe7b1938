import { VppError } from './errors';
import { LocationState } from './location';
import { Notifier } from './notifications';
import { SimulatorSwitches } from './types';

/** Notification types a client config may subscribe to (Apple's ClientConfigRequest). */
export const SUBSCRIBABLE_NOTIFICATION_TYPES = [
  'TEST_NOTIFICATION',
  'ASSET_MANAGEMENT',
  'USER_MANAGEMENT',
  'USER_ASSOCIATED',
  'ASSET_COUNT',
  'SUBSCRIPTION_MANAGEMENT',
  'SUBSCRIPTION_COUNT',
  'UNLIMITED_ASSET',
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `POST /client/config`. Validates everything first (9723/9724/9725/9713, 9710/9711/9712,
 * 9602), sends TEST_NOTIFICATION when a notification URL is given (failure → 9728), and
 * only then stores it — last writer wins.
 */
export async function updateClientConfig(
  location: LocationState,
  body: unknown,
  switches: SimulatorSwitches,
  notifier: Notifier,
): Promise<void> {
  if (!isObject(body)) {
    throw new VppError(9602);
  }
  const limits = switches.limits;
  const { mdmInfo, notificationUrl, notificationAuthToken, notificationTypes } =
    body;

  if (mdmInfo !== undefined) {
    if (
      !isObject(mdmInfo) ||
      typeof mdmInfo.id !== 'string' ||
      typeof mdmInfo.name !== 'string' ||
      typeof mdmInfo.metadata !== 'string' ||
      mdmInfo.id === '' ||
      mdmInfo.name === ''
    ) {
      throw new VppError(9723);
    }
    if (mdmInfo.id.length > limits.maxMdmIdLength) {
      throw new VppError(9724);
    }
    if (mdmInfo.name.length > limits.maxMdmNameLength) {
      throw new VppError(9725);
    }
    if (mdmInfo.metadata.length > limits.maxMdmMetadataLength) {
      throw new VppError(9713);
    }
  }

  const urlGiven = notificationUrl !== undefined && notificationUrl !== null;
  const tokenGiven =
    notificationAuthToken !== undefined && notificationAuthToken !== null;
  let clearNotifications = false;
  if (urlGiven || tokenGiven) {
    if (!urlGiven || !tokenGiven) {
      throw new VppError(9710);
    }
    if (
      typeof notificationUrl !== 'string' ||
      typeof notificationAuthToken !== 'string'
    ) {
      throw new VppError(9602);
    }
    if (notificationUrl === '' && notificationAuthToken === '') {
      clearNotifications = true;
    } else if (notificationUrl === '' || notificationAuthToken === '') {
      throw new VppError(9710);
    } else {
      if (
        notificationUrl.length > limits.maxNotificationLength ||
        notificationAuthToken.length > limits.maxNotificationLength
      ) {
        throw new VppError(9711);
      }
      checkNotificationUrl(notificationUrl, switches);
    }
  }

  if (notificationTypes !== undefined) {
    if (
      !Array.isArray(notificationTypes) ||
      notificationTypes.some(
        type =>
          typeof type !== 'string' ||
          !SUBSCRIBABLE_NOTIFICATION_TYPES.includes(type),
      )
    ) {
      throw new VppError(9602);
    }
  }

  if (urlGiven && !clearNotifications) {
    const delivered = await notifier.sendTest(
      location,
      notificationUrl as string,
      notificationAuthToken as string,
    );
    if (!delivered) {
      throw new VppError(9728);
    }
  }

  if (mdmInfo !== undefined) {
    const info = mdmInfo as Record<string, string>;
    location.mdmInfo = {
      id: info.id,
      name: info.name,
      metadata: info.metadata,
    };
  }
  if (clearNotifications) {
    location.notificationUrl = undefined;
    location.notificationAuthToken = undefined;
  } else if (urlGiven) {
    location.notificationUrl = notificationUrl as string;
    location.notificationAuthToken = notificationAuthToken as string;
  }
  if (notificationTypes !== undefined) {
    location.subscribedNotificationTypes = [
      ...new Set(notificationTypes as string[]),
    ];
  }
}

/** HTTPS (or HTTP when allowed), parseable, and without credentials in it (9712). */
function checkNotificationUrl(text: string, switches: SimulatorSwitches): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new VppError(9712);
  }
  const allowed = switches.allowHttpNotificationUrls
    ? ['https:', 'http:']
    : ['https:'];
  if (!allowed.includes(url.protocol) || url.username || url.password) {
    throw new VppError(9712);
  }
}
