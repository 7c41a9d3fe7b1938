import express, { NextFunction, Request, Response } from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { errorResponse, VppError } from './errors';
import { loadFixture } from './fixtures';
import { MdmState } from './mdm/mdmState';
import { MdmOptionsInput } from './mdm/types';
import { createAbmRouter } from './routes/abm';
import { createAppleRouter } from './routes/apple';
import { createControlRouter } from './routes/control';
import { sendVppError } from './routes/http';
import { createLookupRouter } from './routes/lookup';
import { createMdmControlRouter } from './routes/mdmControl';
import { createNanoMdmRouter } from './routes/nanomdm';
import { PersistedPart, SimulatorStateFile } from './persistence';
import { SimulatorState } from './state';
import { SimulatorFixture, SimulatorOptionsInput } from './types';

export interface StartSimulatorOptions extends SimulatorOptionsInput {
  /** 0 = ephemeral (default 0 for the function; the CLI defaults to 7010). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Fixture object, or a fixture name/path; default: the built-in default fixture. */
  fixture?: SimulatorFixture | string;
  /** Async event completion delay, default 300. */
  eventDelayMs?: number;
  /** Enforce maxRequestPerSecond per token, default true. */
  rateLimit?: boolean;
  /** Downloading a new token revokes the location's previous tokens, default false. */
  revokeOnNewDownload?: boolean;
  /** Include tokenExpirationDate on every response; default false = only when the token expires within 15 days. */
  tokenExpirationDateAlways?: boolean;
  /** Optional request log: one line per request. */
  logger?: (line: string) => void;
  /** Random source for duplicate notifications (tests pass a deterministic one). */
  random?: () => number;
  /**
   * JSON file that keeps the state across restarts (see persistence.ts): restored from
   * when it exists, written after every change. Default: none, every start is fresh.
   */
  stateFile?: string;
  /** The NanoMDM side: API key, webhook target, devices, rates. */
  mdm?: MdmOptionsInput;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  baseUrl: string;
  /** `${baseUrl}/mdm/v2` */
  appleBaseUrl: string;
  /** `${baseUrl}/lookup` */
  lookupUrl: string;
  /** In-process access to the same state the control API changes. */
  state: SimulatorState;
  /** `${baseUrl}/nanomdm` — the NanoMDM server (`vpp.mdm.nanomdm.baseUrl`). */
  nanomdmUrl: string;
  /** In-process access to the NanoMDM side: devices, queues, webhook. */
  mdm: MdmState;
  /** True when the state came from `stateFile` rather than from the fixture. */
  restored: boolean;
  close(): Promise<void>;
}

/** Request log + optional log line; control requests are not logged. */
function requestLogger(
  state: SimulatorState,
  logger: ((line: string) => void) | undefined,
) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = Date.now();
    const queryStart = req.originalUrl.indexOf('?');
    const entry = state.requestLog.start({
      time: started,
      method: req.method,
      path: req.path,
      query: queryStart >= 0 ? req.originalUrl.slice(queryStart) : '',
      ...state.identifyRequestToken(req.headers.authorization),
    });
    let finished = false;
    const record = (aborted: boolean) => {
      entry.durationMs = Date.now() - started;
      if (aborted) {
        entry.aborted = true;
      } else {
        entry.status = res.statusCode;
      }
      if (res.locals.errorNumber !== undefined) {
        entry.errorNumber = res.locals.errorNumber;
      }
      logger?.(
        [
          new Date(started).toISOString(),
          req.method,
          req.originalUrl,
          aborted ? 'ABORTED' : String(res.statusCode),
          `${entry.durationMs}ms`,
          entry.tokenId ?? '-',
          entry.errorNumber ?? '',
          entry.fault ? `fault=${entry.fault}` : '',
        ]
          .join(' ')
          .trim(),
      );
    };
    res.on('finish', () => {
      finished = true;
      record(false);
    });
    res.on('close', () => {
      if (!finished) {
        record(true);
      }
    });
    res.locals.logEntry = entry;
    next();
  };
}

/** Injected faults (see faults.ts); never applied to /control. */
function faultInjection(state: SimulatorState) {
  return (req: Request, res: Response, next: NextFunction) => {
    const fault = state.faults.take(req.method, req.path);
    if (!fault) {
      next();
      return;
    }
    res.locals.logEntry.fault = fault.kind;
    if (fault.retryAfter !== null && fault.kind !== 'slow') {
      res.set('Retry-After', String(fault.retryAfter));
    }
    switch (fault.kind) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'slow': {
        const timer = setTimeout(next, fault.delayMs);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'rateLimit':
        res.locals.errorNumber = 9646;
        res.status(429).json(errorResponse(9646));
        return;
      default: {
        // 503 is Apple's "temporarily unavailable" (9729); other 5xx carry "internal error".
        const errorNumber = fault.status === 503 ? 9729 : 9603;
        res.locals.errorNumber = errorNumber;
        res.status(fault.status).json(errorResponse(errorNumber));
      }
    }
  };
}

