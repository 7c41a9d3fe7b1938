import { VppToken, VppTokenStatus } from '@internal/plugin-vpp-common';
import { DateTime } from 'luxon';
import { TokenRecord } from '../database/TokenStore';

/** How to get a new token, named in every message about an unusable token. */
export function renewalSteps(locationName: string): string {
  return `In Apple Business Manager (or Apple School Manager), go to Preferences → Payments and Billing → Apps and Books, download the content token for "${locationName}", then renew this token with the new file.`;
}

/** Whole days from now until the expiry; negative once expired. */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.floor(
    DateTime.fromJSDate(expiresAt).diff(DateTime.fromJSDate(now), 'days').days,
  );
}

/**
 * The one status of a token (R-TOK-5), from its stored expiry and Apple's last verdict.
 * Apple's verdicts win over dates: a revoked token stays revoked whatever its expiry.
 */
export function computeTokenStatus(
  record: TokenRecord,
  now: Date,
  warningDays: number,
): { status: VppTokenStatus; statusReason: string; daysLeft: number } {
  const left = daysLeft(record.expiresAt, now);
  const expiry = DateTime.fromJSDate(record.expiresAt)
    .toUTC()
    .toFormat('yyyy-MM-dd');
  const steps = renewalSteps(record.locationName);
  if (record.appleState === 'revoked') {
    return {
      status: 'revoked',
      daysLeft: left,
      statusReason: `Apple has revoked this token (error 9625), for example because a newer token was downloaded or the Managed Apple Account's password changed. ${steps}`,
    };
  }
  if (record.appleState === 'expired' || record.expiresAt <= now) {
    return {
      status: 'expired',
      daysLeft: left,
      statusReason: `This token expired on ${expiry}. Nothing can be assigned, revoked or synced with it. ${steps}`,
    };
  }
  if (record.appleState === 'invalid') {
    return {
      status: 'invalid',
      daysLeft: left,
      statusReason: `Apple no longer accepts this token${
        record.appleStateReason ? ` (${record.appleStateReason})` : ''
      }. ${steps}`,
    };
  }
  if (record.appleState === 'claimed-elsewhere') {
    return {
      status: 'claimed-elsewhere',
      daysLeft: left,
      statusReason: `The location "${
        record.locationName
      }" is now managed by another MDM product${
        record.claimedBy ? ` (${record.claimedBy})` : ''
      }. Licenses assigned by two MDM products at once get out of step; take it back by renewing with "take over", or remove this token here.`,
    };
  }
  if (left < warningDays) {
    return {
      status: 'expiring',
      daysLeft: left,
      statusReason: `This token expires on ${expiry}, in ${left} day${
        left === 1 ? '' : 's'
      }. ${steps}`,
    };
  }
  return {
    status: 'ok',
    daysLeft: left,
    statusReason: `Valid until ${expiry}.`,
  };
}

/** The API shape of a token: the record plus its computed status, never a secret. */
export function toApiToken(
  record: TokenRecord,
  now: Date,
  warningDays: number,
): VppToken {
  return {
    id: record.id,
    displayName: record.displayName,
    owner: record.owner,
    orgName: record.orgName,
    locationName: record.locationName,
    locationUid: record.locationUid,
    countryCode: record.countryCode,
    expiresAt: record.expiresAt.toISOString(),
    ...computeTokenStatus(record, now, warningDays),
    ...(record.claimedBy ? { claimedBy: record.claimedBy } : {}),
    ...(record.sharesFrom ? { sharesFrom: record.sharesFrom } : {}),
    notes: record.notes,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}
