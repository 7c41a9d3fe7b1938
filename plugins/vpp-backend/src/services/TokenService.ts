import {
  ConflictError,
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  RegisterTokenRequest,
  RenewalPreview,
  RenewTokenRequest,
  ShareTokenRequest,
  UpdateTokenRequest,
  VppToken,
} from '@internal/plugin-vpp-common';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { randomUUID } from 'node:crypto';
import { isAppleVppError } from '../apple/errors';
import { isAppleHoldError } from '../apple/requestHolds';
import { ParsedTokenFile } from '../apple/tokenFile';
import { TokenFilter, TokenRecord, TokenStore } from '../database/TokenStore';
import {
  AppleTokenGateway,
  claimant,
  MdmIdentity,
  TokenLocationInfo,
} from './AppleTokenGateway';
import { describeAppleFailure } from './appleFailures';
import { checkRenewal } from './renewalChecks';
import { TokenCipher } from './TokenCipher';
import { formatDay, normaliseGroupRef, readTokenFile } from './tokenInput';
import { getContentSource, getTokenRecord } from './tokenSources';
import { toApiToken } from './tokenStatus';

/** What changed, for listeners such as the catalog (published as events). */
export type TokenChange =
  | 'registered'
  | 'renewed'
  | 'updated'
  | 'deleted'
  | 'shared'
  | 'status';

export interface TokenServiceOptions {
  store: TokenStore;
  apple: AppleTokenGateway;
  cipher: TokenCipher;
  mdmIdentity: MdmIdentity;
  /** Days before expiry from which a token is `expiring`. */
  warningDays: number;
  onChange?: (tokenId: string, change: TokenChange) => Promise<void> | void;
  now?: () => Date;
}

/**
 * Content tokens: registration with Apple's validation and claim (R-TOK-1…3), renewal
 * with its five checks (R-TOK-4), status (R-TOK-5) and license sharing (R-TOK-7).
 */
export class TokenService {
  readonly #o: Required<Omit<TokenServiceOptions, 'onChange'>> &
    Pick<TokenServiceOptions, 'onChange'>;

  constructor(options: TokenServiceOptions) {
    this.#o = { now: () => new Date(), ...options };
  }

  async listTokens(
    filter?: PermissionCriteria<TokenFilter>,
  ): Promise<VppToken[]> {
    const records = await this.#o.store.listTokens({ filter });
    return records.map(r => this.#api(r));
  }

  async getToken(id: string): Promise<VppToken> {
    return this.#api(await this.#record(id));
  }

  /**
   * Records for permission checks on resource refs, in the order of `ids` (undefined for
   * an unknown id): the permission framework matches them to the refs by position.
   */
  async getRecords(ids: string[]): Promise<Array<TokenRecord | undefined>> {
    const byId = new Map(
      (await this.#o.store.getTokens(ids)).map(record => [record.id, record]),
    );
    return ids.map(id => byId.get(id));
  }

  async register(
    request: RegisterTokenRequest,
    createdBy: string,
  ): Promise<VppToken> {
    const owner = normaliseGroupRef(request.owner);
    const file = readTokenFile(request.tokenFile);
    const now = this.#o.now();
    if (file.expiresAt <= now) {
      throw new InputError(
        `This token file expired on ${formatDay(
          file.expiresAt,
        )}. Download a new one from Apple Business Manager (Preferences → Payments and Billing → Apps and Books) and upload that instead.`,
      );
    }
    const location = await this.#readLocation(file.bearer, 'register');

    const existing = await this.#o.store.findSourcesByLocationUid(
      location.locationUid,
    );
    if (existing.length > 0) {
      const other = existing[0];
      throw new ConflictError(
        `The location "${location.locationName}" is already registered here as "${other.displayName}" (owner ${other.owner}). Renew that token instead, or share its licenses with another group.`,
      );
    }
    await this.#claimUnlessOthers(file.bearer, location, request.takeOver);

    const record: TokenRecord = {
      id: randomUUID(),
      displayName: request.displayName?.trim() || location.locationName,
      owner,
      ...locationDetails(file, location),
      appleState: 'ok',
      appleCheckedAt: now,
      notes: request.notes ?? '',
      createdBy,
      createdAt: now,
      updatedAt: now,
    };
    await this.#o.store.insertToken(
      record,
      this.#o.cipher.encrypt(file.bearer),
    );
    await this.#changed(record.id, 'registered');
    return this.#api(record);
  }

