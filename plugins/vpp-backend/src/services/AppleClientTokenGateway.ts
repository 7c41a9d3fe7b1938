import { AppleVppClient, ServiceConfigCache } from '../apple';
import {
  AppleTokenGateway,
  MdmIdentity,
  RELEASED_METADATA,
  TokenLocationInfo,
} from './AppleTokenGateway';

/** {@link AppleTokenGateway} on Apple's Apps and Books API v2 client. */
export class AppleClientTokenGateway implements AppleTokenGateway {
  readonly #baseUrl: string;
  readonly #identity: MdmIdentity;
  // One service-config cache for all tokens: limits are per service, not per token.
  readonly #serviceConfig = new ServiceConfigCache();

  constructor(options: { baseUrl: string; identity: MdmIdentity }) {
    this.#baseUrl = options.baseUrl;
    this.#identity = options.identity;
  }

  async readLocation(bearer: string): Promise<TokenLocationInfo> {
    const config = await this.#client(bearer).getClientConfig();
    return {
      locationName: config.locationName ?? '',
      locationUid: config.uId ?? '',
      countryCode: (config.countryISO2ACode ?? '').toUpperCase(),
      defaultPlatform: config.defaultPlatform,
      mdmInfo: config.mdmInfo ?? undefined,
    };
  }

  async claim(bearer: string): Promise<void> {
    await this.#client(bearer).updateClientConfig({
      mdmInfo: this.#identity,
    });
  }

  async release(bearer: string): Promise<void> {
    await this.#client(bearer).updateClientConfig({
      mdmInfo: { ...this.#identity, metadata: RELEASED_METADATA },
    });
  }

  #client(bearer: string): AppleVppClient {
    return new AppleVppClient({
      token: bearer,
      baseUrl: this.#baseUrl,
      mdmInfo: this.#identity,
      serviceConfigCache: this.#serviceConfig,
    });
  }
}
