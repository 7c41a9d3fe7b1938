import { RawResponse } from './http';
import type { AppleVppLogger, RequestSpec } from './requestTypes';
import { parseAppleDate } from './tokenFile';
import { ClientConfigRequest, MdmInfo } from './types';

/** Reported when the device-management service recorded at Apple for this location changes. */
export interface MdmInfoChange {
  /** What was observed before; `undefined` if this is the first observation of this client. */
  previous: MdmInfo | null | undefined;
  /** What Apple reports now; `null` when a client-config response no longer carries `mdmInfo`. */
  current: MdmInfo | null;
  /** Our identity, as given to the client. */
  ours?: MdmInfo;
  /** `current` has our `id` and `name`. */
  isOurs: boolean;
  /** The endpoint whose response revealed the change, e.g. `GET /assignments`. */
  endpoint: string;
  uId?: string;
}

/** Metadata Apple attaches to every authenticated response. */
export interface ResponseMetadata {
  endpoint: string;
  httpStatus: number;
  attempts: number;
  receivedAt: Date;
  uId?: string;
  tokenExpirationDate?: string;
  /** `tokenExpirationDate` parsed. */
  tokenExpiresAt?: Date;
  mdmInfo?: MdmInfo;
  /** Whether `mdmInfo` is ours; `undefined` when the response has none or we have no identity. */
  mdmInfoIsOurs?: boolean;
}

/**
 * What the client learns from Apple's answers: the metadata of the last one, and who manages
 * the location (`mdmInfo`), reported through `onMdmInfoChange` when it changes.
 */
export class ResponseObserver {
  readonly #clock: { now(): number };
  readonly #logger?: AppleVppLogger;
  readonly #mdmInfo?: MdmInfo;
  readonly #onMdmInfoChange?: (change: MdmInfoChange) => void;
  readonly #onResponse?: (metadata: ResponseMetadata) => void;
  #observedMdmInfo: MdmInfo | null | undefined = undefined;
  #lastMetadata?: ResponseMetadata;

  constructor(options: {
    clock: { now(): number };
    logger?: AppleVppLogger;
    mdmInfo?: MdmInfo;
    onMdmInfoChange?: (change: MdmInfoChange) => void;
    onResponse?: (metadata: ResponseMetadata) => void;
  }) {
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#mdmInfo = options.mdmInfo;
    this.#onMdmInfoChange = options.onMdmInfoChange;
    this.#onResponse = options.onResponse;
  }

  get lastMetadata(): ResponseMetadata | undefined {
    return this.#lastMetadata;
  }

  get observedMdmInfo(): MdmInfo | null | undefined {
    return this.#observedMdmInfo;
  }

  /** Records the metadata of a validated authenticated answer and compares its `mdmInfo`. */
  observe(
    data: Record<string, unknown>,
    spec: RequestSpec<unknown>,
    endpoint: string,
    raw: RawResponse,
    attempt: number,
  ) {
    const mdmInfo = data.mdmInfo as MdmInfo | undefined;
    const tokenExpirationDate =
      typeof data.tokenExpirationDate === 'string'
        ? data.tokenExpirationDate
        : undefined;
    const metadata: ResponseMetadata = {
      endpoint,
      httpStatus: raw.status,
      attempts: attempt,
      receivedAt: new Date(this.#clock.now()),
      uId: typeof data.uId === 'string' ? data.uId : undefined,
      tokenExpirationDate,
      tokenExpiresAt: tokenExpirationDate
        ? parseAppleDate(tokenExpirationDate)
        : undefined,
      mdmInfo,
      mdmInfoIsOurs:
        mdmInfo && this.#mdmInfo
          ? sameMdmIdentity(mdmInfo, this.#mdmInfo)
          : undefined,
    };
    this.#lastMetadata = metadata;
    // A successful POST that set mdmInfo means it is ours now, even if the answer does not echo it.
    const requested =
      spec.method === 'POST' && spec.path === '/client/config'
        ? (spec.body as ClientConfigRequest | undefined)?.mdmInfo
        : undefined;
    this.#observeMdmInfo(
      mdmInfo ?? requested,
      spec.path === '/client/config',
      endpoint,
      metadata.uId,
    );
    if (this.#onResponse) {
      try {
        this.#onResponse(metadata);
      } catch (error) {
        this.#logger?.warn?.('onResponse callback failed', {
          error: describe(error),
        });
      }
    }
  }

  /**
   * `mdmInfo` is compared on every response that carries it. Its ABSENCE is only taken as
   * information on `/client/config` responses: Apple documents that it appears there once set,
   * while other response types (e.g. `EventResponse` in Apple's examples) may simply not include
   * it. So: absent on `/client/config` after we had seen one → reported as `current: null`;
   * absent elsewhere → ignored.
   */
  #observeMdmInfo(
    mdmInfo: MdmInfo | undefined,
    authoritative: boolean,
    endpoint: string,
    uId: string | undefined,
  ) {
    let current: MdmInfo | null;
    if (mdmInfo) {
      current = mdmInfo;
    } else if (authoritative) {
      current = null;
    } else {
      return;
    }
    const previous = this.#observedMdmInfo;
    this.#observedMdmInfo = current;
    const changed =
      previous === undefined
        ? current !== null &&
          !(this.#mdmInfo && sameMdmIdentity(current, this.#mdmInfo))
        : !sameMdmIdentityOrNull(previous, current);
    if (!changed || !this.#onMdmInfoChange) {
      return;
    }
    try {
      this.#onMdmInfoChange({
        previous,
        current,
        ours: this.#mdmInfo,
        isOurs:
          current !== null &&
          !!this.#mdmInfo &&
          sameMdmIdentity(current, this.#mdmInfo),
        endpoint,
        uId,
      });
    } catch (error) {
      this.#logger?.warn?.('onMdmInfoChange callback failed', {
        error: describe(error),
      });
    }
  }
}

/** True when both describe the same service (`id` and `name`; `metadata` may differ). */
export function sameMdmIdentity(a: MdmInfo, b: MdmInfo): boolean {
  return a.id === b.id && a.name === b.name;
}

function sameMdmIdentityOrNull(a: MdmInfo | null, b: MdmInfo | null): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  return sameMdmIdentity(a, b);
}

/**
 * Who manages the location according to a `mdmInfo` Apple returned: nobody, us, or another
 * service (R-TOK-3).
 */
export function classifyMdmInfo(
  current: MdmInfo | null | undefined,
  ours: MdmInfo,
): 'absent' | 'ours' | 'other' {
  if (!current) {
    return 'absent';
  }
  return sameMdmIdentity(current, ours) ? 'ours' : 'other';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
