import { DateTime } from 'luxon';

/**
 * Parser for Apple content token files (`.vpptoken`, "sToken").
 *
 * A token file is a Base64 string; decoded it is a JSON object `{token, expDate, orgName}` (Apple's
 * own sample is pretty-printed, so whitespace inside the JSON is normal). What is sent to Apple as
 * `Authorization: Bearer …` is the whole file content, trimmed, otherwise byte-identical.
 */

/** Largest file accepted. Real token files are well under 1 KiB. */
export const MAX_TOKEN_FILE_BYTES = 64 * 1024;

export type TokenFileErrorCode =
  | 'empty'
  | 'too-large'
  | 'wrong-file-type'
  | 'not-base64'
  | 'not-json'
  | 'not-an-object'
  | 'wrong-field-type'
  | 'missing-key'
  | 'invalid-expiry';

type Localized = { en: string; ja: string };

/**
 * Base class of every token-file problem. `message` is English; {@link TokenFileError.localizedMessage}
 * gives Japanese too. Messages never contain the file content.
 */
export class TokenFileError extends Error {
  override name = 'TokenFileError';
  readonly code: TokenFileErrorCode;
  readonly #messages: Localized;

  constructor(code: TokenFileErrorCode, messages: Localized) {
    super(messages.en);
    this.code = code;
    this.#messages = messages;
  }

  localizedMessage(locale: 'en' | 'ja' = 'en'): string {
    return locale === 'ja' ? this.#messages.ja : this.#messages.en;
  }
}

const DOWNLOAD_HINT_EN =
  'Download the content token again in Apple Business Manager under Preferences → Payments and Billing → Apps and Books, and upload the .vpptoken file without opening or editing it.';
const DOWNLOAD_HINT_JA =
  'Apple Business Manager の「環境設定」→「お支払いと請求」→「App とブック」でコンテンツトークンをもう一度ダウンロードし、開いたり編集したりせずに .vpptoken ファイルをアップロードしてください。';

export class EmptyTokenFileError extends TokenFileError {
  override name = 'EmptyTokenFileError';
  constructor() {
    super('empty', {
      en: `The token file is empty. ${DOWNLOAD_HINT_EN}`,
      ja: `トークンファイルが空です。${DOWNLOAD_HINT_JA}`,
    });
  }
}

export class TokenFileTooLargeError extends TokenFileError {
  override name = 'TokenFileTooLargeError';
  readonly sizeBytes: number;
  constructor(sizeBytes: number) {
    super('too-large', {
      en: `The file is ${formatSize(
        sizeBytes,
      )}, but a content token file is at most 64 KiB (usually under 1 KiB). This is probably not a .vpptoken file. ${DOWNLOAD_HINT_EN}`,
      ja: `ファイルサイズが ${formatSize(
        sizeBytes,
      )} ですが、コンテンツトークンファイルは最大 64 KiB(通常は 1 KiB 未満)です。.vpptoken ファイルではない可能性があります。${DOWNLOAD_HINT_JA}`,
    });
    this.sizeBytes = sizeBytes;
  }
}

export type DetectedFileType =
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'pdf'
  | 'zip'
  | 'gzip'
  | 'heic'
  | 'binary-plist'
  | 'xml'
  | 'html'
  | 'der-certificate'
  | 'utf16-text'
  | 'binary';

const FILE_TYPE_NAMES: Record<DetectedFileType, Localized> = {
  png: { en: 'a PNG image', ja: 'PNG 画像' },
  jpeg: { en: 'a JPEG image', ja: 'JPEG 画像' },
  gif: { en: 'a GIF image', ja: 'GIF 画像' },
  pdf: { en: 'a PDF document', ja: 'PDF 文書' },
  zip: {
    en: 'a ZIP archive (or an Office document or app package)',
    ja: 'ZIP アーカイブ(または Office 文書やアプリパッケージ)',
  },
  gzip: { en: 'a compressed (gzip) file', ja: '圧縮(gzip)ファイル' },
  heic: { en: 'a HEIC/HEIF image', ja: 'HEIC/HEIF 画像' },
  'binary-plist': {
    en: 'a binary property list',
    ja: 'バイナリ形式のプロパティリスト',
  },
  xml: {
    en: 'an XML file (for example a configuration profile or property list)',
    ja: 'XML ファイル(構成プロファイルやプロパティリストなど)',
  },
  html: {
    en: 'an HTML page (perhaps a saved web page instead of the download)',
    ja: 'HTML ページ(ダウンロードしたファイルではなく保存した Web ページかもしれません)',
  },
  'der-certificate': {
    en: 'a certificate or key file',
    ja: '証明書または鍵のファイル',
  },
  'utf16-text': {
    en: 'a text file saved as UTF-16 (re-saved by an editor)',
    ja: 'UTF-16 で保存されたテキストファイル(エディタで保存し直されたもの)',
  },
  binary: { en: 'a binary file', ja: 'バイナリファイル' },
};

