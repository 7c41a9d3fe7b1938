import {
  errorHttpStatus,
  errorResponse,
  serviceConfigErrorCodes,
  VppError,
} from './errors';

describe('error catalogue', () => {
  it('lists the numbers of Apple’s service-config example, in order', () => {
    expect(serviceConfigErrorCodes().map(e => e.errorNumber)).toEqual([
      9601, 9602, 9603, 9609, 9621, 9625, 9634, 9646, 9650, 9700, 9701, 9702,
      9703, 9704, 9705, 9706, 9707, 9708, 9709, 9710, 9711, 9712, 9713, 9714,
      9715, 9716, 9717, 9718, 9719, 9720, 9721, 9722, 9723, 9724, 9725, 9726,
      9727, 9728,
    ]);
    expect(serviceConfigErrorCodes()[0]).toEqual({
      errorMessage: 'Login required.',
      errorNumber: 9601,
    });
  });

  it.each([
    [9601, 401],
    [9602, 400],
    [9603, 500],
    [9621, 401],
    [9622, 401],
    [9625, 401],
    [9634, 410],
    [9646, 429],
    [9650, 400],
    [9700, 400],
    [9707, 400],
    [9708, 400],
    [9722, 401],
    [9726, 405],
    [9727, 415],
    [9728, 400],
    [9729, 503],
  ])('error %i has HTTP status %i', (errorNumber, status) => {
    expect(errorHttpStatus(errorNumber)).toBe(status);
    expect(new VppError(errorNumber).httpStatus).toBe(status);
  });

  it('builds ErrorResponse bodies and leaves out empty errorInfo', () => {
    expect(errorResponse(9707, {})).toEqual({
      errorNumber: 9707,
      errorMessage:
        'Asset in request is not device assignable, please send device assignable assets.',
    });
    expect(
      new VppError(9707, {
        assets: [{ adamId: '1', pricingParam: 'STDQ' }],
      }).toResponse().errorInfo,
    ).toEqual({ assets: [{ adamId: '1', pricingParam: 'STDQ' }] });
  });
});
