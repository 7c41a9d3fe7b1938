import {
  clientConfigResponseSchema,
  errorResponseSchema,
  eventResponseSchema,
  getAssetsResponseSchema,
  getAssignmentsResponseSchema,
  getUsersResponseSchema,
  serviceConfigResponseSchema,
  statusResponseSchema,
} from './types';

describe('response schemas', () => {
  it('normalise ids, numbers and nulls, and keep unknown fields', () => {
    const page = getAssignmentsResponseSchema.parse({
      assignments: [
        {
          adamId: 361309726,
          pricingParam: 'STDQ',
          serialNumber: 'S1',
          extra: [1],
        },
        {
          adamId: '2',
          clientUserId: 42,
          serialNumber: null,
          userStatus: 'Associated',
        },
      ],
      currentPageIndex: '0',
      nextPageIndex: null,
      totalPages: 1,
      versionId: 123,
      uId: 2049025000431439,
      mdmInfo: { id: 7, name: 'X', metadata: null },
      newTopLevel: 'kept',
    });
    expect(page).toEqual({
      assignments: [
        {
          adamId: '361309726',
          pricingParam: 'STDQ',
          serialNumber: 'S1',
          extra: [1],
        },
        { adamId: '2', clientUserId: '42', userStatus: 'Associated' },
      ],
      currentPageIndex: 0,
      totalPages: 1,
      versionId: '123',
      uId: '2049025000431439',
      mdmInfo: { id: '7', name: 'X' },
      newTopLevel: 'kept',
    });
  });

  it('defaults missing arrays and keeps unlimitedAssets only when sent', () => {
    expect(getAssetsResponseSchema.parse({}).assets).toEqual([]);
    expect(getAssetsResponseSchema.parse({})).not.toHaveProperty(
      'unlimitedAssets',
    );
    const page = getAssetsResponseSchema.parse({
      assets: [
        {
          adamId: '1',
          totalCount: '10',
          deviceAssignable: 'true',
          supportedPlatforms: ['iOS'],
        },
      ],
      unlimitedAssets: [{ adamId: 2, revocable: false }],
    });
    expect(page.assets[0]).toEqual({
      adamId: '1',
      totalCount: 10,
      deviceAssignable: true,
      supportedPlatforms: ['iOS'],
    });
    expect(page.unlimitedAssets).toEqual([{ adamId: '2', revocable: false }]);
    expect(
      getUsersResponseSchema.parse({
        users: [{ clientUserId: 5, email: null }],
      }).users,
    ).toEqual([{ clientUserId: '5' }]);
  });

  it('rejects records without their identifying field', () => {
    expect(
      getAssignmentsResponseSchema.safeParse({
        assignments: [{ serialNumber: 'S' }],
      }).success,
    ).toBe(false);
    expect(eventResponseSchema.safeParse({ uId: '1' }).success).toBe(false);
    expect(statusResponseSchema.safeParse({ numRequested: 1 }).success).toBe(
      false,
    );
  });

  it('normalises failures and errorInfo (pricingParam defaults to STDQ)', () => {
    const status = statusResponseSchema.parse({
      eventStatus: 'FAILED',
      numRequested: '16',
      numCompleted: 14,
      failures: [
        {
          errorNumber: '9709',
          errorInfo: {
            assets: [{ adamId: 1 }],
            serialNumbers: ['S1'],
            clientUserIds: [4],
          },
        },
      ],
    });
    expect(status).toEqual({
      eventStatus: 'FAILED',
      numRequested: 16,
      numCompleted: 14,
      failures: [
        {
          errorNumber: 9709,
          errorInfo: {
            assets: [{ adamId: '1', pricingParam: 'STDQ' }],
            serialNumbers: ['S1'],
            clientUserIds: ['4'],
          },
        },
      ],
    });
    expect(
      errorResponseSchema.parse({ errorNumber: 9601, errorMessage: null }),
    ).toEqual({ errorNumber: 9601 });
  });

  it('reads the service configuration loosely', () => {
    const config = serviceConfigResponseSchema.parse({
      limits: { maxAssets: '25', maxRequestPerSecond: 15, weird: 'x' },
      urls: { getAssets: 'https://a/b', bogus: 3 },
      errorCodes: [{ errorNumber: 9601, errorMessage: 'Login required.' }],
      somethingNew: true,
    });
    expect(config.limits).toEqual({ maxAssets: 25, maxRequestPerSecond: 15 });
    expect(config.urls).toEqual({ getAssets: 'https://a/b' });
    expect((config as unknown as Record<string, unknown>).somethingNew).toBe(
      true,
    );
    expect(
      clientConfigResponseSchema.parse({
        locationName: 'A',
        notificationUrl: null,
      }),
    ).toEqual({ locationName: 'A' });
  });
});