export class WrongFileTypeError extends TokenFileError {
  override name = 'WrongFileTypeError';
  readonly detectedType: DetectedFileType;
  constructor(detectedType: DetectedFileType) {
    const names = FILE_TYPE_NAMES[detectedType];
    super('wrong-file-type', {
      en: `This looks like ${names.en}, not a content token. A .vpptoken file is a single line of text. ${DOWNLOAD_HINT_EN}`,
      ja: `このファイルは${names.ja}のようで、コンテンツトークンではありません。.vpptoken ファイルは 1 行のテキストです。${DOWNLOAD_HINT_JA}`,
    });
    this.detectedType = detectedType;
  }
}

export class NotBase64TokenFileError extends TokenFileError {
  override name = 'NotBase64TokenFileError';
  readonly detail: 'invalid-characters' | 'line-breaks' | 'bad-length';
  constructor(detail: 'invalid-characters' | 'line-breaks' | 'bad-length') {
    const why: Record<typeof detail, Localized> = {
      'invalid-characters': {
        en: 'it contains characters that cannot appear in Base64 text',
        ja: 'Base64 のテキストに使えない文字が含まれています',
      },
      'line-breaks': {
        en: 'it contains line breaks or spaces in the middle (a token file is a single line)',
        ja: '途中に改行や空白が含まれています(トークンファイルは 1 行です)',
      },
      'bad-length': {
        en: 'its length is not valid for Base64 text (it may be cut short)',
        ja: 'Base64 のテキストとして長さが不正です(途中で切れている可能性があります)',
      },
    };
    super('not-base64', {
      en: `The file is not a content token: ${why[detail].en}. ${DOWNLOAD_HINT_EN}`,
      ja: `このファイルはコンテンツトークンではありません。${why[detail].ja}。${DOWNLOAD_HINT_JA}`,
    });
    this.detail = detail;
  }
}

export class NotJsonTokenFileError extends TokenFileError {
  override name = 'NotJsonTokenFileError';
  constructor() {
    super('not-json', {
      en: `The file is Base64 text, but its decoded content is not the JSON a content token contains. The file may be damaged or be a different kind of file. ${DOWNLOAD_HINT_EN}`,
      ja: `ファイルは Base64 のテキストですが、デコードした内容がコンテンツトークンの JSON ではありません。ファイルが破損しているか、別の種類のファイルの可能性があります。${DOWNLOAD_HINT_JA}`,
    });
  }
}

export class NotAnObjectTokenFileError extends TokenFileError {
  override name = 'NotAnObjectTokenFileError';
  readonly actualType: string;
  constructor(actualType: string) {
    super('not-an-object', {
      en: `The decoded token is JSON of the wrong type (${actualType}); a content token is an object with "token", "expDate" and "orgName". ${DOWNLOAD_HINT_EN}`,
      ja: `デコードしたトークンの JSON の型が違います(${actualType})。コンテンツトークンは "token"、"expDate"、"orgName" を持つオブジェクトです。${DOWNLOAD_HINT_JA}`,
    });
    this.actualType = actualType;
  }
}

export class WrongFieldTypeTokenFileError extends TokenFileError {
  override name = 'WrongFieldTypeTokenFileError';
  readonly key: string;
  readonly actualType: string;
  constructor(key: string, actualType: string) {
    super('wrong-field-type', {
      en: `The token field "${key}" should be text but is ${actualType}. The file is damaged or edited. ${DOWNLOAD_HINT_EN}`,
      ja: `トークンのフィールド "${key}" はテキストであるべきですが、${actualType} になっています。ファイルが破損しているか編集されています。${DOWNLOAD_HINT_JA}`,
    });
    this.key = key;
    this.actualType = actualType;
  }
}

