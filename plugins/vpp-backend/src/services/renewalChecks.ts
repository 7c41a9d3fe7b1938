import { RenewalCheck } from '@internal/plugin-vpp-common';
import { ParsedTokenFile } from '../apple/tokenFile';
import { TokenRecord, TokenStore } from '../database/TokenStore';
import {
  AppleTokenGateway,
  claimant,
  MdmIdentity,
  TokenLocationInfo,
} from './AppleTokenGateway';
import { describeAppleFailure } from './appleFailures';
import { formatDay } from './tokenInput';

/** What the five checks of a renewal found (R-TOK-4). */
export interface RenewalFindings {
  checks: RenewalCheck[];
  /** The location of the new file, when Apple answered. */
  location?: TokenLocationInfo;
  /** Who manages that location, when someone does. */
  holder?: ReturnType<typeof claimant>;
  /** Why Apple did not answer. */
  appleFailure?: unknown;
}

/**
 * Runs the five checks of R-TOK-4 for renewing `current` (whose content is `source`'s)
 * with `file`; asks Apple for the file's location and changes nothing.
 */
export async function checkRenewal(
  o: {
    store: Pick<TokenStore, 'findSourcesByLocationUid'>;
    apple: Pick<AppleTokenGateway, 'readLocation'>;
    mdmIdentity: MdmIdentity;
  },
  current: TokenRecord,
  source: TokenRecord,
  file: ParsedTokenFile,
  request: { takeOver?: boolean },
): Promise<RenewalFindings> {
  const checks: RenewalCheck[] = [
    {
      id: 'registered',
      passed: true,
      message: current.sharesFrom
        ? `Registered here; it shares licenses from "${source.displayName}", which is renewed together with every token sharing it.`
        : `Registered here as "${current.displayName}".`,
    },
    file.expiresAt > source.expiresAt
      ? {
          id: 'later-expiry',
          passed: true,
          message: `The new file expires on ${formatDay(
            file.expiresAt,
          )}, after the current ${formatDay(source.expiresAt)}.`,
        }
      : {
          id: 'later-expiry',
          passed: false,
          message: `The new file expires on ${formatDay(
            file.expiresAt,
          )}, which is not later than the current expiry ${formatDay(
            source.expiresAt,
          )}. Download a new token in Apple Business Manager and use that file.`,
        },
  ];

  let location: TokenLocationInfo | undefined;
  let appleProblem: string | undefined;
  let appleFailure: unknown;
  try {
    location = await o.apple.readLocation(file.bearer);
  } catch (error) {
    appleFailure = error;
    appleProblem = describeAppleFailure(error);
  }

  const holder = location && claimant(location, o.mdmIdentity);
  if (!location) {
    checks.push({
      id: 'not-other-mdm',
      passed: false,
      message: `Could not be checked: ${appleProblem}`,
    });
  } else if (holder && !holder.ours) {
    checks.push({
      id: 'not-other-mdm',
      passed: Boolean(request.takeOver),
      message: request.takeOver
        ? `The location is managed by ${holder.name}; it will be taken over, as you asked.`
        : `The location is managed by ${holder.name}. A token managed by another MDM product cannot be renewed here unless you choose to take it over.`,
    });
  } else {
    checks.push({
      id: 'not-other-mdm',
      passed: true,
      message: holder
        ? 'The location is managed by this installation.'
        : 'No other MDM product manages the location.',
    });
  }

  if (!location) {
    checks.push({
      id: 'not-other-account',
      passed: false,
      message: `Could not be checked: ${appleProblem}`,
    });
  } else {
    const others = (
      await o.store.findSourcesByLocationUid(location.locationUid)
    ).filter(r => r.id !== source.id);
    checks.push(
      others.length === 0
        ? {
            id: 'not-other-account',
            passed: true,
            message: 'The location is not registered under another token here.',
          }
        : {
            id: 'not-other-account',
            passed: false,
            message: `The location "${location.locationName}" is already registered here as "${others[0].displayName}" (owner ${others[0].owner}). Renew that token instead.`,
          },
    );
  }

  if (!location) {
    checks.push({
      id: 'location-exists',
      passed: false,
      message: `Apple did not accept the new file: ${appleProblem}`,
    });
  } else if (location.locationUid !== source.locationUid) {
    checks.push({
      id: 'location-exists',
      passed: false,
      message: `The new file belongs to the location "${location.locationName}", not to "${source.locationName}". Download the token of "${source.locationName}" instead.`,
    });
  } else {
    checks.push({
      id: 'location-exists',
      passed: true,
      message: `Apple accepted the new file for "${location.locationName}".`,
    });
  }

  return { checks, location, holder, appleFailure };
}
