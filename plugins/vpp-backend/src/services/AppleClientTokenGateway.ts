import {
  AppleRequestHolds,
  AppleVppClient,
  AppleVppLogger,
  ServiceConfigCache,
} from '../apple';
import {
  AppleTokenGateway,
  MdmIdentity,
  RELEASED_METADATA,
  TokenLocationInfo,
} from './AppleTokenGateway';

/**
 * {@link AppleTokenGateway} on Apple's Apps and Books API v2 client. Its calls are
 * interactive (a person waits): bounded retries, and a Retry-After wait longer than the
 * client's limit fails at once with an `AppleHoldError` saying until when.
 */
export class AppleClientTokenGateway implements AppleTokenGateway {
  readonly #baseUrl: string;
  readonly #identity: MdmIdentity;
  readonly #holds?: AppleRequestHolds;
  readonly #logger?: AppleVppLogger;
  // One service-config cache for all tokens: limits are per service, not per token.
  readonly #serviceConfig = new ServiceConfigCache();

  constructor(options: {
    baseUrl: string;
    identity: MdmIdentity;
    /** Apple's Retry-After waits, shared with the process's other Apple callers. */
    holds?: AppleRequestHolds;
    logger?: AppleVppLogger;
  }) {
    this.#baseUrl = options.baseUrl;
    this.#identity = options.identity;
    this.#holds = options.holds;
    this.#logger = options.logger;
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
      holds: this.#holds,
      logger: this.#logger,
    });
  }
}
