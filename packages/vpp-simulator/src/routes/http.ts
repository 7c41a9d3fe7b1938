import express, { NextFunction, Request, Response } from 'express';
import { TOKEN_ERROR_NUMBERS, VppError } from '../errors';
import { SimulatorState } from '../state';

/** Express 4 does not catch rejected promises; route them to the error handler. */
export function asyncHandler(
  handler: (req: Request, res: Response, next: NextFunction) => unknown,
) {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => handler(req, res, next))
      .catch(next);
  };
}

/** Sends an Apple ErrorResponse; token errors use HTTP 200 when `errorsWithStatus200` is on. */
export function sendVppError(
  state: SimulatorState,
  res: Response,
  error: VppError,
): void {
  const status =
    state.options.errorsWithStatus200 &&
    TOKEN_ERROR_NUMBERS.has(error.errorNumber)
      ? 200
      : error.httpStatus;
  res.locals.errorNumber = error.errorNumber;
  res.status(status).json(error.toResponse());
}

/** 9726 for a known path called with an unsupported method. */
export function methodNotAllowed(
  _req: Request,
  _res: Response,
  next: NextFunction,
) {
  next(new VppError(9726));
}

const jsonParser = express.json({
  limit: '20mb',
  strict: false,
  type: () => true,
});

/** POST bodies must be `application/json` (9727) and parse (9602). */
export function appleJsonBody(req: Request, res: Response, next: NextFunction) {
  const contentType = (req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (contentType !== 'application/json') {
    next(new VppError(9727));
    return;
  }
  jsonParser(req, res, error => next(error ? new VppError(9602) : undefined));
}

/** A query parameter given once, as a string; repeated parameters → 9602. */
export function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new VppError(9602);
  }
  return value;
}

export function queryBoolean(req: Request, name: string): boolean | undefined {
  const value = queryString(req, name);
  if (value === undefined || value === '') {
    return undefined;
  }
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    throw new VppError(9602);
  }
  return lower === 'true';
}

export function queryInteger(req: Request, name: string): number | undefined {
  const value = queryString(req, name);
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!/^-?\d+$/.test(value)) {
    throw new VppError(9602);
  }
  return Number(value);
}

export function queryEnum<T extends string>(
  req: Request,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = queryString(req, name);
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!allowed.includes(value as T)) {
    throw new VppError(9602);
  }
  return value as T;
}

/** Absolute origin of the request, so URLs in answers point back at this simulator. */
export function originOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
