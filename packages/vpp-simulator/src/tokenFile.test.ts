import { formatAppleDate, parseIsoDate } from './dates';
import { decodeTokenFile, encodeTokenFile } from './tokenFile';

describe('Apple dates', () => {
  it('formats in UTC with a colon-less offset', () => {
    expect(formatAppleDate(new Date('2030-11-08T22:33:22.456Z'))).toBe(
      '2030-11-08T22:33:22+0000',
    );
  });

  it('parses Apple’s offsets with and without colon', () => {
    expect(parseIsoDate('2030-11-08T22:33:22+0000')?.toISOString()).toBe(
      '2030-11-08T22:33:22.000Z',
    );
    expect(parseIsoDate('2014-08-15T18:13:52-0700')?.toISOString()).toBe(
      '2014-08-16T01:13:52.000Z',
    );
    expect(parseIsoDate('2030-01-01T00:00:00+09:00')?.toISOString()).toBe(
      '2029-12-31T15:00:00.000Z',
    );
    expect(parseIsoDate('not a date')).toBeUndefined();
  });
});

describe('.vpptoken files', () => {
  it('are Base64 of JSON {token, expDate, orgName}', () => {
    const content = encodeTokenFile({
      token: 'c2VjcmV0',
      expDate: new Date('2031-03-01T10:00:00Z'),
      orgName: 'Acme Corp',
    });
    expect(content).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(Buffer.from(content, 'base64').toString('utf8'))).toEqual(
      {
        token: 'c2VjcmV0',
        expDate: '2031-03-01T10:00:00+0000',
        orgName: 'Acme Corp',
      },
    );
    const decoded = decodeTokenFile(`${content}\n`);
    expect(decoded.orgName).toBe('Acme Corp');
    expect(decoded.expiresAt.toISOString()).toBe('2031-03-01T10:00:00.000Z');
  });

  it('decodes Apple’s pretty-printed sample and rejects other files', () => {
    const pretty = Buffer.from(
      '{\n  "token": "abc",\n  "expDate": "2014-08-15T18:13:52-0700",\n  "orgName": "ORG12345"\n}',
    ).toString('base64');
    expect(decodeTokenFile(pretty).token).toBe('abc');
    expect(() =>
      decodeTokenFile(Buffer.from('{"token":"x"}').toString('base64')),
    ).toThrow(/missing/);
  });
});