/** The simulator as an express app (for embedding); `startSimulator` serves it. */
export function createSimulatorApp(
  state: SimulatorState,
  options: {
    logger?: (line: string) => void;
    /** Called after every request that may have changed the state (not GET/HEAD). */
    onChange?: () => void;
    /** The NanoMDM side; default: one with the built-in devices. */
    mdm?: MdmState;
  } = {},
): express.Express {
  const mdm = options.mdm ?? new MdmState(state);
  const app = express();
  app.disable('x-powered-by');
  // Conditional GETs (ETag → 304) would hide Apple's bodies from naive clients.
  app.set('etag', false);

  const { onChange } = options;
  if (onChange) {
    app.use((req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.on('finish', onChange);
      }
      next();
    });
  }

  // The MDM side has its own control routes, and the control reset resets it too.
  app.use('/control/mdm', createMdmControlRouter(mdm));
  app.post('/control/reset', (_req, _res, next) => {
    mdm.reset();
    next();
  });
  app.use('/control', createControlRouter(state));
  app.use(requestLogger(state, options.logger));
  app.use(faultInjection(state));
  app.use('/mdm/v2', createAppleRouter(state));
  app.use('/abm', createAbmRouter(state));
  app.use(createLookupRouter(state));
  app.use('/nanomdm', createNanoMdmRouter(mdm));
  app.get('/', (_req, res) => {
    res.json({
      name: 'Apple Apps and Books (VPP) simulator',
      appleBaseUrl: '/mdm/v2',
      lookupUrl: '/lookup',
      abm: '/abm/locations',
      control: '/control',
      nanomdm: '/nanomdm',
    });
  });
  app.use((_req, res) => {
    res.status(404).json({ errorMessage: 'Not Found' });
  });
  app.use(
    (error: unknown, req: Request, res: Response, _next: NextFunction) => {
      if (res.headersSent) {
        return;
      }
      if (error instanceof VppError) {
        sendVppError(state, res, error);
        return;
      }
      if (req.path.startsWith('/mdm/v2')) {
        sendVppError(state, res, new VppError(9603));
        return;
      }
      res.status(500).json({ error: String(error) });
    },
  );
  return app;
}

function urlHost(host: string, address: AddressInfo): string {
  if (host === '0.0.0.0' || host === '::') {
    return '127.0.0.1';
  }
  return address.family === 'IPv6' || host.includes(':') ? `[${host}]` : host;
}

/** Starts the simulator on `host:port` (ephemeral port by default). */
export async function startSimulator(
  options: StartSimulatorOptions = {},
): Promise<RunningSimulator> {
  const {
    port = 0,
    host = '127.0.0.1',
    fixture,
    logger,
    random,
    stateFile: stateFilePath,
    mdm: mdmOptions,
    ...switches
  } = options;
  const resolvedFixture =
    typeof fixture === 'object' ? fixture : loadFixture(fixture ?? 'default');
  const state = new SimulatorState(resolvedFixture, switches, random);
  const mdm = new MdmState(state, {
    logger: logger && (line => logger(`[nanomdm] ${line}`)),
    ...mdmOptions,
  });
  // Parts with state of their own (toJSON() and restore(snapshot)) are saved under their
  // name in the same file: the NanoMDM side's devices, queues and command log.
  const persistedParts: Record<string, PersistedPart> = { mdm };
  const opened = stateFilePath
    ? SimulatorStateFile.open({
        file: stateFilePath,
        state,
        parts: persistedParts,
      })
    : undefined;
  const stateFile = opened?.stateFile;
  const app = createSimulatorApp(state, {
    logger,
    onChange: stateFile && (() => stateFile.changed()),
    mdm,
  });
  // Devices also change when they check in after a push, between requests.
  mdm.onChange = stateFile && (() => stateFile.changed());
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const baseUrl = `http://${urlHost(host, address)}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    appleBaseUrl: `${baseUrl}/mdm/v2`,
    lookupUrl: `${baseUrl}/lookup`,
    state,
    restored: opened?.restored ?? false,
    nanomdmUrl: `${baseUrl}/nanomdm`,
    mdm,
    close() {
      if (!closing) {
        closing = new Promise<void>((resolve, reject) => {
          stateFile?.close();
          state.dispose();
          mdm.dispose();
          server.close(error => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        });
      }
      return closing;
    },
  };
}
