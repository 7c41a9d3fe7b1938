import express, { Request, Response, Router } from 'express';

/** A control route's work: its result is the JSON answer (`{ok: true}` when it returns none). */
export type ControlRoute = (req: Request, res: Response) => unknown;

/**
 * Wraps control routes. Errors of the control API are plain `{error}` bodies: HTTP 404 when
 * `isNotFound` says the error names an unknown id, else 400.
 */
export function controlRouteHandler(
  isNotFound: (error: unknown, message: string) => boolean,
) {
  return (fn: ControlRoute) => (req: Request, res: Response) => {
    try {
      const result = fn(req, res);
      if (!res.headersSent) {
        res.json(result ?? { ok: true });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      res
        .status(isNotFound(error, message) ? 404 : 400)
        .json({ error: message });
    }
  };
}

/**
 * The last handlers of a control router: an unknown route gets 404 with the list of
 * routes, a body that does not parse gets 400.
 */
export function endControlRouter(
  router: Router,
  unknownRouteError: string,
  routes: string[],
): void {
  router.use((_req, res) => {
    res.status(404).json({ error: unknownRouteError, routes });
  });
  router.use(
    (
      error: Error,
      _req: Request,
      res: Response,
      _next: express.NextFunction,
    ) => {
      res.status(400).json({ error: `Bad request: ${error.message}` });
    },
  );
}

/** A query parameter given once as a string, else undefined. */
export function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}