  async previewRenewal(
    id: string,
    request: { tokenFile: string; takeOver?: boolean },
  ): Promise<RenewalPreview> {
    return (await this.#evaluateRenewal(id, request)).preview;
  }

  /** Runs the five checks of R-TOK-4; nothing is changed. */
  async #evaluateRenewal(
    id: string,
    request: { tokenFile: string; takeOver?: boolean },
  ): Promise<{
    preview: RenewalPreview;
    file: ParsedTokenFile;
    location?: TokenLocationInfo;
    appleFailure?: unknown;
    sourceId: string;
  }> {
    const current = await this.#record(id);
    const source = await getContentSource(this.#o.store, current);
    const file = readTokenFile(request.tokenFile);
    const { checks, location, holder, appleFailure } = await checkRenewal(
      this.#o,
      current,
      source,
      file,
      request,
    );

    const preview: RenewalPreview = {
      ok: checks.every(c => c.passed),
      checks,
      current: this.#api(current),
      ...(location
        ? {
            next: {
              expiresAt: file.expiresAt.toISOString(),
              locationName: location.locationName,
              ...(holder && !holder.ours ? { claimedBy: holder.name } : {}),
            },
          }
        : {}),
    };
    return { preview, file, location, appleFailure, sourceId: source.id };
  }

  async renew(id: string, request: RenewTokenRequest): Promise<VppToken> {
    const { preview, file, location, appleFailure, sourceId } =
      await this.#evaluateRenewal(id, request);
    throwIfNotPermitted(appleFailure, 'read the location of the new token');
    if (isAppleVppError(appleFailure) && appleFailure.transient) {
      throw new ServiceUnavailableError(
        `Apple could not be reached to check the new token; nothing was changed. ${describeAppleFailure(
          appleFailure,
        )}`,
      );
    }
    const failed = preview.checks.find(c => !c.passed);
    if (failed || !location) {
      if (
        failed?.id === 'not-other-mdm' ||
        failed?.id === 'not-other-account'
      ) {
        throw new ConflictError(failed.message);
      }
      throw new InputError(failed?.message ?? 'The renewal checks failed.');
    }
    await this.#claimUnlessOthers(file.bearer, location, request.takeOver);

    await this.#o.store.renewToken(
      sourceId,
      locationDetails(file, location),
      this.#o.cipher.encrypt(file.bearer),
      this.#o.now(),
    );
    await this.#changed(sourceId, 'renewed');
    for (const share of await this.#o.store.listShares(sourceId)) {
      await this.#changed(share.id, 'renewed');
    }
    return this.getToken(id);
  }