export class MissingKeyTokenFileError extends TokenFileError {
  override name = 'MissingKeyTokenFileError';
  /** First missing key. */
  readonly key: string;
  /** All missing keys. */
  readonly keys: string[];
  constructor(keys: string[]) {
    const list = keys.map(k => `"${k}"`).join(', ');
    super('missing-key', {
      en: `The content token is missing ${
        keys.length > 1 ? 'the keys' : 'the key'
      } ${list}. The file is incomplete or edited. ${DOWNLOAD_HINT_EN}`,
      ja: `コンテンツトークンにキー ${list} がありません。ファイルが不完全か編集されています。${DOWNLOAD_HINT_JA}`,
    });
    this.key = keys[0];
    this.keys = keys;
  }
}

export class InvalidExpiryTokenFileError extends TokenFileError {
  override name = 'InvalidExpiryTokenFileError';
  /** The `expDate` text as found (not secret). */
  readonly value: string;
  constructor(value: string) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    super('invalid-expiry', {
      en: `The token's expiry date "${shown}" cannot be read (expected a date like 2030-11-08T22:33:22+0000). The file is damaged or edited. ${DOWNLOAD_HINT_EN}`,
      ja: `トークンの有効期限 "${shown}" を読み取れません(2030-11-08T22:33:22+0000 のような日時である必要があります)。ファイルが破損しているか編集されています。${DOWNLOAD_HINT_JA}`,
    });
    this.value = value;
  }
}

/** The result of {@link parseTokenFile}. `bearer` and `secret` are secrets: never log them. */
export interface ParsedTokenFile {
  /** Value for `Authorization: Bearer …`: the file content, trimmed, otherwise byte-identical. */
  bearer: string;
  orgName: string;
  /** Expiry from `expDate`. */
  expiresAt: Date;
  /** Expiry as ISO-8601 in UTC, e.g. `2030-11-08T22:33:22.000Z`. */
  expiresAtIso: string;
  /** `expDate` exactly as written in the file. */
  expDate: string;
  /** The inner `token` field (opaque). */
  secret: string;
}

/**
 * Recognises files that are clearly not a token (images, archives, PDFs, binary data) from their
 * first bytes. Returns `undefined` when the content looks like text.
 */
export function detectWrongFileType(
  content: string | Buffer | Uint8Array,
): DetectedFileType | undefined {
  if (typeof content === 'string' && /^\uFFFDPNG/.test(content)) {
    // A PNG that was decoded as UTF-8 on the way in (its first byte became U+FFFD).
    return 'png';
  }
  const bytes =
    typeof content === 'string'
      ? Buffer.from(
          Array.from(content.slice(0, 512), c =>
            c.charCodeAt(0) > 0xff ? 0x3f : c.charCodeAt(0),
          ),
        )
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const head = bytes.subarray(0, 512);
  const startsWith = (...sig: number[]) =>
    sig.every((b, i) => head.length > i && head[i] === b);
  const ascii = head.subarray(0, 64).toString('latin1');

  if (startsWith(0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (startsWith(0xff, 0xd8, 0xff)) return 'jpeg';
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'gif';
  if (ascii.startsWith('%PDF')) return 'pdf';
  if (startsWith(0x50, 0x4b, 0x03, 0x04) || startsWith(0x50, 0x4b, 0x05, 0x06))
    return 'zip';
  if (startsWith(0x1f, 0x8b)) return 'gzip';
  if (ascii.slice(4, 8) === 'ftyp') return 'heic';
  if (ascii.startsWith('bplist')) return 'binary-plist';
  if (startsWith(0xff, 0xfe) || startsWith(0xfe, 0xff)) return 'utf16-text';
  if (startsWith(0x30, 0x82)) return 'der-certificate';

  const text = ascii
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (text.startsWith('<?xml') || text.startsWith('<plist')) return 'xml';
  if (text.startsWith('<!doctype html') || text.startsWith('<html'))
    return 'html';

  if (typeof content === 'string' && content.slice(0, 512).includes('\uFFFD')) {
    // Binary data that was decoded as UTF-8 on the way in.
    return 'binary';
  }
  // Control characters other than tab/CR/LF, or NUL anywhere → binary.
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return 'binary';
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) {
      control++;
    }
  }
  if (head.length > 0 && control / head.length > 0.05) return 'binary';
  return undefined;
}

