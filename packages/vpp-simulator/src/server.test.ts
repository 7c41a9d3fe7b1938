import { generateLargeFixture } from './fixtures';
import { startSimulator } from './server';
import { parseCliArgs } from './cli';
import { request } from './testUtils';

describe('startSimulator', () => {
  it('listens on an ephemeral loopback port and closes cleanly (twice is fine)', async () => {
    const sim = await startSimulator({ port: 0, fixture: 'minimal' });
    expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.appleBaseUrl).toBe(`${sim.baseUrl}/mdm/v2`);
    expect(sim.lookupUrl).toBe(`${sim.baseUrl}/lookup`);
    expect(sim.state.fixture.name).toBe('minimal');
    const config = await request(`${sim.appleBaseUrl}/service/config`);
    expect(config.status).toBe(200);
    expect((await request(`${sim.baseUrl}/`)).body.appleBaseUrl).toBe(
      '/mdm/v2',
    );
    expect((await request(`${sim.baseUrl}/nothing-here`)).status).toBe(404);
    await sim.close();
    await sim.close();
    await expect(fetch(`${sim.appleBaseUrl}/service/config`)).rejects.toThrow();
  });

  it('uses the default fixture, applies options and logs requests', async () => {
    const lines: string[] = [];
    const sim = await startSimulator({
      eventDelayMs: 1234,
      rateLimit: false,
      logger: line => lines.push(line),
    });
    try {
      expect(sim.state.fixture.name).toBe('default');
      expect(sim.state.options).toMatchObject({
        eventDelayMs: 1234,
        rateLimit: false,
      });
      await request(`${sim.appleBaseUrl}/service/config`);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/GET \/mdm\/v2\/service\/config 200 \d+ms/);
    } finally {
      await sim.close();
    }
  });

  it('pages a generated large location without slowing down', async () => {
    const sim = await startSimulator({
      fixture: generateLargeFixture({ assets: 200, assignments: 20000 }),
      rateLimit: false,
    });
    try {
      const token = sim.state.listTokens('loc-large')[0].fileContent;
      const headers = { Authorization: `Bearer ${token}` };
      const first = await request(`${sim.appleBaseUrl}/assignments`, {
        headers,
      });
      expect(first.body).toMatchObject({
        size: 1000,
        totalPages: 20,
        nextPageIndex: 1,
      });
      const last = await request(
        `${sim.appleBaseUrl}/assignments?pageIndex=19`,
        {
          headers,
        },
      );
      expect(last.body.size).toBe(1000);
      expect(last.body.nextPageIndex).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});

describe('CLI arguments', () => {
  it('defaults to port 7010 and the default fixture', () => {
    expect(parseCliArgs([])).toMatchObject({
      port: 7010,
      host: '127.0.0.1',
      fixture: 'default',
      help: false,
    });
  });

  it('maps flags to switches', () => {
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--seed',
        'large',
        '--no-rate-limit',
        '--revoke-on-new-download',
        '--token-expiration-date-always',
        '--errors-with-status-200',
        '--allow-http-notification-urls',
        '--event-delay-ms',
        '50',
        '--duplicate-notification-rate',
        '0',
      ]),
    ).toMatchObject({
      port: 0,
      fixture: 'large',
      rateLimit: false,
      revokeOnNewDownload: true,
      tokenExpirationDateAlways: true,
      errorsWithStatus200: true,
      allowHttpNotificationUrls: true,
      eventDelayMs: 50,
      duplicateNotificationRate: 0,
    });
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--bogus'])).toThrow();
  });
});
