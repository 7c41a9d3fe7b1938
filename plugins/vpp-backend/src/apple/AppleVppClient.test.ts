import { inspect } from 'node:util';
import { AppleVppClient } from './AppleVppClient';
import {
  OURS,
  TOKEN,
  common,
  fakeApple,
  useFakeAppleTest,
} from './clientTestUtils';
import { AppleVppError } from './errors';
import { sendJson } from './testUtils';

const env = useFakeAppleTest();
const { client, appleRequests } = env;

describe('AppleVppClient requests', () => {
  it('calls every endpoint with the documented method, path, query and body', async () => {
    const event = { ...common, eventId: 'ev-1' };
    env.server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            locationName: 'Main',
            countryISO2ACode: 'US',
          }),
        'POST /client/config': (q, r) =>
          sendJson(r, 200, { ...common, ...(q.json as object) }),
        'GET /assets': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            assets: [],
            currentPageIndex: 0,
            size: 0,
            totalPages: 1,
            versionId: 'v',
          }),
        'GET /assignments': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            assignments: [],
            currentPageIndex: 0,
            totalPages: 1,
            versionId: 'v',
          }),
        'GET /users': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            users: [],
            currentPageIndex: 0,
            totalPages: 1,
            versionId: 'v',
          }),
        'POST /assets/associate': (_q, r) => sendJson(r, 200, event),
        'POST /assets/disassociate': (_q, r) => sendJson(r, 200, event),
        'POST /assets/revoke': (_q, r) => sendJson(r, 200, event),
        'GET /status': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            eventStatus: 'COMPLETE',
            eventType: 'ASSOCIATE',
            numRequested: 1,
            numCompleted: 1,
          }),
        'POST /users/create': (_q, r) => sendJson(r, 200, event),
        'POST /users/update': (_q, r) => sendJson(r, 200, event),
        'POST /users/retire': (_q, r) => sendJson(r, 200, event),
      }),
    );
    const c = client();
    const assets = [{ adamId: '361309726', pricingParam: 'STDQ' }];
    expect((await c.getClientConfig()).locationName).toBe('Main');
    await c.updateClientConfig({
      mdmInfo: { ...OURS, metadata: '1.0.0' },
      notificationTypes: ['ASSET_MANAGEMENT'],
    });
    await c.getAssets({
      pageIndex: 2,
      productType: 'App',
      pricingParam: 'STDQ',
      revocable: true,
      deviceAssignable: false,
      minAvailableCount: 1,
      maxAvailableCount: 9,
      minAssignedCount: 0,
      maxAssignedCount: 5,
      adamId: '361309726',
      unlimited: true,
    });
    await c.getAssignments({
      adamId: '1',
      serialNumber: 'S1',
      clientUserId: 'u',
      pricingParam: 'PLUS',
      pageIndex: 0,
      sinceVersionId: 'v9',
      excludeInactiveUsers: true,
      includeUserState: false,
    });
    await c.getUsers({
      activeOnly: true,
      retiredOnly: false,
      clientUserId: 'u',
      sinceVersionId: 'v3',
    });
    expect(
      (await c.associateAssets({ assets, serialNumbers: ['S1'] })).eventId,
    ).toBe('ev-1');
    await c.disassociateAssets({ assets, clientUserIds: ['u1'] });
    await c.revokeAssets({ serialNumbers: ['S1'] });
    expect((await c.getEventStatus('ev-1')).eventStatus).toBe('COMPLETE');
    await c.createUsers({
      users: [{ clientUserId: 'u1', email: 'u1@example.com' }],
    });
    await c.updateUsers({
      users: [{ clientUserId: 'u1', email: 'u2@example.com' }],
    });
    await c.retireUsers({ users: [{ clientUserId: 'u1' }] });

    const seen = appleRequests().map(
      r => `${r.method} ${r.path.replace('/mdm/v2', '')}?${r.query.toString()}`,
    );
    expect(seen).toEqual([
      'GET /client/config?',
      'POST /client/config?',
      'GET /assets?pageIndex=2&productType=App&pricingParam=STDQ&revocable=true&deviceAssignable=false&minAvailableCount=1&maxAvailableCount=9&minAssignedCount=0&maxAssignedCount=5&adamId=361309726&unlimited=true',
      'GET /assignments?adamId=1&serialNumber=S1&clientUserId=u&pricingParam=PLUS&pageIndex=0&sinceVersionId=v9&excludeInactiveUsers=true&includeUserState=false',
      'GET /users?activeOnly=true&retiredOnly=false&clientUserId=u&sinceVersionId=v3',
      'POST /assets/associate?',
      'POST /assets/disassociate?',
      'POST /assets/revoke?',
      'GET /status?eventId=ev-1',
      'POST /users/create?',
      'POST /users/update?',
      'POST /users/retire?',
    ]);
    const associate = appleRequests()[5];
    expect(associate.json).toEqual({ assets, serialNumbers: ['S1'] });
    expect(associate.headers['content-type']).toBe('application/json');
    for (const r of appleRequests()) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.accept).toBe('application/json');
    }
    // The service configuration is read once, without the token.
    const configRequests = env.server.requests.filter(r =>
      r.path.endsWith('/service/config'),
    );
    expect(configRequests).toHaveLength(1);
    expect(configRequests[0].headers.authorization).toBeUndefined();
  });

  it('keeps unknown fields and tolerates nulls and numeric strings', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /assets': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            mdmInfo: null,
            assets: [
              {
                adamId: 361309726,
                pricingParam: 'STDQ',
                availableCount: '5',
                brandNewField: { x: 1 },
              },
            ],
            totalPages: 1,
            somethingNew: true,
          }),
      }),
    );
    const page = await client().getAssets();
    expect(page.assets[0]).toMatchObject({
      adamId: '361309726',
      availableCount: 5,
      brandNewField: { x: 1 },
    });
    expect((page as unknown as Record<string, unknown>).somethingNew).toBe(
      true,
    );
    expect(page.mdmInfo).toBeUndefined();
  });

  it('reports an answer of the wrong shape as invalid-response, without retrying', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /assets': (_q, r) => sendJson(r, 200, { assets: 'nope' }),
      }),
    );
    await expect(client().getAssets()).rejects.toMatchObject({
      kind: 'invalid-response',
    });
    env.server.setHandler(
      fakeApple({
        'GET /assets': (_q, r) => sendJson(r, 200, '<html>proxy</html>'),
      }),
    );
    await expect(client().getAssets()).rejects.toMatchObject({
      kind: 'invalid-response',
      httpStatus: 200,
    });
  });
});

