import { mockServices } from '@backstage/backend-test-utils';
import { MdmEvent } from '@internal/plugin-vpp-node';
import express from 'express';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { NanoMdmConnector } from '../mdm';
import { checkInEvent } from '../__testUtils__/nanoMdmEvents';
import { createMdmWebhookRouter } from './mdmWebhook';

const SECRET = 'webhook-secret-webhook-secret';
const HMAC_KEY = 'nanomdm-hmac-key';
const basic = `Basic ${Buffer.from(`nanomdm:${SECRET}`).toString('base64')}`;
const sign = (body: string, key = HMAC_KEY) =>
  createHmac('sha256', key).update(body).digest('base64');

describe('POST /mdm/webhook with vpp.mdm.webhook.hmacKey', () => {
  const handled: MdmEvent[] = [];
  const app = express().use(
    createMdmWebhookRouter({
      secret: SECRET,
      hmacKey: HMAC_KEY,
      connector: new NanoMdmConnector({
        baseUrl: 'http://127.0.0.1:9/nanomdm',
        apiKey: 'unused',
      }),
      sink: { handle: async events => void handled.push(...events) },
      logger: mockServices.logger.mock(),
    }),
  );
  // The bytes NanoMDM signs are the bytes it sends: sent as a string, unchanged.
  const body = JSON.stringify(
    checkInEvent({
      topic: 'Authenticate',
      udid: 'UDID-1',
      createdAt: new Date('2026-12-06T09:00:00Z'),
    }),
  );
  const post = (signature?: string, authorization = basic) => {
    const req = request(app)
      .post('/mdm/webhook')
      .set('Authorization', authorization)
      .set('Content-Type', 'application/json; charset=utf-8');
    if (signature !== undefined) req.set('X-Hmac-Signature', signature);
    return req.send(body);
  };

  beforeEach(() => {
    handled.length = 0;
  });

  it('takes an event signed with the key', async () => {
    const res = await post(sign(body));
    expect(res.status).toBe(200);
    expect(handled).toEqual([
      expect.objectContaining({ kind: 'check-in', udid: 'UDID-1' }),
    ]);
  });

  it.each([
    ['no signature', undefined],
    ['a signature made with another key', sign(body, 'another key')],
    ['a signature of another body', sign(`${body} `)],
    ['a signature that is not base64 of a digest', 'not-a-signature'],
  ])(
    'refuses %s with 401 and a reason, and handles nothing',
    async (_, sig) => {
      const res = await post(sig);
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/X-Hmac-Signature/);
      expect(handled).toEqual([]);
    },
  );

  it('still needs the shared secret when the signature is right', async () => {
    const res = await post(sign(body), 'Basic bm9ib2R5Ondyb25n');
    expect(res.status).toBe(401);
    expect(handled).toEqual([]);
  });
});
