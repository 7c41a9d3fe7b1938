import { createHash } from 'node:crypto';
import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import {
  VppApiClient,
  VppToken,
  vppTokenEntityName,
} from '@internal/plugin-vpp-common';

/** What the actions need from the backend environment. */
export interface VppActionOptions {
  auth: AuthService;
  discovery: DiscoveryService;
}

/** The token file as it came from the form, decoded. Never log `content`. */
export interface DecodedTokenFile {
  /** The `.vpptoken` file content, to send to the vpp backend. Secret. */
  content: string;
  /** The file name from the data URL, when the form sent one. */
  fileName?: string;
  /** Size of the decoded content in bytes. */
  size: number;
}

const WHERE_TO_GET_IT =
  'Download the content token again in Apple Business Manager (Preferences > Payments and Billing > Apps and Books) and upload the .vpptoken file.';

/**
 * Turns the `tokenFile` input into the file content.
 *
 * Accepts what rjsf's file widget (`ui:widget: file`) sends,
 * `data:<media type>;name=<file name>;base64,<payload>`, any other RFC 2397 data URL, or
 * the file content itself as a plain string. Error messages never contain the content.
 */
export function decodeTokenFile(value: string): DecodedTokenFile {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`No content token file was given. ${WHERE_TO_GET_IT}`);
  }
  const trimmed = value.trim();
  if (!/^data:/i.test(trimmed)) {
    return { content: value, size: Buffer.byteLength(value, 'utf8') };
  }

  const comma = trimmed.indexOf(',');
  if (comma < 0) {
    throw new InputError(
      `The content token file could not be read: the uploaded data has no content part (a data URL needs a comma before the content). ${WHERE_TO_GET_IT}`,
    );
  }
  const params = trimmed.slice('data:'.length, comma).split(';');
  const payload = trimmed.slice(comma + 1);

  let fileName: string | undefined;
  let isBase64 = false;
  for (const param of params.slice(1)) {
    if (param.toLowerCase() === 'base64') {
      isBase64 = true;
    } else if (param.toLowerCase().startsWith('name=')) {
      fileName = decodePercent(param.slice('name='.length)) ?? undefined;
    }
  }
  const what = fileName ? `The file ${fileName}` : 'The content token file';

  let content: string;
  if (isBase64) {
    const compact = payload.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
      throw new InputError(
        `${what} could not be read: the uploaded data is marked as Base64 but is not valid Base64. ${WHERE_TO_GET_IT}`,
      );
    }
    content = Buffer.from(compact, 'base64').toString('utf8');
  } else {
    const decoded = decodePercent(payload);
    if (decoded === undefined) {
      throw new InputError(
        `${what} could not be read: the uploaded data contains an invalid %-escape. ${WHERE_TO_GET_IT}`,
      );
    }
    content = decoded;
  }

  if (content.trim() === '') {
    throw new InputError(`${what} is empty. ${WHERE_TO_GET_IT}`);
  }
  return { content, fileName, size: Buffer.byteLength(content, 'utf8') };
}

function decodePercent(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Describes the file for logs, without its content. */
export function describeTokenFile(file: DecodedTokenFile): string {
  return file.fileName
    ? `the file ${file.fileName} (${file.size} bytes)`
    : `the uploaded token file (${file.size} bytes)`;
}

/**
 * A short, non-reversible fingerprint of the file, for checkpoint keys, so a retried
 * task does not repeat a change it already made for the same file.
 */
export function tokenFileFingerprint(file: DecodedTokenFile): string {
  return createHash('sha256').update(file.content).digest('hex').slice(0, 16);
}

const ENTITY_REF = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/;

/**
 * Normalizes the owner to a full group entity ref (`group:<namespace>/<name>`).
 * Accepts what OwnerPicker sends (`group:default/tokyo-it`) and short forms.
 */
export function normalizeGroupRef(value: string): string {
  const match = ENTITY_REF.exec(value?.trim() ?? '');
  if (!match) {
    throw new InputError(
      `The owner "${value}" is not a group reference; choose a group such as group:default/tokyo-it.`,
    );
  }
  const [, kind = 'group', namespace = 'default', name] = match;
  if (kind.toLowerCase() !== 'group') {
    throw new InputError(
      `The owner must be a group, such as group:default/tokyo-it, but "${value}" is a ${kind}. Tokens are owned by the team that renews them.`,
    );
  }
  return `group:${namespace}/${name}`;
}

/**
 * Reads the token id from the `token` input: the token's catalog entity ref
 * (`resource:default/vpp-token-<id>`, as EntityPicker sends it) or a bare token id.
 * `purpose` completes the message when no token was chosen ("Choose the content token
 * to <purpose>.").
 */
export function parseTokenRef(value: string, purpose = 'renew'): string {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) {
    throw new InputError(`Choose the content token to ${purpose}.`);
  }
  if (!trimmed.includes(':') && !trimmed.includes('/')) {
    return trimmed;
  }
  const match = ENTITY_REF.exec(trimmed);
  const prefix = vppTokenEntityName('');
  if (
    !match ||
    (match[1] && match[1].toLowerCase() !== 'resource') ||
    !match[3].startsWith(prefix) ||
    match[3].length === prefix.length
  ) {
    throw new InputError(
      `"${trimmed}" is not a content token. Choose a token from the catalog (resource:default/${prefix}<id>) or give the token id.`,
    );
  }
  return match[3].slice(prefix.length);
}

/** The catalog entity ref of a token. */
export function tokenEntityRef(tokenId: string): string {
  return `resource:default/${vppTokenEntityName(tokenId)}`;
}

/**
 * A vpp API client that acts as the user who started the task: every call carries a
 * plugin-to-plugin token issued on behalf of the initiator's credentials.
 */
export function createVppClientFor(
  credentials: BackstageCredentials,
  options: VppActionOptions,
): VppApiClient {
  const { auth, discovery } = options;
  return new VppApiClient({
    discoveryApi: discovery,
    getToken: async () => {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'vpp',
      });
      return token;
    },
  });
}

/**
 * Runs a call to the vpp backend and turns its failures into errors whose message is
 * the backend's own sentence, of the matching Backstage error type.
 */
export async function callVpp<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toActionError(error);
  }
}

function isResponseError(error: unknown): error is ResponseError {
  return isError(error) && error.name === 'ResponseError';
}

function toActionError(error: unknown): Error {
  if (!isError(error)) {
    return new Error(`The call to the vpp backend failed: ${String(error)}`);
  }
  if (error.name === 'TypeError') {
    // fetch() rejects with a TypeError when the backend cannot be reached at all.
    return new Error(
      `Could not reach the vpp backend (${error.message}). Try again, or ask an administrator to check that the vpp plugin is running.`,
    );
  }
  if (!isResponseError(error)) {
    return error;
  }
  const message =
    error.body?.error?.message || error.cause?.message || error.message;
  switch (error.statusCode) {
    case 400:
      return new InputError(message);
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new Error(message);
  }
}

/** The outputs both actions share, as a JSON value for checkpoints. */
export type TokenSummary = {
  tokenId: string;
  entityRef: string;
  displayName: string;
  locationName: string;
  orgName: string;
  expiresAt: string;
};

export function summarize(token: VppToken): TokenSummary {
  return {
    tokenId: token.id,
    entityRef: tokenEntityRef(token.id),
    displayName: token.displayName,
    locationName: token.locationName,
    orgName: token.orgName,
    expiresAt: token.expiresAt,
  };
}

/** `2027-03-31T00:00:00.000Z` → `2027-03-31`, for messages. */
export function day(isoInstant: string): string {
  return isoInstant.slice(0, 10);
}
