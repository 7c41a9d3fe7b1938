import express, { Router } from 'express';
import { SimulatorState } from '../state';

/** `filename` must be ASCII in a header; `filename*` (RFC 5987) carries the real name. */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return ascii === fileName
    ? `attachment; filename="${fileName}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Stand-in for Apple Business Manager's "Apps and Books" token download page. */
export function createAbmRouter(state: SimulatorState): Router {
  const router = express.Router();
  const jsonBody = express.json({ strict: true, type: () => true });

  router.get('/locations', (_req, res) => {
    res.json(state.listLocations());
  });

  router.post(
    '/locations/:id/token',
    // The body is optional; body-parser leaves `{}` when none was sent.
    jsonBody,
    (req, res) => {
      const location = state.locations.get(req.params.id);
      if (!location) {
        res.status(404).json({ error: `Unknown location ${req.params.id}` });
        return;
      }
      const expiresAt = (req.body ?? {}).expiresAt;
      if (expiresAt !== undefined && typeof expiresAt !== 'string') {
        res.status(400).json({ error: 'expiresAt must be an ISO-8601 string' });
        return;
      }
      let fileContent: string;
      try {
        fileContent = state.downloadToken(location.id, expiresAt);
      } catch (error) {
        res.status(400).json({ error: (error as Error).message });
        return;
      }
      res
        .status(200)
        .type('text/plain; charset=utf-8')
        .set(
          'Content-Disposition',
          attachmentHeader(`sToken for ${location.name}.vpptoken`),
        )
        .send(fileContent);
    },
  );

  router.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res.status(400).json({ error: `Bad request body: ${error.message}` });
    },
  );

  return router;
}
