import express, { Request, Response, Router } from 'express';
import { MdmState, NanoApiResult } from '../mdm/mdmState';

/** The NanoMDM release whose API and webhook the simulator reproduces. */
export const NANOMDM_VERSION = 'v0.9.0';

/**
 * Go's `json.Encoder` with `SetIndent("", "\t")` over NanoMDM's `api.APIResult`: keys in
 * struct order, map keys sorted, empty ones omitted, a trailing newline.
 */
export function formatApiResult(result: NanoApiResult): string {
  const ordered: Record<string, unknown> = {};
  if (result.status && Object.keys(result.status).length > 0) {
    const status: Record<string, unknown> = {};
    for (const id of Object.keys(result.status).sort()) {
      const entry = result.status[id];
      status[id] = {
        ...(entry.push_error ? { push_error: entry.push_error } : {}),
        ...(entry.push_result ? { push_result: entry.push_result } : {}),
        ...(entry.command_error ? { command_error: entry.command_error } : {}),
      };
    }
    ordered.status = status;
  }
  for (const key of [
    'no_push',
    'push_error',
    'command_error',
    'command_uuid',
    'request_type',
  ] as const) {
    if (result[key]) {
      ordered[key] = result[key];
    }
  }
  return `${goJsonEscape(JSON.stringify(ordered, null, '\t'))}\n`;
}

/** Go's encoding/json escapes these for HTML safety (its default, which NanoMDM keeps). */
function goJsonEscape(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function sendResult(
  res: Response,
  { status, result }: { status: number; result: NanoApiResult },
) {
  res
    .status(status)
    .set('Content-Type', 'application/json')
    .send(formatApiResult(result));
}

/** NanoMDM's `PathIDGetter`: the rest of the path, split on commas. */
function idsFrom(req: Request): string[] | undefined {
  const path = (req.params as Record<string, string>)[0] ?? '';
  return path === '' ? undefined : path.split(',');
}

/**
 * NanoMDM's HTTP API under `/nanomdm`: `GET /version` (no auth), and behind HTTP Basic
 * (`nanomdm` / API key) `/v1/enqueue/<ids>` and `/v1/push/<ids>`, any method, as the
 * real server registers them.
 */
export function createNanoMdmRouter(mdm: MdmState): Router {
  const router = express.Router();

  router.get('/version', (_req, res) => {
    // nanolib's NewJSONVersionHandler: a fixed body without a newline.
    res
      .set('Content-Type', 'application/json')
      .send(`{"version":"${NANOMDM_VERSION}"}`);
  });

  router.use('/v1', (req, res, next) => {
    if (!mdm.checkApiAuth(req.headers.authorization)) {
      res
        .status(401)
        .set('Www-Authenticate', 'Basic realm="nanomdm"')
        .set('Content-Type', 'text/plain; charset=utf-8')
        .set('X-Content-Type-Options', 'nosniff')
        .send('Unauthorized\n');
      return;
    }
    next();
  });

  router.all(
    '/v1/enqueue/*',
    express.text({ type: () => true, limit: '20mb', defaultCharset: 'utf-8' }),
    (req, res) => {
      const ids = idsFrom(req);
      if (!ids) {
        sendResult(res, {
          status: 500,
          result: { command_error: 'getting enrollment ids: empty path' },
        });
        return;
      }
      const body = typeof req.body === 'string' ? req.body : '';
      const noPush =
        typeof req.query.nopush === 'string'
          ? req.query.nopush !== ''
          : Array.isArray(req.query.nopush) && req.query.nopush[0] !== '';
      sendResult(res, mdm.enqueue(ids, body, noPush));
    },
  );

  router.all('/v1/push/*', (req, res) => {
    const ids = idsFrom(req);
    if (!ids) {
      sendResult(res, {
        status: 500,
        result: { push_error: 'getting enrollment ids: empty path' },
      });
      return;
    }
    sendResult(res, mdm.push(ids));
  });

  router.use((_req, res) => {
    res
      .status(404)
      .set('Content-Type', 'text/plain; charset=utf-8')
      .send('404 page not found\n');
  });

  return router;
}
