import { AppleRequestHolds, SlidingWindowRateLimiter } from '../../apple';
import { TokenRecord, TokenStore } from '../../database/TokenStore';
import { MdmIdentity } from '../AppleTokenGateway';
import { TokenCipher } from '../TokenCipher';
import { SourceTokenClients } from '../tokenSources';

/** Apple clients for content tokens, sharing the limits' cache, holds and rate limit. */
export class AppleClients {
  readonly #clients: SourceTokenClients;

  constructor(options: {
    tokens: TokenStore;
    cipher: TokenCipher;
    appleBaseUrl: string;
    mdmIdentity: MdmIdentity;
    holds?: AppleRequestHolds;
    rateLimiter?: SlidingWindowRateLimiter;
  }) {
    this.#clients = new SourceTokenClients(options);
  }

  forToken(source: Pick<TokenRecord, 'id' | 'displayName'>) {
    return this.#clients.forSource(source);
  }
}
