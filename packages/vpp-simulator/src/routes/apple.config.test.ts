import http from 'node:http';
import { RunningSimulator } from '../server';
import {
  appleClient,
  request,
  startTestSimulator,
  tokenOf,
} from '../testUtils';

describe('service and client config', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.state.reset());

  describe('GET /service/config', () => {
    it('answers without auth with Apple’s example limits, types and URLs pointing here', async () => {
      const answer = await request(`${sim.appleBaseUrl}/service/config`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/application\/json/);
      expect(answer.body.limits).toEqual({
        maxAssets: 25,
        maxUsers: 100,
        maxNotificationLength: 512,
        maxRevokeClientUserIds: 100,
        maxClientUserIds: 1000,
        maxSerialNumbers: 1000,
        maxRevokeSerialNumbers: 100,
        maxRequestPerSecond: 15,
        maxSubscriptions: 25,
        maxSubscriptionClientUserIds: 1000,
        maxMdmNameLength: 100,
        maxMdmMetadataLength: 255,
        maxMdmIdLength: 100,
      });
      expect(answer.body.notificationTypes).toEqual([
        'ASSET_MANAGEMENT',
        'USER_MANAGEMENT',
        'USER_ASSOCIATED',
        'ASSET_COUNT',
      ]);
      expect(answer.body.errorCodes).toContainEqual({
        errorMessage: 'The server has revoked the sToken.',
        errorNumber: 9625,
      });
      const urls = answer.body.urls;
      expect(Object.keys(urls).sort()).toEqual(
        [
          'invitationEmail',
          'clientConfig',
          'createUsers',
          'getAssignments',
          'revokeAssets',
          'contentMetadataLookup',
          'getUsers',
          'eventStatus',
          'associateAssets',
          'disassociateAssets',
          'updateUsers',
          'getAssets',
          'retireUsers',
        ].sort(),
      );
      expect(urls.getAssets).toBe(`${sim.appleBaseUrl}/assets`);
      expect(urls.eventStatus).toBe(`${sim.appleBaseUrl}/status`);
      expect(urls.clientConfig).toBe(`${sim.appleBaseUrl}/client/config`);
      expect(urls.invitationEmail).toContain('inviteCode=%25inviteCode%25');
      for (const url of Object.values<string>(urls)) {
        expect(url.startsWith(sim.baseUrl)).toBe(true);
      }
    });

    it('builds URLs from the request’s Host header', async () => {
      // fetch may not set Host; node:http can.
      const body = await new Promise<any>((resolve, reject) => {
        http
          .get(
            `${sim.appleBaseUrl}/service/config`,
            { headers: { Host: 'vpp.example.test:8443' } },
            res => {
              const chunks: Buffer[] = [];
              res.on('data', chunk => chunks.push(chunk));
              res.on('end', () =>
                resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))),
              );
            },
          )
          .on('error', reject);
      });
      expect(body.urls.getAssets).toBe(
        'http://vpp.example.test:8443/mdm/v2/assets',
      );
    });

    it('reflects changed limits', async () => {
      sim.state.setOptions({ limits: { maxAssets: 5 } });
      const answer = await request(`${sim.appleBaseUrl}/service/config`);
      expect(answer.body.limits.maxAssets).toBe(5);
    });
  });

  describe('client config', () => {
    it('GET answers like Apple’s ClientConfigResponse', async () => {
      const answer = await appleClient(sim, tokenOf(sim, 'loc-us')).get(
        '/client/config',
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        countryISO2ACode: 'US',
        defaultPlatform: 'volumestore',
        locationName: 'Example Inc. Austin',
        uId: '2049025000431003',
        websiteURL: 'https://business.apple.com',
      });
    });

    it('stores mdmInfo (last writer wins) and echoes it on every later response', async () => {
      const client = appleClient(sim, tokenOf(sim, 'loc-tokyo'));
      const first = { id: 'mdm-a', name: 'Backstage VPP', metadata: '1.0.0' };
      const second = { id: 'mdm-b', name: 'Other MDM', metadata: 'x' };
      const posted = await client.post('/client/config', { mdmInfo: first });
      expect(posted.status).toBe(200);
      expect(posted.body.mdmInfo).toEqual(first);
      expect(posted.body.locationName).toBe('Example Corp Tokyo');

      await client.post('/client/config', { mdmInfo: second });
      for (const path of [
        '/client/config',
        '/assets',
        '/assignments',
        '/users',
      ]) {
        const answer = await client.get(path);
        expect(answer.body.mdmInfo).toEqual(second);
        expect(answer.body.uId).toBe('2049025000431001');
      }
      const event = await client.post('/assets/associate', {
        assets: [{ adamId: '6450000101', pricingParam: 'STDQ' }],
        serialNumbers: ['SER-1'],
      });
      expect(event.body.mdmInfo).toEqual(second);
      const status = await client.get(`/status?eventId=${event.body.eventId}`);
      expect(status.body.mdmInfo).toEqual(second);

      // Another location is unaffected.
      const osaka = await appleClient(sim, tokenOf(sim, 'loc-osaka')).get(
        '/client/config',
      );
      expect(osaka.body.mdmInfo).toBeUndefined();
    });

    it.each([
      [{ mdmInfo: { id: 'a', name: 'b' } }, 9723],
      [{ mdmInfo: { id: '', name: 'b', metadata: 'c' } }, 9723],
      [{ mdmInfo: 'text' }, 9723],
      [{ mdmInfo: { id: 'x'.repeat(101), name: 'b', metadata: 'c' } }, 9724],
      [{ mdmInfo: { id: 'a', name: 'x'.repeat(101), metadata: 'c' } }, 9725],
      [{ mdmInfo: { id: 'a', name: 'b', metadata: 'x'.repeat(256) } }, 9713],
      [{ notificationUrl: 'https://mdm.example.com/notify' }, 9710],
      [{ notificationAuthToken: 'secret' }, 9710],
      [{ notificationUrl: '', notificationAuthToken: 'secret' }, 9710],
      [
        {
          notificationUrl: `https://mdm.example.com/${'x'.repeat(600)}`,
          notificationAuthToken: 'secret',
        },
        9711,
      ],
      [
        {
          notificationUrl: 'https://mdm.example.com/n',
          notificationAuthToken: 'x'.repeat(513),
        },
        9711,
      ],
      [
        {
          notificationUrl: 'http://mdm.example.com/notify',
          notificationAuthToken: 'secret',
        },
        9712,
      ],
      [{ notificationUrl: 'not a url', notificationAuthToken: 'secret' }, 9712],
      [{ notificationTypes: ['NOT_A_TYPE'] }, 9602],
      [[1, 2], 9602],
    ])('POST %j → %i (400) and stores nothing', async (body, errorNumber) => {
      const client = appleClient(sim, tokenOf(sim, 'loc-us'));
      const answer = await client.post('/client/config', body);
      expect(answer.status).toBe(400);
      expect(answer.body.errorNumber).toBe(errorNumber);
      expect(typeof answer.body.errorMessage).toBe('string');
      const after = await client.get('/client/config');
      expect(after.body.mdmInfo).toBeUndefined();
      expect(after.body.notificationUrl).toBeUndefined();
    });

    it('does not store a valid mdmInfo when another field of the request fails', async () => {
      const client = appleClient(sim, tokenOf(sim, 'loc-us'));
      const answer = await client.post('/client/config', {
        mdmInfo: { id: 'a', name: 'b', metadata: 'c' },
        notificationUrl: 'https://mdm.example.com/notify',
      });
      expect(answer.body.errorNumber).toBe(9710);
      expect((await client.get('/client/config')).body.mdmInfo).toBeUndefined();
    });
  });

  describe('HTTP rules', () => {
    it.each([
      ['PUT', '/assets'],
      ['DELETE', '/client/config'],
      ['GET', '/assets/associate'],
      ['POST', '/service/config'],
      ['POST', '/status'],
      ['PATCH', '/users/create'],
    ])('%s %s → 405 with 9726', async (method, path) => {
      const answer = await appleClient(sim, tokenOf(sim, 'loc-us')).send(
        method,
        path,
      );
      expect(answer.status).toBe(405);
      expect(answer.body).toEqual({
        errorNumber: 9726,
        errorMessage:
          'This request contains an unsupported HTTP method for the requested endpoint.',
      });
    });

    it('POST without application/json → 415 with 9727', async () => {
      const client = appleClient(sim, tokenOf(sim, 'loc-us'));
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
      ]) {
        const answer = await client.post('/assets/associate', '{"assets":[]}', {
          'Content-Type': contentType,
        });
        expect(answer.status).toBe(415);
        expect(answer.body.errorNumber).toBe(9727);
      }
      const charset = await client.post('/client/config', '{}', {
        'Content-Type': 'application/json; charset=utf-8',
      });
      expect(charset.status).toBe(200);
    });

    it('malformed JSON → 400 with 9602', async () => {
      const answer = await appleClient(sim, tokenOf(sim, 'loc-us')).post(
        '/assets/associate',
        '{"assets": [',
      );
      expect(answer.status).toBe(400);
      expect(answer.body.errorNumber).toBe(9602);
    });

    it('unknown paths → 404', async () => {
      const answer = await appleClient(sim, tokenOf(sim, 'loc-us')).get(
        '/no/such/endpoint',
      );
      expect(answer.status).toBe(404);
    });
  });
});
