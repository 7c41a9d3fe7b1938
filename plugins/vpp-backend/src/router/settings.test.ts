import { startTestBackend } from '@backstage/backend-test-utils';
import { VppApiClient } from '@internal/plugin-vpp-common';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { vppPlugin } from '../plugin';
import {
  permissionsBy,
  RecordedAuditEvent,
  recordingAuditor,
  vppTestConfig,
} from '../__testUtils__/pluginBackend';

jest.setTimeout(60_000);

const plistXml = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
  <key>serverURL</key><string>https://notes.example.com</string>
  <key>port</key><integer>8443</integer>
  <key>since</key><date>2027-04-01T00:00:00Z</date>
</dict>
</plist>`;

describe('named settings API (/app-configs, /vpn-configs)', () => {
  let server: Parameters<typeof request>[0];
  let port: number;
  let auditEvents: RecordedAuditEvent[];

  async function start(
    allowed = ['vpp.settings.read', 'vpp.settings.manage'],
  ): Promise<void> {
    auditEvents = [];
    const backend = await startTestBackend({
      features: [
        vppPlugin,
        recordingAuditor(auditEvents),
        permissionsBy(permission => allowed.includes(permission)),
        vppTestConfig({ baseUrl: 'http://127.0.0.1:1/mdm/v2' }),
      ],
    });
    server = backend.server;
    port = (backend.server.address() as AddressInfo).port;
  }

  const api = () => ({
    get: (path: string) => request(server).get(`/api/vpp${path}`),
    post: (path: string, body: unknown) =>
      request(server)
        .post(`/api/vpp${path}`)
        .send(body as object),
    put: (path: string, body: unknown) =>
      request(server)
        .put(`/api/vpp${path}`)
        .send(body as object),
    delete: (path: string) => request(server).delete(`/api/vpp${path}`),
  });

  it('creates, lists, replaces and deletes a managed app configuration, keeping dates as dates', async () => {
    await start();
    const created = await api().post('/app-configs', {
      name: 'Notes — Tokyo',
      adamId: '6450000101',
      values: {
        serverURL: 'https://notes.example.com',
        port: 8443,
        since: { $date: '2027-04-01T09:00:00+09:00' },
        hosts: ['a', { b: false }],
      },
      description: 'Tokyo server',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Notes — Tokyo',
      adamId: '6450000101',
      values: {
        serverURL: 'https://notes.example.com',
        port: 8443,
        since: { $date: '2027-04-01T00:00:00.000Z' },
        hosts: ['a', { b: false }],
      },
      description: 'Tokyo server',
      createdBy: 'user:default/mock',
      createdAt: expect.any(String),
      updatedBy: 'user:default/mock',
      updatedAt: expect.any(String),
    });
    const id = created.body.id;
    expect((await api().get(`/app-configs/${id}`)).body).toEqual(created.body);

    // A property list paste as the source, and the app by bundle id.
    const pasted = await api().post('/app-configs', {
      name: 'Notes — Osaka',
      bundleId: 'com.example.notes',
      plist: plistXml,
    });
    expect(pasted.status).toBe(201);
    expect(pasted.body.values).toEqual({
      serverURL: 'https://notes.example.com',
      port: 8443,
      since: { $date: '2027-04-01T00:00:00.000Z' },
    });

    const list = await api().get('/app-configs?adamId=6450000101');
    expect(list.body).toMatchObject({ totalCount: 1, items: [{ id }] });
    expect((await api().get('/app-configs?limit=1')).body).toMatchObject({
      totalCount: 2,
      items: [{ name: 'Notes — Osaka' }],
    });

    const replaced = await api().put(`/app-configs/${id}`, {
      name: 'Notes — Tokyo (new server)',
      adamId: '6450000101',
      values: { serverURL: 'https://notes2.example.com' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      name: 'Notes — Tokyo (new server)',
      values: { serverURL: 'https://notes2.example.com' },
      description: '',
      createdAt: created.body.createdAt,
    });

    expect((await api().delete(`/app-configs/${id}`)).status).toBe(204);
    expect((await api().get(`/app-configs/${id}`)).status).toBe(404);
    expect((await api().delete(`/app-configs/${id}`)).status).toBe(404);
    expect(auditEvents).toEqual([
      { eventId: 'app-config-create', outcome: 'success' },
      { eventId: 'app-config-create', outcome: 'success' },
      { eventId: 'app-config-update', outcome: 'success' },
      { eventId: 'app-config-delete', outcome: 'success' },
      { eventId: 'app-config-delete', outcome: 'fail' },
    ]);
  });

  it('answers 409 when the name is taken, ignoring case', async () => {
    await start();
    const body = { name: 'Kiosk', adamId: '6450000110', values: {} };
    expect((await api().post('/app-configs', body)).status).toBe(201);
    const clash = await api().post('/app-configs', { ...body, name: 'KIOSK' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toBe(
      'A managed app configuration named "KIOSK" already exists; choose another name.',
    );
  });

  it('refuses what a property list cannot hold, naming the key (nothing is written)', async () => {
    await start();
    const cases: Array<[unknown, string | RegExp]> = [
      [
        { name: 'x', adamId: '1', values: { server: { port: null } } },
        'values.server.port is null; a property list has no null — leave the key out, or use an empty string.',
      ],
      [
        { name: 'x', adamId: '1', values: { when: { $date: 'soon' } } },
        'values.when has "soon", which is not an ISO-8601 date such as 2027-04-01T09:00:00Z.',
      ],
      [
        { name: 'x', adamId: '1', values: ['a'] },
        'values must be a dictionary of keys and values, not a list.',
      ],
      [
        {
          name: 'x',
          adamId: '1',
          plist: '<dict><key>k</key><data>aGk=</data></dict>',
        },
        /^plist\.k is binary <data>/,
      ],
      [
        { name: 'x', values: {} },
        'Name the app of the configuration: adamId (e.g. 361309726) or bundleId (e.g. com.example.notes).',
      ],
      [
        { name: 'x', adamId: '1', values: {}, plist: '<dict/>' },
        /either as values .* or as plist .*, not both and not neither/,
      ],
      [
        { name: 'x', adamId: '1' },
        /either as values .* or as plist .*, not both and not neither/,
      ],
      [
        { name: ' ', adamId: 'abc', bundleId: 'notes', values: {}, colour: 1 },
        'name must not be empty. adamId must be the digits of an App Store id, e.g. 361309726. bundleId must be a bundle identifier such as com.example.notes (letters, digits, hyphens and dots). Unknown field colour.',
      ],
    ];
    for (const [body, message] of cases) {
      const res = await api().post('/app-configs', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect((await api().get('/app-configs')).body.totalCount).toBe(0);
  });

  it('keeps VPN settings with a validated VPNUUID and platforms', async () => {
    await start();
    const created = await api().post('/vpn-configs', {
      name: 'Office VPN',
      vpnUuid: ' 5A7C1A0E-33B4-4F39-9E0C-0D1B8C1F2A11 ',
      platforms: ['ios', 'macos', 'ios'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      vpnUuid: '5A7C1A0E-33B4-4F39-9E0C-0D1B8C1F2A11',
      platforms: ['ios', 'macos'],
      description: '',
    });
    expect(
      (await api().get('/vpn-configs?platform=macos')).body.totalCount,
    ).toBe(1);
    const bad = await api().post('/vpn-configs', {
      name: 'Bad',
      vpnUuid: 'not-a-uuid',
      platforms: ['android'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'vpnUuid must be a UUID such as 5A7C1A0E-33B4-4F39-9E0C-0D1B8C1F2A11 (the VPNUUID of the VPN payload). platforms may contain ios and macos.',
    );
    const empty = await api().post('/vpn-configs', {
      name: 'Empty',
      vpnUuid: '5A7C1A0E-33B4-4F39-9E0C-0D1B8C1F2A11',
      platforms: [],
    });
    expect(empty.body.error.message).toBe(
      'platforms must name at least one platform: ios or macos.',
    );
    const updated = await api().put(`/vpn-configs/${created.body.id}`, {
      name: 'Office VPN',
      vpnUuid: '5A7C1A0E-33B4-4F39-9E0C-0D1B8C1F2A12',
      platforms: ['ios'],
      description: 'iPhones only',
    });
    expect(updated.body).toMatchObject({ platforms: ['ios'] });
    expect((await api().delete(`/vpn-configs/${created.body.id}`)).status).toBe(
      204,
    );
  });

  it('needs vpp.settings.read to see and vpp.settings.manage to change', async () => {
    await start(['vpp.settings.read']);
    expect((await api().get('/app-configs')).status).toBe(200);
    expect((await api().get('/vpn-configs')).status).toBe(200);
    for (const res of [
      await api().post('/app-configs', { name: 'x', adamId: '1', values: {} }),
      await api().put('/app-configs/x', { name: 'x', adamId: '1', values: {} }),
      await api().delete('/app-configs/x'),
      await api().post('/vpn-configs', {}),
      await api().delete('/vpn-configs/x'),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You are not allowed to change named settings (permission vpp.settings.manage).',
      );
    }
    await start([]);
    const denied = await api().get('/app-configs');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'You are not allowed to see named settings (permission vpp.settings.read).',
    );
    expect(auditEvents).toEqual([]);
  });

  it('is what VppApiClient speaks', async () => {
    await start();
    const client = new VppApiClient({
      discoveryApi: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
    });
    const config = await client.createAppConfig({
      name: 'Scanner',
      adamId: '6450000106',
      plist: '<dict><key>mode</key><string>kiosk</string></dict>',
    });
    expect(await client.getAppConfig(config.id)).toEqual(config);
    expect(
      (
        await client.updateAppConfig(config.id, {
          name: config.name,
          adamId: config.adamId,
          values: {},
        })
      ).values,
    ).toEqual({});
    expect(await client.listAppConfigs({ adamId: '6450000106' })).toMatchObject(
      { totalCount: 1 },
    );
    await expect(
      client.createAppConfig({ name: 'scanner', adamId: '1', values: {} }),
    ).rejects.toThrow('Request failed with 409 Conflict');
    await client.deleteAppConfig(config.id);

    const vpn = await client.createVpnConfig({
      name: 'VPN',
      vpnUuid: '5A7C1A0E-33B4-4F39-9E0C-0D1B8C1F2A11',
      platforms: ['macos'],
    });
    expect(await client.getVpnConfig(vpn.id)).toEqual(vpn);
    expect(
      await client.updateVpnConfig(vpn.id, {
        name: vpn.name,
        vpnUuid: vpn.vpnUuid,
        platforms: ['ios'],
      }),
    ).toMatchObject({ platforms: ['ios'] });
    expect(await client.listVpnConfigs({ platform: 'ios' })).toMatchObject({
      totalCount: 1,
    });
    await client.deleteVpnConfig(vpn.id);
    expect(await client.listLicenses()).toEqual({ items: [], totalCount: 0 });
    // Only the settings permissions are granted here.
    await expect(client.listLicenseOrphans('t1')).rejects.toThrow(
      'Request failed with 403 Forbidden',
    );
  });
});
