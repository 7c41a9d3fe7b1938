import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import { format } from 'node:util';
import request from 'supertest';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import vppBackend from '@internal/plugin-vpp-backend';
import catalogModuleVpp from '@internal/plugin-catalog-backend-module-vpp';

jest.setTimeout(120_000);

/**
 * R-TOK-9 across the whole backend: registers, renews, shares and syncs tokens through
 * the real vpp plugin, catalog and catalog module, then scans every API response, every log
 * line and every catalog entity for the token files and the secrets inside them.
 */
describe('token secrets never leave the vpp plugin', () => {
  let sim: RunningSimulator;
  const logs: string[] = [];
  const responses: string[] = [];
  const secrets: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      rateLimit: false,
      eventDelayMs: 0,
      allowHttpNotificationUrls: true,
    });
    for (const level of ['error', 'warn', 'info', 'debug', 'log'] as const) {
      jest
        .spyOn(console, level)
        .mockImplementation((...args) => logs.push(format(...args)));
    }
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await sim.close();
  });

  function download(locationId: string, days: number): string {
    const file = sim.state.downloadToken(
      locationId,
      DateTime.utc().plus({ days }).toISO()!,
    );
    secrets.push(
      file.trim(),
      JSON.parse(Buffer.from(file, 'base64').toString()).token,
    );
    return file;
  }

  it('registers, renews, shares and syncs; nothing secret in responses, logs or entities', async () => {
    const events = mockServices.events();
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        vppBackend,
        catalogModuleVpp,
        // One events service for all plugins, as in a single backend instance (the
        // test default gives each plugin its own; the real one long-polls for 55 s
        // on shutdown).
        createServiceFactory({
          service: eventsServiceRef,
          deps: {},
          factory: () => events,
        }),
        mockServices.rootLogger.factory({ level: 'debug' }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            catalog: {
              processingInterval: { seconds: 1 },
              stitchingStrategy: { mode: 'immediate' },
            },
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: {
                baseUrl: sim.appleBaseUrl,
                lookupUrl: sim.lookupUrl,
                // Notifications carry their own bearer; it must stay out of logs too.
                notificationUrl:
                  'http://127.0.0.1:9/api/vpp/apple/notifications',
              },
            },
          },
        }),
      ],
    });
    const server = backend.server;
    const call = async (res: Promise<request.Response>) => {
      const r = await res;
      responses.push(r.text);
      return r;
    };

    const tokyo = await call(
      request(server)
        .post('/api/vpp/tokens')
        .send({
          tokenFile: download('loc-tokyo', 20),
          owner: 'group:default/tokyo-it',
        }),
    );
    expect(tokyo.status).toBe(201);
    const renewalFile = download('loc-tokyo', 400);
    expect(
      (
        await call(
          request(server)
            .post(`/api/vpp/tokens/${tokyo.body.id}/renew/preview`)
            .send({ tokenFile: renewalFile }),
        )
      ).body.ok,
    ).toBe(true);
    expect(
      (
        await call(
          request(server)
            .post(`/api/vpp/tokens/${tokyo.body.id}/renew`)
            .send({ tokenFile: renewalFile }),
        )
      ).status,
    ).toBe(200);
    const share = await call(
      request(server)
        .post(`/api/vpp/tokens/${tokyo.body.id}/shares`)
        .send({ owner: 'group:default/tokyo-sales' }),
    );
    expect(share.status).toBe(201);
    // A bad file's error message must not echo the file either.
    const bad = download('loc-osaka', 30);
    await call(
      request(server)
        .post('/api/vpp/tokens')
        .send({ tokenFile: `${bad}garbage`, owner: 'group:default/osaka-it' }),
    );

    expect(
      (
        await call(
          request(server).post(`/api/vpp/tokens/${share.body.id}/sync`),
        )
      ).status,
    ).toBe(202);
    for (let i = 0; ; i++) {
      const status = await call(
        request(server).get(`/api/vpp/tokens/${tokyo.body.id}/sync`),
      );
      if (!status.body.running && status.body.lastSyncAt) break;
      if (i > 400) throw new Error('sync did not finish');
      await new Promise(r => setTimeout(r, 50));
    }
    await call(request(server).get(`/api/vpp/tokens/${share.body.id}/assets`));
    await call(request(server).get('/api/vpp/tokens'));

    // The catalog picks the tokens up through events; wait for both entities.
    let entities: Array<{ metadata: { name: string } }> = [];
    for (let i = 0; entities.length < 2; i++) {
      const res = await call(
        request(server).get(
          '/api/catalog/entities?filter=kind=resource,spec.type=apple-vpp-token',
        ),
      );
      entities = res.body;
      if (i > 300) {
        require('fs').writeFileSync('/tmp/secrets-logs.txt', logs.join('\n'));
        throw new Error('token entities did not reach the catalog');
      }
      await new Promise(r => setTimeout(r, 100));
    }
    expect(entities.map(e => e.metadata.name).sort()).toEqual(
      [tokyo.body.id, share.body.id].map(id => `vpp-token-${id}`).sort(),
    );

    const haystacks = [...responses, ...logs, JSON.stringify(entities)];
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    expect(logs.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      for (const text of haystacks) {
        expect(text.includes(secret)).toBe(false);
      }
    }
    await backend.stop();
  });
});
