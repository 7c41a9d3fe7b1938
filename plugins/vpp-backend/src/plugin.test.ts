import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { vppPlugin } from './plugin';

describe('vppPlugin', () => {
  it('answers GET /api/vpp/health without sign-in', async () => {
    const { server } = await startTestBackend({
      features: [
        vppPlugin,
        mockServices.rootConfig.factory({
          data: {
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: { baseUrl: 'http://127.0.0.1:7010/mdm/v2' },
            },
          },
        }),
      ],
    });

    const response = await request(server)
      .get('/api/vpp/health')
      .set('Authorization', mockCredentials.none.header());

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      database: { client: 'better-sqlite3' },
      apple: { baseUrl: 'http://127.0.0.1:7010/mdm/v2', simulated: true },
    });
  });

  it("reports Apple's production endpoint when none is configured", async () => {
    const { server } = await startTestBackend({
      features: [
        vppPlugin,
        mockServices.rootConfig.factory({
          data: {
            vpp: { encryptionKey: 'test-key-test-key-test-key-test-key!' },
          },
        }),
      ],
    });

    const response = await request(server).get('/api/vpp/health');

    expect(response.body.apple).toEqual({
      baseUrl: 'https://vpp.itunes.apple.com/mdm/v2',
      simulated: false,
    });
  });
});
