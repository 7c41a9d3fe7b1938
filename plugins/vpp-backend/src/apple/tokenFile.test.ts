import {
  EmptyTokenFileError,
  InvalidExpiryTokenFileError,
  MAX_TOKEN_FILE_BYTES,
  MissingKeyTokenFileError,
  NotAnObjectTokenFileError,
  NotBase64TokenFileError,
  NotJsonTokenFileError,
  TokenFileError,
  TokenFileTooLargeError,
  WrongFieldTypeTokenFileError,
  WrongFileTypeError,
  buildTokenFileContent,
  detectWrongFileType,
  parseAppleDate,
  parseTokenFile,
} from './tokenFile';

const SECRET = 'VGhpcyBpcyBub3QgYSByZWFsIHRva2Vu';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function expectTokenError<T extends TokenFileError>(
  content: string | Buffer,
  type: new (...args: any[]) => T,
  code: string,
): T {
  let caught: unknown;
  try {
    parseTokenFile(content);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  expect(caught).toBeInstanceOf(TokenFileError);
  const error = caught as T;
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(20);
  // Actionable, and in Japanese too.
  expect(error.message).toMatch(/Apple Business Manager/);
  expect(error.localizedMessage('ja')).toMatch(/[ぁ-んァ-ン]/);
  expect(error.localizedMessage('ja')).not.toBe(error.message);
  // Never echoes the secret.
  expect(error.message).not.toContain(SECRET);
  return error;
}

describe('parseTokenFile', () => {
  const compact = buildTokenFileContent({
    token: SECRET,
    expDate: '2030-11-08T22:33:22+0000',
    orgName: 'ORG12345',
  });

  it('parses a compact token', () => {
    const parsed = parseTokenFile(compact);
    expect(parsed).toEqual({
      bearer: compact,
      orgName: 'ORG12345',
      expiresAt: new Date('2030-11-08T22:33:22Z'),
      expiresAtIso: '2030-11-08T22:33:22.000Z',
      expDate: '2030-11-08T22:33:22+0000',
      secret: SECRET,
    });
  });

  it('accepts pretty-printed JSON inside the Base64 (Apple sample style)', () => {
    const pretty = b64(
      `{\n  "token" : "${SECRET}",\n  "expDate" : "2014-08-15T18:13:52-0700",\n  "orgName" : "Example Inc."\n}\n`,
    );
    const parsed = parseTokenFile(pretty);
    expect(parsed.orgName).toBe('Example Inc.');
    expect(parsed.expiresAt.toISOString()).toBe('2014-08-16T01:13:52.000Z');
    expect(parsed.bearer).toBe(pretty);
  });

  it('trims trailing whitespace/newlines (and a BOM) but keeps the rest byte-identical', () => {
    expect(parseTokenFile(`${compact}\n`).bearer).toBe(compact);
    expect(parseTokenFile(`${compact}\r\n  \t`).bearer).toBe(compact);
    expect(parseTokenFile(`\uFEFF${compact}\n`).bearer).toBe(compact);
    expect(parseTokenFile(Buffer.from(`${compact}\n`)).bearer).toBe(compact);
  });

  it('accepts a Buffer', () => {
    expect(parseTokenFile(Buffer.from(compact)).secret).toBe(SECRET);
  });

  it('rejects empty files', () => {
    expect.hasAssertions();
    expectTokenError('', EmptyTokenFileError, 'empty');
    expectTokenError('  \n\t', EmptyTokenFileError, 'empty');
    expectTokenError(Buffer.alloc(0), EmptyTokenFileError, 'empty');
  });

  it('rejects files over 64 KiB', () => {
    const big = 'A'.repeat(MAX_TOKEN_FILE_BYTES + 1);
    const error = expectTokenError(big, TokenFileTooLargeError, 'too-large');
    expect(error.sizeBytes).toBe(MAX_TOKEN_FILE_BYTES + 1);
    expect(error.message).toContain('64 KiB');
    expectTokenError(
      Buffer.alloc(200_000, 0x41),
      TokenFileTooLargeError,
      'too-large',
    );
  });

  it.each([
    [
      'png',
      Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13,
      ]),
    ],
    ['zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0])],
    ['pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')],
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46])],
    ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0])],
    ['binary-plist', Buffer.from('bplist00\xd1\x01\x02', 'latin1')],
    ['xml', Buffer.from('<?xml version="1.0"?>\n<plist></plist>')],
    ['binary', Buffer.from([0x41, 0x42, 0x00, 0x43, 0x44])],
  ])('rejects a %s file as the wrong type', (type, bytes) => {
    expect(detectWrongFileType(bytes)).toBe(type);
    const error = expectTokenError(
      bytes,
      WrongFileTypeError,
      'wrong-file-type',
    );
    expect(error.detectedType).toBe(type);
  });

  it('recognises a PNG that was already decoded to a string', () => {
    const asString = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13,
    ]).toString('utf8');
    const error = expectTokenError(
      asString,
      WrongFileTypeError,
      'wrong-file-type',
    );
    expect(error.detectedType).toBe('png');
    expect(error.message).toContain('PNG');
  });

  it('does not flag a real token as a wrong file type', () => {
    expect(detectWrongFileType(compact)).toBeUndefined();
    expect(detectWrongFileType(Buffer.from(compact))).toBeUndefined();
  });

  it('rejects text that is not Base64', () => {
    expect(
      expectTokenError('hello, world!', NotBase64TokenFileError, 'not-base64')
        .detail,
    ).toBe('invalid-characters');
    expect(
      expectTokenError(
        `${compact.slice(0, 20)}\n${compact.slice(20)}`,
        NotBase64TokenFileError,
        'not-base64',
      ).detail,
    ).toBe('line-breaks');
    expect(
      expectTokenError('abcde', NotBase64TokenFileError, 'not-base64').detail,
    ).toBe('bad-length');
  });

  it('rejects Base64 that does not decode to JSON', () => {
    expect.hasAssertions();
    expectTokenError(
      b64('this is not json'),
      NotJsonTokenFileError,
      'not-json',
    );
    expectTokenError(
      Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x01]).toString('base64'),
      NotJsonTokenFileError,
      'not-json',
    );
  });

  it.each([
    ['[1,2,3]', 'an array'],
    ['"just a string"', 'string'],
    ['42', 'a number'],
    ['null', 'null'],
  ])('rejects JSON that is not an object: %s', (json, typeName) => {
    const error = expectTokenError(
      b64(json),
      NotAnObjectTokenFileError,
      'not-an-object',
    );
    expect(error.actualType).toBe(typeName);
  });

  it('rejects a key of the wrong type', () => {
    const error = expectTokenError(
      b64(
        JSON.stringify({
          token: 12345678,
          expDate: '2030-11-08T22:33:22+0000',
          orgName: 'x',
        }),
      ),
      WrongFieldTypeTokenFileError,
      'wrong-field-type',
    );
    expect(error.key).toBe('token');
    expect(error.message).toContain('"token"');
  });

  it('names the missing key', () => {
    const one = expectTokenError(
      b64(JSON.stringify({ token: SECRET, orgName: 'Acme' })),
      MissingKeyTokenFileError,
      'missing-key',
    );
    expect(one.key).toBe('expDate');
    expect(one.message).toContain('"expDate"');
    const two = expectTokenError(
      b64(JSON.stringify({ expDate: '2030-11-08T22:33:22+0000', orgName: '' })),
      MissingKeyTokenFileError,
      'missing-key',
    );
    expect(two.keys).toEqual(['token', 'orgName']);
    expect(two.message).toContain('"token", "orgName"');
  });

  it.each([
    'tomorrow',
    '2030-13-01T00:00:00+0000',
    '2030-02-30T00:00:00+0000',
    '08/11/2030',
  ])('rejects an unparseable expDate: %s', expDate => {
    const error = expectTokenError(
      buildTokenFileContent({ token: SECRET, expDate, orgName: 'Acme' }),
      InvalidExpiryTokenFileError,
      'invalid-expiry',
    );
    expect(error.value).toBe(expDate);
  });
});

describe('parseAppleDate', () => {
  it.each([
    ['2030-11-08T22:33:22+0000', '2030-11-08T22:33:22.000Z'],
    ['2014-08-15T18:13:52-0700', '2014-08-16T01:13:52.000Z'],
    ['2030-11-08T22:33:22+05:30', '2030-11-08T17:03:22.000Z'],
    ['2030-11-08T22:33:22Z', '2030-11-08T22:33:22.000Z'],
    ['2030-11-08T22:33:22.123+0000', '2030-11-08T22:33:22.123Z'],
  ])('%s → %s', (input, iso) => {
    expect(parseAppleDate(input)?.toISOString()).toBe(iso);
  });

  it('returns undefined for other text', () => {
    expect(parseAppleDate('2030-11-08')).toBeUndefined();
    expect(parseAppleDate('')).toBeUndefined();
  });
});
