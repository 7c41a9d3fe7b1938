import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  MdmConnector,
  MdmEventSink,
  MdmWebhookError,
} from '@internal/plugin-vpp-node';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** An InstalledApplicationList of a Mac with hundreds of apps, base64 in JSON. */
const WEBHOOK_LIMIT = '10mb';

/** The password of an HTTP Basic `Authorization` header, if it is one. */
function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Compares in constant time (hashes first, so the lengths give nothing away). */
function sameSecret(given: string, expectedHash: Buffer): boolean {
  return timingSafeEqual(sha256(given), expectedHash);
}

/** The body's raw bytes, kept by the JSON parser for the signature check. */
type RequestWithRawBody = Request & { rawBody?: Buffer };

/** NanoMDM's `-webhook-hmac-key`: `X-Hmac-Signature: base64(HMAC-SHA256(key, body))`. */
function signatureMatches(
  header: string | string[] | undefined,
  body: Buffer,
  key: string,
): boolean {
  if (typeof header !== 'string') return false;
  const expected = createHmac('sha256', key).update(body).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `POST /mdm/webhook`: the MDM server's events (NanoMDM's and MicroMDM's webhook).
 * No Backstage credentials: HTTP Basic with `vpp.mdm.webhook.secret` as the password
 * (the user name is not checked), and, with `vpp.mdm.webhook.hmacKey`, NanoMDM's body
 * signature. The connector decodes the body; a malformed event is a 400 with the reason
 * and changes nothing.
 */
export function createMdmWebhookRouter(options: {
  /** Unset: every request is refused (there is nothing to check it against). */
  secret?: string;
  /** Set: every request must carry `X-Hmac-Signature` made with this key. */
  hmacKey?: string;
  connector?: MdmConnector;
  sink: MdmEventSink;
  logger: LoggerService;
}): express.Router {
  const { secret, connector, sink } = options;
  if (!secret) {
    options.logger.warn(
      'vpp.mdm.webhook.secret is not set: the MDM webhook refuses every request',
    );
  }
  const router = Router();
  const secretHash = secret ? sha256(secret) : undefined;

  // Before the body is read: an unauthenticated caller gets nothing parsed.
  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    const password = basicPassword(req.headers.authorization);
    if (
      !secretHash ||
      password === undefined ||
      !sameSecret(password, secretHash)
    ) {
      res
        .status(401)
        .setHeader('WWW-Authenticate', 'Basic realm="vpp-mdm-webhook"')
        .json({
          error: {
            name: 'AuthenticationError',
            message:
              'The MDM webhook needs HTTP Basic credentials with the shared secret (vpp.mdm.webhook.secret) as the password.',
          },
          response: { statusCode: 401 },
        });
      return;
    }
    next();
  };

  router.post(
    '/mdm/webhook',
    authenticate,
    express.json({
      limit: WEBHOOK_LIMIT,
      type: () => true,
      verify: (req, _res, body) => {
        (req as RequestWithRawBody).rawBody = body;
      },
    }),
    async (req: RequestWithRawBody, res) => {
      if (
        options.hmacKey &&
        !signatureMatches(
          req.headers['x-hmac-signature'],
          req.rawBody ?? Buffer.alloc(0),
          options.hmacKey,
        )
      ) {
        res.status(401).json({
          error: {
            name: 'AuthenticationError',
            message:
              'The MDM webhook needs an X-Hmac-Signature header: base64 of the HMAC-SHA256 of the body with the key in vpp.mdm.webhook.hmacKey (NanoMDM: -webhook-hmac-key).',
          },
          response: { statusCode: 401 },
        });
        return;
      }
      if (!connector?.parseWebhook) {
        throw new ServiceUnavailableError(
          connector
            ? `The MDM connector ${connector.name} takes no webhook.`
            : 'No MDM connector is configured (vpp.mdm.connector).',
        );
      }
      let events;
      try {
        events = connector.parseWebhook({
          headers: req.headers,
          body: req.body,
        });
      } catch (error) {
        if (
          error instanceof MdmWebhookError ||
          (error as Error)?.name === 'MdmWebhookError'
        ) {
          throw new InputError(
            `Malformed MDM event: ${(error as Error).message}`,
          );
        }
        throw error;
      }
      await sink.handle(events);
      res.status(200).json({ received: events.length });
    },
  );

  return router;
}
