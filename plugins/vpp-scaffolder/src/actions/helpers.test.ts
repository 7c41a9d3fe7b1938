import { ResponseError } from '@backstage/errors';
import {
  callVpp,
  decodeTokenFile,
  normalizeGroupRef,
  parseTokenRef,
  tokenFileFingerprint,
} from './helpers';
import {
  EXAMPLE_TOKEN_DATA_URL,
  EXAMPLE_TOKEN_FILE,
} from './exampleTokenFiles';

describe('decodeTokenFile', () => {
  it('decodes the data URL of the rjsf file widget, with the file name', () => {
    expect(decodeTokenFile(EXAMPLE_TOKEN_DATA_URL)).toEqual({
      content: EXAMPLE_TOKEN_FILE,
      fileName: 'sToken_for_Tokyo HQ.vpptoken',
      size: EXAMPLE_TOKEN_FILE.length,
    });
  });

  it('decodes a data URL without media type or name', () => {
    const url = `data:;base64,${Buffer.from('abc').toString('base64')}`;
    expect(decodeTokenFile(url)).toEqual({ content: 'abc', size: 3 });
  });

  it('decodes a percent-encoded (non-Base64) data URL', () => {
    expect(decodeTokenFile('data:text/plain,eyJ0%20b2tlbiI6')).toEqual({
      content: 'eyJ0 b2tlbiI6',
      size: 13,
    });
  });

  it('accepts the file content as a plain string', () => {
    expect(decodeTokenFile(EXAMPLE_TOKEN_FILE)).toEqual({
      content: EXAMPLE_TOKEN_FILE,
      size: EXAMPLE_TOKEN_FILE.length,
    });
  });

  it.each([
    ['an empty value', '', /No content token file was given/],
    ['blank text', '  \n', /No content token file was given/],
    [
      'a data URL without a comma',
      'data:application/octet-stream;base64',
      /has no content part/,
    ],
    [
      'invalid Base64',
      'data:application/octet-stream;name=a.vpptoken;base64,not*base64!',
      /The file a\.vpptoken could not be read: .* not valid Base64/,
    ],
    [
      'truncated Base64',
      'data:application/octet-stream;base64,QUJDR',
      /not valid Base64/,
    ],
    ['a bad %-escape', 'data:text/plain,%E0%A4%A', /invalid %-escape/],
    [
      'an empty file',
      'data:application/octet-stream;name=empty.vpptoken;base64,',
      /The file empty\.vpptoken is empty/,
    ],
  ])('refuses %s with an InputError', (_, value, message) => {
    expect(() => decodeTokenFile(value)).toThrow(message);
    expect(() => decodeTokenFile(value)).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });

  it('says where to get the file', () => {
    expect(() => decodeTokenFile('')).toThrow(/Apple Business Manager/);
  });

  it('fingerprints without revealing the content', () => {
    const fingerprint = tokenFileFingerprint(
      decodeTokenFile(EXAMPLE_TOKEN_FILE),
    );
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(EXAMPLE_TOKEN_FILE).not.toContain(fingerprint);
  });
});

describe('parseTokenRef', () => {
  it.each([
    ['resource:default/vpp-token-abc-123', 'abc-123'],
    ['Resource:default/vpp-token-abc-123', 'abc-123'],
    ['resource:vpp-token-abc', 'abc'],
    ['default/vpp-token-abc', 'abc'],
    ['abc-123', 'abc-123'],
    ['  abc-123 ', 'abc-123'],
  ])('reads %s as token %s', (value, id) => {
    expect(parseTokenRef(value)).toBe(id);
  });

  it.each([
    ['component:default/vpp-token-abc'],
    ['resource:default/database'],
    ['resource:default/vpp-token-'],
    ['a:b:c'],
  ])('refuses %s', value => {
    expect(() => parseTokenRef(value)).toThrow(/is not a content token/);
  });

  it('asks for a token when none is given', () => {
    expect(() => parseTokenRef('')).toThrow(
      'Choose the content token to renew.',
    );
  });

  it('says what the token is chosen for', () => {
    expect(() => parseTokenRef('  ', 'sync')).toThrow(
      'Choose the content token to sync.',
    );
  });
});

describe('normalizeGroupRef', () => {
  it.each([
    ['group:default/tokyo-it', 'group:default/tokyo-it'],
    ['Group:default/tokyo-it', 'group:default/tokyo-it'],
    ['group:tokyo-it', 'group:default/tokyo-it'],
    ['tokyo-it', 'group:default/tokyo-it'],
    ['corp/tokyo-it', 'group:corp/tokyo-it'],
  ])('reads %s as %s', (value, ref) => {
    expect(normalizeGroupRef(value)).toBe(ref);
  });

  it('refuses users and other kinds', () => {
    expect(() => normalizeGroupRef('user:default/aiko')).toThrow(
      'The owner must be a group, such as group:default/tokyo-it, but "user:default/aiko" is a user.',
    );
  });

  it('refuses malformed refs', () => {
    expect(() => normalizeGroupRef('a:b:c')).toThrow(
      /is not a group reference/,
    );
  });
});

describe('callVpp', () => {
  async function responseError(status: number, body: unknown) {
    return ResponseError.fromResponse(
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
  }

  it.each([
    [400, 'InputError'],
    [401, 'AuthenticationError'],
    [403, 'NotAllowedError'],
    [404, 'NotFoundError'],
    [409, 'ConflictError'],
    [500, 'Error'],
  ])(
    'turns a %s answer into a %s with the backend sentence',
    async (status, name) => {
      const error = await responseError(status, {
        error: { name: 'X', message: 'A sentence a person can act on.' },
        response: { statusCode: status },
      });
      await expect(callVpp(() => Promise.reject(error))).rejects.toMatchObject({
        name,
        message: 'A sentence a person can act on.',
      });
    },
  );

  it('explains an unreachable backend', async () => {
    await expect(
      callVpp(() => Promise.reject(new TypeError('fetch failed'))),
    ).rejects.toThrow(/Could not reach the vpp backend \(fetch failed\)/);
  });

  it('passes other errors through', async () => {
    const error = new Error('other');
    await expect(callVpp(() => Promise.reject(error))).rejects.toBe(error);
  });
});
