import { NotFoundError } from '@backstage/errors';
import {
  AppleRequestHolds,
  AppleVppClient,
  ServiceConfigCache,
  SlidingWindowRateLimiter,
} from '../../apple';
import { TokenRecord, TokenStore } from '../../database/TokenStore';
import { MdmIdentity } from '../AppleTokenGateway';
import { TokenCipher } from '../TokenCipher';

/** Apple clients for content tokens, sharing the limits' cache, holds and rate limit. */
export class AppleClients {
  readonly #serviceConfig = new ServiceConfigCache();

  constructor(
    private readonly o: {
      tokens: TokenStore;
      cipher: TokenCipher;
      appleBaseUrl: string;
      mdmIdentity: MdmIdentity;
      holds?: AppleRequestHolds;
      rateLimiter?: SlidingWindowRateLimiter;
    },
  ) {}

  async forToken(source: Pick<TokenRecord, 'id' | 'displayName'>) {
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
    });
  }
}
