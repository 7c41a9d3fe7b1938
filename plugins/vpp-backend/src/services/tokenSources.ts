import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { VppTokenStatus } from '@internal/plugin-vpp-common';
import {
  AppleRequestHolds,
  AppleVppClient,
  AppleVppClientOptions,
  ServiceConfigCache,
  SlidingWindowRateLimiter,
} from '../apple';
import { TokenRecord, TokenStore } from '../database/TokenStore';
import { MdmIdentity } from './AppleTokenGateway';
import { TokenCipher } from './TokenCipher';
import { computeTokenStatus } from './tokenStatus';

/* How the services that call Apple with a stored token find it and its client. */

/** The registered token `id`; a 404 that says to register it when there is none. */
export async function getTokenRecord(
  tokens: Pick<TokenStore, 'getToken'>,
  id: string,
): Promise<TokenRecord> {
  const record = await tokens.getToken(id);
  if (!record) {
    throw new NotFoundError(
      `No content token with id "${id}" is registered here. Register the token first.`,
    );
  }
  return record;
}

/** The token whose content and Apple location `record` uses: its source for a share. */
export async function getContentSource(
  tokens: Pick<TokenStore, 'getToken'>,
  record: TokenRecord,
): Promise<TokenRecord> {
  return record.sharesFrom ? getTokenRecord(tokens, record.sharesFrom) : record;
}

/**
 * Why `source` cannot be used now (R-TOK-8: neither ok nor expiring), or undefined when it
 * can. `via` names the source when `requested` shares its licenses, for the refusal.
 */
export function unusableSource(
  source: TokenRecord,
  requested: TokenRecord,
  now: Date,
  warningDays: number,
): { status: VppTokenStatus; statusReason: string; via: string } | undefined {
  const { status, statusReason } = computeTokenStatus(source, now, warningDays);
  if (status === 'ok' || status === 'expiring') {
    return undefined;
  }
  const via =
    requested.id === source.id
      ? ''
      : ` (it shares licenses from "${source.displayName}")`;
  return { status, statusReason, via };
}

/** What a run may add to a client: its own deadline and listeners. */
export type AppleClientRunOptions = Pick<
  AppleVppClientOptions,
  'onMdmInfoChange' | 'retryUntil' | 'onBackoff'
>;

/**
 * Apple clients for source tokens, their token files decrypted from the store; one service
 * configuration cache for all of them.
 */
export class SourceTokenClients {
  readonly #serviceConfig = new ServiceConfigCache();

  constructor(
    private readonly o: {
      tokens: Pick<TokenStore, 'getTokenCiphertext'>;
      cipher: TokenCipher;
      appleBaseUrl: string;
      mdmIdentity: MdmIdentity;
      rateLimiter?: SlidingWindowRateLimiter;
      holds?: AppleRequestHolds;
      /** Where the clients log their back-offs; none when not given. */
      logger?: LoggerService;
    },
  ) {}

  async forSource(
    source: Pick<TokenRecord, 'id' | 'displayName'>,
    run: AppleClientRunOptions = {},
  ): Promise<AppleVppClient> {
    const ciphertext = await this.o.tokens.getTokenCiphertext(source.id);
    if (!ciphertext) {
      throw new NotFoundError(
        `The token file of "${source.displayName}" is missing; renew the token.`,
      );
    }
    return new AppleVppClient({
      token: this.o.cipher.decrypt(ciphertext),
      baseUrl: this.o.appleBaseUrl,
      mdmInfo: this.o.mdmIdentity,
      serviceConfigCache: this.#serviceConfig,
      rateLimiter: this.o.rateLimiter,
      holds: this.o.holds,
      logger: this.o.logger,
      ...run,
    });
  }
}
