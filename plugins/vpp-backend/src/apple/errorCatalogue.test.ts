import { APPLE_ERROR_CATALOGUE, explainAppleError } from './errorCatalogue';
import { AppleVppError, classifyAppleError } from './errors';

/** §4.2 synchronous v2 errors, the asynchronous ones, and the legacy ones of §4.3. */
const V2_SYNC = [
  9601, 9602, 9603, 9609, 9621, 9625, 9634, 9646, 9650, 9700, 9701, 9702, 9703,
  9704, 9705, 9706, 9707, 9708, 9710, 9711, 9712, 9713, 9714, 9715, 9717, 9718,
  9719, 9720, 9721, 9722, 9723, 9724, 9725, 9726, 9727, 9728,
];
const V2_ASYNC = [9603, 9609, 9709, 9716];
const LEGACY = [
  9600, 9604, 9607, 9610, 9616, 9619, 9622, 9624, 9626, 9628, 9630, 9631, 9632,
  9643, 9644,
];

describe('error catalogue', () => {
  it.each([...new Set([...V2_SYNC, ...V2_ASYNC, ...LEGACY])])(
    'explains %i in English and Japanese',
    errorNumber => {
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
    },
  );

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

  it('has a fallback for numbers Apple adds later', () => {
    const unknown = explainAppleError(9999, 'en');
    expect(unknown.known).toBe(false);
    expect(unknown.text).toContain('9999');
    expect(explainAppleError(9999, 'ja').text).toContain('9999');
  });
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