  async update(id: string, request: UpdateTokenRequest): Promise<VppToken> {
    await this.#record(id);
    const displayName = request.displayName?.trim();
    if (request.displayName !== undefined && !displayName) {
      throw new InputError('The display name cannot be empty.');
    }
    await this.#o.store.updateDetails(
      id,
      {
        displayName,
        notes: request.notes,
        owner:
          request.owner === undefined
            ? undefined
            : normaliseGroupRef(request.owner),
      },
      this.#o.now(),
    );
    await this.#changed(id, 'updated');
    return this.getToken(id);
  }

  async share(
    sourceId: string,
    request: ShareTokenRequest,
    createdBy: string,
  ): Promise<VppToken> {
    const source = await this.#record(sourceId);
    if (source.sharesFrom) {
      throw new InputError(
        `"${source.displayName}" already shares licenses from another token; share from that token instead.`,
      );
    }
    const owner = normaliseGroupRef(request.owner);
    if (owner === source.owner) {
      throw new InputError(
        `${owner} already owns "${source.displayName}"; choose another group to share its licenses with.`,
      );
    }
    const shares = await this.#o.store.listShares(sourceId);
    if (shares.some(s => s.owner === owner)) {
      throw new ConflictError(
        `The licenses of "${source.displayName}" are already shared with ${owner}.`,
      );
    }
    const now = this.#o.now();
    const share: TokenRecord = {
      ...source,
      id: randomUUID(),
      displayName:
        request.displayName?.trim() ||
        `${source.displayName} (shared with ${parseEntityRef(owner).name})`,
      owner,
      sharesFrom: source.id,
      notes: request.notes ?? '',
      createdBy,
      createdAt: now,
      updatedAt: now,
    };
    await this.#o.store.insertToken(share, null);
    await this.#changed(share.id, 'shared');
    return this.#api(share);
  }

  /** Deletes a token; for a source also its shares, releasing our claim at Apple. */
  async delete(id: string): Promise<{ releasedAtApple: boolean }> {
    const record = await this.#record(id);
    const shares = record.sharesFrom
      ? []
      : await this.#o.store.listShares(record.id);
    let releasedAtApple = false;
    if (!record.sharesFrom) {
      const ciphertext = await this.#o.store.getTokenCiphertext(record.id);
      try {
        if (ciphertext) {
          await this.#o.apple.release(this.#o.cipher.decrypt(ciphertext));
          releasedAtApple = true;
        }
      } catch {
        // An expired or revoked token cannot be released; deleting it here still must work.
      }
    }
    await this.#o.store.deleteToken(record.id);
    for (const r of [record, ...shares]) {
      await this.#changed(r.id, 'deleted');
    }
    return { releasedAtApple };
  }

  #record(id: string): Promise<TokenRecord> {
    return getTokenRecord(this.#o.store, id);
  }

  async #readLocation(
    bearer: string,
    action: 'register' | 'renew',
  ): Promise<TokenLocationInfo> {
    try {
      return await this.#o.apple.readLocation(bearer);
    } catch (error) {
      const text = describeAppleFailure(error);
      throwIfNotPermitted(error, 'read the location of this token');
      if (isAppleVppError(error) && !error.transient) {
        throw new InputError(
          `Apple did not accept this token file, so it cannot be ${
            action === 'register' ? 'registered' : 'used for renewal'
          }: ${text}`,
        );
      }
      throw new ServiceUnavailableError(
        `${
          isAppleHoldError(error)
            ? 'Apple is not taking requests now'
            : 'Apple could not be reached to validate the token'
        }; nothing was changed. ${text}`,
      );
    }
  }

  async #claimUnlessOthers(
    bearer: string,
    location: TokenLocationInfo,
    takeOver: boolean | undefined,
  ): Promise<void> {
    const holder = claimant(location, this.#o.mdmIdentity);
    if (holder?.ours) {
      return;
    }
    if (holder && !takeOver) {
      throw new ConflictError(
        `The location "${location.locationName}" is managed by ${holder.name}. A token managed by another MDM product is not taken over unless you explicitly choose "take over"; licenses assigned by two MDM products at once get out of step.`,
      );
    }
    try {
      await this.#o.apple.claim(bearer);
    } catch (error) {
      throwIfNotPermitted(
        error,
        "record this installation as the location's MDM",
      );
      throw new ServiceUnavailableError(
        `Apple did not record this installation as the location's MDM; nothing was changed. ${describeAppleFailure(
          error,
        )}`,
      );
    }
  }

  #api(record: TokenRecord): VppToken {
    return toApiToken(record, this.#o.now(), this.#o.warningDays);
  }

  async #changed(tokenId: string, change: TokenChange): Promise<void> {
    await this.#o.onChange?.(tokenId, change);
  }
}

/**
 * 9637: the Apple account may not do this. A permission of the account, not a fault of the
 * token file or of Apple's availability, so it is reported as such (403) and changes nothing.
 */
function throwIfNotPermitted(error: unknown, action: string): void {
  if (isAppleVppError(error) && error.kind === 'not-permitted') {
    throw new NotAllowedError(
      `Apple does not allow the account behind this token to ${action}; nothing was changed. ${describeAppleFailure(
        error,
      )}`,
    );
  }
}

/** What a token record takes from its file and Apple's answer for the location. */
function locationDetails(file: ParsedTokenFile, location: TokenLocationInfo) {
  return {
    orgName: file.orgName,
    locationName: location.locationName,
    locationUid: location.locationUid,
    countryCode: location.countryCode,
    defaultPlatform: location.defaultPlatform,
    expiresAt: file.expiresAt,
  };
}