describe('AppleVppClient errors', () => {
  it('reads errorNumber from a 200 body before trusting the status', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) =>
          sendJson(r, 200, {
            errorNumber: 9622,
            errorMessage: 'Invalid authentication token',
          }),
      }),
    );
    const error = await client()
      .getClientConfig()
      .catch(e => e);
    expect(error).toBeInstanceOf(AppleVppError);
    expect(error).toMatchObject({
      kind: 'token-invalid',
      errorNumber: 9622,
      httpStatus: 200,
      tokenUnusable: true,
      attempts: 1,
    });
  });

  it.each([
    [9621, 401, 'token-expired'],
    [9625, 401, 'token-revoked'],
    [9601, 401, 'token-invalid'],
    [9722, 401, 'token-invalid'],
    [9707, 400, 'invalid-request'],
    [9721, 400, 'invalid-version'],
    [9650, 400, 'page-out-of-range'],
    [9634, 410, 'service-unavailable'],
  ])(
    'maps %i / HTTP %i to %s without retrying',
    async (errorNumber, status, kind) => {
      env.server.setHandler(
        fakeApple({
          'POST /assets/associate': (_q, r) =>
            sendJson(r, status, {
              errorNumber,
              errorMessage: 'Apple says no',
              errorInfo: {
                assets: [{ adamId: '1', pricingParam: 'STDQ' }],
                serialNumbers: ['S1'],
              },
            }),
        }),
      );
      const error: AppleVppError = await client()
        .associateAssets({
          assets: [{ adamId: '1', pricingParam: 'STDQ' }],
          serialNumbers: ['S1'],
        })
        .catch(e => e);
      expect(error).toMatchObject({
        kind,
        errorNumber,
        httpStatus: status,
        errorMessage: 'Apple says no',
        attempts: 1,
      });
      expect(error.assets).toEqual([{ adamId: '1', pricingParam: 'STDQ' }]);
      expect(error.serialNumbers).toEqual(['S1']);
      expect(appleRequests()).toHaveLength(1);
    },
  );

  it('never puts the token in messages, JSON or inspect output — even if Apple echoes it', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) =>
          sendJson(r, 401, {
            errorNumber: 9601,
            errorMessage: `Bad token ${TOKEN}`,
          }),
      }),
    );
    const c = client();
    const error: AppleVppError = await c.getClientConfig().catch(e => e);
    const everything = [
      error.message,
      error.errorMessage,
      JSON.stringify(error),
      inspect(error),
      inspect(c),
      JSON.stringify(c),
      String(error.stack),
    ].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('c2VjcmV0LWlubmVyLXRva2VuLXZhbHVl');
    expect(error.errorMessage).toContain('[REDACTED]');
  });

  it('rejects a token with line breaks at construction', () => {
    expect(() => new AppleVppClient({ token: 'abc\ndef' })).toThrow(
      AppleVppError,
    );
    expect(() => new AppleVppClient({ token: '  ' })).toThrow(/empty/);
  });
});