const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;
const EXP_DATE_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Parses Apple's `expDate` / `tokenExpirationDate` format (`2030-11-08T22:33:22+0000`, offset
 * without colon). Also accepts `+00:00`, `Z` and fractional seconds. Returns `undefined` if the text
 * is not such a date.
 */
export function parseAppleDate(value: string): Date | undefined {
  const match = EXP_DATE_RE.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, y, mo, d, h, mi, s, frac = '', zone] = match;
  let offset = zone;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
  }
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${offset}`;
  const parsed = DateTime.fromISO(iso, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : undefined;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Parses the content of a `.vpptoken` file. Throws a {@link TokenFileError} subclass with its own
 * `code` and an actionable message for each kind of bad file.
 */
export function parseTokenFile(
  content: string | Buffer | Uint8Array,
): ParsedTokenFile {
  let text: string;
  if (typeof content === 'string') {
    const size = Buffer.byteLength(content, 'utf8');
    if (size > MAX_TOKEN_FILE_BYTES) {
      throw new TokenFileTooLargeError(size);
    }
    text = content;
  } else {
    if (content.byteLength > MAX_TOKEN_FILE_BYTES) {
      throw new TokenFileTooLargeError(content.byteLength);
    }
    const wrongType = detectWrongFileType(content);
    if (wrongType) {
      throw new WrongFileTypeError(wrongType);
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      throw new WrongFileTypeError('binary');
    }
  }

  // `trim()` also removes a leading byte-order mark (U+FEFF).
  const bearer = text.trim();
  if (bearer.length === 0) {
    throw new EmptyTokenFileError();
  }
  if (typeof content === 'string') {
    const wrongType = detectWrongFileType(bearer);
    if (wrongType) {
      throw new WrongFileTypeError(wrongType);
    }
  }
  if (!BASE64_RE.test(bearer)) {
    const withoutSpace = bearer.replace(/\s+/g, '');
    throw new NotBase64TokenFileError(
      withoutSpace !== bearer && BASE64_RE.test(withoutSpace)
        ? 'line-breaks'
        : 'invalid-characters',
    );
  }
  if (
    bearer.length % 4 === 1 ||
    (bearer.includes('=') && bearer.length % 4 !== 0)
  ) {
    throw new NotBase64TokenFileError('bad-length');
  }

  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', {
      fatal: true,
      ignoreBOM: false,
    }).decode(Buffer.from(bearer, 'base64'));
  } catch {
    throw new NotJsonTokenFileError();
  }
  let json: unknown;
  try {
    json = JSON.parse(decoded);
  } catch {
    throw new NotJsonTokenFileError();
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new NotAnObjectTokenFileError(typeName(json));
  }

  const record = json as Record<string, unknown>;
  const keys = ['token', 'expDate', 'orgName'] as const;
  const missing = keys.filter(
    key =>
      record[key] === undefined ||
      record[key] === null ||
      (typeof record[key] === 'string' &&
        (record[key] as string).trim() === ''),
  );
  if (missing.length > 0) {
    throw new MissingKeyTokenFileError(missing);
  }
  for (const key of keys) {
    if (typeof record[key] !== 'string') {
      throw new WrongFieldTypeTokenFileError(key, typeName(record[key]));
    }
  }
  const expDate = record.expDate as string;
  const expiresAt = parseAppleDate(expDate);
  if (!expiresAt) {
    throw new InvalidExpiryTokenFileError(expDate);
  }
  return {
    bearer,
    orgName: record.orgName as string,
    expiresAt,
    expiresAtIso: expiresAt.toISOString(),
    expDate,
    secret: record.token as string,
  };
}

/** Builds the content of a token file (for tests, fixtures and simulators). */
export function buildTokenFileContent(fields: {
  token: string;
  expDate: string;
  orgName: string;
}): string {
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64');
}
