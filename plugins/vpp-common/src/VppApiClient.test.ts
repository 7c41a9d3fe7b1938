import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { VppApiClient } from './VppApiClient';

describe('VppApiClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { method?: string; url?: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({
        method: req.method,
        url: req.url,
        ...(req.headers.authorization
          ? { authorization: req.headers.authorization }
          : {}),
      });
      if (req.url === '/api/vpp/health') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 'ok',
            version: '1.2.3',
            database: { client: 'pg' },
            apple: { baseUrl: 'https://vpp.example/mdm/v2', simulated: false },
          }),
        );
        return;
      }
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'No such route' },
          request: { method: req.method, url: req.url },
          response: { statusCode: 404 },
        }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('reads the health answer from the discovered base URL', async () => {
    const client = new VppApiClient({
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/api/${id}` },
    });
    await expect(client.getHealth()).resolves.toEqual({
      status: 'ok',
      version: '1.2.3',
      database: { client: 'pg' },
      apple: { baseUrl: 'https://vpp.example/mdm/v2', simulated: false },
    });
    expect(seen).toContainEqual({ method: 'GET', url: '/api/vpp/health' });
  });

  it('asks a backend caller for a fresh bearer before every call', async () => {
    let issued = 0;
    const client = new VppApiClient({
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/api/${id}` },
      getToken: async () => `plugin-token-${++issued}`,
    });
    await client.getHealth();
    await client.getHealth();
    expect(seen.slice(-2)).toEqual([
      {
        method: 'GET',
        url: '/api/vpp/health',
        authorization: 'Bearer plugin-token-1',
      },
      {
        method: 'GET',
        url: '/api/vpp/health',
        authorization: 'Bearer plugin-token-2',
      },
    ]);
  });

  it('turns an error body into a ResponseError with the server message', async () => {
    const client = new VppApiClient({
      discoveryApi: { getBaseUrl: async () => `${baseUrl}/api/elsewhere` },
    });
    await expect(client.getHealth()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      body: { error: { message: 'No such route' } },
    });
  });
});
