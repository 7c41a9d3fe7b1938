import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPLE_ERROR_CATALOGUE, explainAppleError } from './errorCatalogue';
import { AppleVppError, classifyAppleError } from './errors';

/**
 * Apple's tables (§4.2 synchronous v2 errors with their HTTP status, the asynchronous ones, and
 * the legacy numbers of §4.3), copied into a fixture: every number in it must be explained.
 */
const TABLES = readFileSync(
  join(__dirname, '__fixtures__', 'apple-error-tables.md'),
  'utf8',
);
const DOCUMENTED = [
  ...new Set([...TABLES.matchAll(/\b9[67]\d\d\b/g)].map(m => Number(m[0]))),
].sort();
/** §4.2 rows: `| 9700 / 9701 / 9702 | meaning | 400 |` → each number with its status. */
const SYNC_STATUS = [
  ...TABLES.matchAll(/^\|\s*([\d /]+?)\s*\|.*\|\s*(\d{3})\s*\|\s*$/gm),
].flatMap(([, numbers, status]) =>
  numbers.split('/').map(n => [Number(n.trim()), Number(status)] as const),
);

describe('error catalogue', () => {
  it('reads the whole of the tables', () => {
    expect(DOCUMENTED.length).toBeGreaterThanOrEqual(55);
    expect(DOCUMENTED).toEqual(
      expect.arrayContaining([9637, 9729, 9610, 9716]),
    );
    expect(SYNC_STATUS).toEqual(
      expect.arrayContaining([
        [9637, 403],
        [9729, 503],
        [9702, 400],
      ]),
    );
  });

  it.each(DOCUMENTED)('explains %i in English and Japanese', errorNumber => {
    const entry = APPLE_ERROR_CATALOGUE[errorNumber];
    expect(entry).toBeDefined();
    const en = explainAppleError(errorNumber, 'en');
    const ja = explainAppleError(errorNumber, 'ja');
    expect(en.known).toBe(true);
    expect(en.message.length).toBeGreaterThan(15);
    expect(en.action.length).toBeGreaterThan(10);
    expect(en.text).toBe(`${en.message} ${en.action}`);
    // Japanese text really is Japanese.
    expect(ja.message).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(ja.action).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(ja.message).not.toBe(en.message);
  });

  it('explains an expired token with the renewal path', () => {
    const en = explainAppleError(9621, 'en');
    expect(en.text).toContain('The content token has expired.');
    expect(en.text).toContain(
      'Preferences → Payments and Billing → Apps and Books',
    );
    expect(en.tokenUnusable).toBe(true);
    expect(en.kind).toBe('token-expired');
    expect(explainAppleError(9621, 'ja').text).toContain(
      '有効期限が切れています',
    );
  });

  it('keeps expired and revoked distinct, and treats all token errors as unusable', () => {
    expect(explainAppleError(9625).kind).toBe('token-revoked');
    expect(explainAppleError(9625).message).not.toBe(
      explainAppleError(9621).message,
    );
    for (const n of [9601, 9621, 9622, 9625, 9722]) {
      expect(explainAppleError(n).tokenUnusable).toBe(true);
    }
    expect(explainAppleError(9709).tokenUnusable).toBe(false);
  });

  it("has a fallback for numbers Apple adds later, quoting Apple's message", () => {
    const unknown = explainAppleError(9999, 'en', 'Asset is frozen.');
    expect(unknown.known).toBe(false);
    expect(unknown.text).toContain('9999');
    expect(unknown.message).toContain('"Asset is frozen."');
    expect(unknown.action).toContain('try again');
    const ja = explainAppleError(9999, 'ja', 'Asset is frozen.');
    expect(ja.text).toContain('9999');
    expect(ja.message).toContain('「Asset is frozen.」');
    expect(explainAppleError(9999).message).not.toContain('"');
  });

  it('explains 9637 as a permission of the Apple account, not a token state', () => {
    const en = explainAppleError(9637);
    expect(en.kind).toBe('not-permitted');
    expect(en.tokenUnusable).toBe(false);
    expect(en.message).toContain('the token itself is still valid');
    expect(explainAppleError(9637, 'ja').message).toContain(
      'トークン自体は有効',
    );
  });

  it.each(SYNC_STATUS)(
    '%i with HTTP %i is classified to match its status',
    (errorNumber, status) => {
      const kind = classifyAppleError(errorNumber, status);
      const error = new AppleVppError({ kind, message: 'x', errorNumber });
      expect(error.tokenUnusable).toBe(status === 401);
      expect(error.transient).toBe(status === 429 || status >= 500);
      expect(kind === 'not-permitted').toBe(status === 403);
    },
  );
});

describe('classifyAppleError', () => {
  it.each([
    [9621, undefined, 'token-expired'],
    [9625, 401, 'token-revoked'],
    [9622, 401, 'token-invalid'],
    [9601, 401, 'token-invalid'],
    [9722, 401, 'token-invalid'],
    [9646, 429, 'rate-limited'],
    [9646, 200, 'rate-limited'],
    [9709, undefined, 'not-enough-licenses'],
    [9650, 400, 'page-out-of-range'],
    [9721, 400, 'invalid-version'],
    [9708, 400, 'not-found'],
    [9707, 400, 'invalid-request'],
    [9603, 500, 'server'],
    [9631, 400, 'throttled'],
    [9634, 410, 'service-unavailable'],
    [9637, 403, 'not-permitted'],
    [9729, 503, 'server'],
    [undefined, 403, 'not-permitted'],
    [9728, 400, 'notification-unreachable'],
    [undefined, 503, 'server'],
    [undefined, 429, 'rate-limited'],
    [undefined, 401, 'token-invalid'],
    [undefined, 404, 'invalid-request'],
    [12345, 200, 'unknown'],
  ])('%s / HTTP %s → %s', (errorNumber, status, kind) => {
    expect(classifyAppleError(errorNumber, status)).toBe(kind);
  });

  it('exposes errorInfo and the token-unusable flag', () => {
    const error = new AppleVppError({
      kind: 'invalid-request',
      message: 'x',
      errorNumber: 9707,
      errorInfo: {
        assets: [{ adamId: '1', pricingParam: 'STDQ' }],
        serialNumbers: ['S1'],
      },
    });
    expect(error.assets).toEqual([{ adamId: '1', pricingParam: 'STDQ' }]);
    expect(error.serialNumbers).toEqual(['S1']);
    expect(error.clientUserIds).toEqual([]);
    expect(error.tokenUnusable).toBe(false);
    expect(
      new AppleVppError({
        kind: 'token-revoked',
        message: 'x',
        errorNumber: 9625,
      }).tokenUnusable,
    ).toBe(true);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      errorNumber: 9707,
      kind: 'invalid-request',
    });
  });
});
