import { parse } from 'plist';
import {
  parsePlistValues,
  parsePlistXml,
  toPlistObject,
  toPlistXml,
} from './plistValues';

describe('parsePlistValues', () => {
  it('accepts everything a property list holds and normalises dates to UTC', () => {
    expect(
      parsePlistValues({
        url: 'https://notes.example.com',
        port: 8443,
        ratio: 0.25,
        on: false,
        since: { $date: '2027-04-01T09:00:00+09:00' },
        day: { $date: '2027-04-01' },
        list: ['a', 1, { deep: [{ $date: '2027-01-01T00:00:00Z' }] }],
        empty: {},
        'odd key': '',
      }),
    ).toEqual({
      url: 'https://notes.example.com',
      port: 8443,
      ratio: 0.25,
      on: false,
      since: { $date: '2027-04-01T00:00:00.000Z' },
      day: { $date: '2027-04-01T00:00:00.000Z' },
      list: ['a', 1, { deep: [{ $date: '2027-01-01T00:00:00.000Z' }] }],
      empty: {},
      'odd key': '',
    });
  });

  it('names the key path of every value a property list cannot hold', () => {
    expect(() =>
      parsePlistValues({
        server: { port: null },
        list: [1, [null]],
        'a.b': { $date: 'tomorrow' },
        mixed: { $date: '2027-01-01', other: 1 },
        big: 2 ** 60,
        bell: 'ring\u0007',
      }),
    ).toThrow(
      [
        'values.server.port is null; a property list has no null — leave the key out, or use an empty string.',
        'values.list[1][0] is null; a property list has no null — leave the key out, or use an empty string.',
        'values["a.b"] has "tomorrow", which is not an ISO-8601 date such as 2027-04-01T09:00:00Z.',
        'values.mixed is not a date: write a date as { "$date": "2027-04-01T09:00:00Z" }, with no other keys.',
        `values.big is too large for a property list integer (at most ${Number.MAX_SAFE_INTEGER}); write it as a string.`,
        'values.bell contains a control character a property list cannot hold.',
      ].join(' '),
    );
  });

  it('refuses a root that is not a dictionary', () => {
    expect(() => parsePlistValues(['a'])).toThrow(
      'values must be a dictionary of keys and values, not a list.',
    );
    expect(() => parsePlistValues(null)).toThrow(/not null/);
  });

  it('refuses nesting deeper than 32 levels', () => {
    let deep: Record<string, unknown> = { x: 1 };
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(() => parsePlistValues(deep)).toThrow(
      /is nested more than 32 levels deep/,
    );
  });
});

describe('parsePlistXml', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>serverURL</key><string>https://notes.example.com</string>
  <key>retries</key><integer>3</integer>
  <key>ratio</key><real>0.5</real>
  <key>managed</key><true/>
  <key>since</key><date>2027-04-01T00:00:00Z</date>
  <key>hosts</key><array><string>a</string><dict><key>b</key><false/></dict></array>
</dict>
</plist>`;

  it('reads a pasted property list, dates included', () => {
    expect(parsePlistXml(xml)).toEqual({
      serverURL: 'https://notes.example.com',
      retries: 3,
      ratio: 0.5,
      managed: true,
      since: { $date: '2027-04-01T00:00:00.000Z' },
      hosts: ['a', { b: false }],
    });
  });

  it('accepts a bare <dict> as MDM consoles show it', () => {
    expect(
      parsePlistXml('<dict><key>a</key><string>b</string></dict>'),
    ).toEqual({ a: 'b' });
  });

  it('refuses binary data, bad dates and roots that are not dictionaries', () => {
    expect(() =>
      parsePlistXml(
        '<dict><key>icon</key><data>aGk=</data><key>when</key><date>soon</date></dict>',
      ),
    ).toThrow(
      'plist.icon is binary <data>, which managed app configurations here cannot hold; use a string (for example Base64 text). plist.when is a <date> that is not a valid date.',
    );
    expect(() => parsePlistXml('<array><string>a</string></array>')).toThrow(
      'plist must have a dictionary (<dict>) at its root, not a list.',
    );
    expect(() => parsePlistXml('   ')).toThrow(/plist is empty/);
  });

  it('round-trips through XML with real dates for commands', () => {
    const values = parsePlistXml(xml);
    expect(toPlistObject(values).since).toEqual(
      new Date('2027-04-01T00:00:00Z'),
    );
    expect(parse(toPlistXml(values))).toEqual(toPlistObject(values));
    expect(parsePlistXml(toPlistXml(values))).toEqual(values);
  });
});
