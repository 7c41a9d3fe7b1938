import { AppleVppError } from '../apple/errors';
import { AppleHoldError } from '../apple/requestHolds';
import {
  describeAppleFailure,
  tokenStateFromAppleError,
} from './appleFailures';

const error = (init: Partial<ConstructorParameters<typeof AppleVppError>[0]>) =>
  new AppleVppError({ kind: 'unknown', message: 'raw message', ...init });

describe('describeAppleFailure', () => {
  it("explains Apple's number in plain words and names it", () => {
    const text = describeAppleFailure(
      error({ kind: 'not-permitted', errorNumber: 9637, httpStatus: 403 }),
    );
    expect(text).toMatch(/facilitator account/);
    expect(text).toMatch(/\(Apple error 9637\)$/);
  });

  it("quotes Apple's message for a number it does not know", () => {
    expect(
      describeAppleFailure(
        error({ errorNumber: 9800, errorMessage: 'Something new.' }),
      ),
    ).toMatch(/^Apple reported error 9800 \("Something new\."\)/);
  });

  it('says until when Apple asked us to wait', () => {
    const hold = new AppleHoldError({
      hold: {
        scope: 'service',
        until: Date.UTC(2030, 0, 1, 10, 5),
        kind: 'server',
        errorNumber: 9729,
        httpStatus: 503,
      },
      now: Date.UTC(2030, 0, 1, 10, 0),
      method: 'GET',
      endpoint: '/assets',
      sent: false,
    });
    expect(describeAppleFailure(hold)).toMatch(
      /temporarily unavailable.*\(Apple error 9729\) Apple asked for no requests to its service before 2030-01-01 10:05:00 UTC; nothing is sent before then\.$/,
    );
  });

  it('keeps the message of failures without a number', () => {
    expect(describeAppleFailure(error({ kind: 'network' }))).toBe(
      'raw message',
    );
    expect(describeAppleFailure(new Error('plain'))).toBe('plain');
  });
});

describe('tokenStateFromAppleError', () => {
  it.each([
    ['token-expired', 'expired'],
    ['token-revoked', 'revoked'],
    ['token-invalid', 'invalid'],
    ['not-permitted', undefined],
    ['rate-limited', undefined],
    ['server', undefined],
  ] as const)('%s → %s', (kind, state) => {
    expect(tokenStateFromAppleError(error({ kind }))).toBe(state);
  });
});
