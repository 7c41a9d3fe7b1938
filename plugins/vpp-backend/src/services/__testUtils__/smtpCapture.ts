import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';

/** A message as the SMTP server received it, plus its decoded parts. */
export interface CapturedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The login used, if the client authenticated. */
  user?: string;
  raw: string;
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpCapture {
  port: number;
  messages: CapturedMail[];
  /** Recipients answered with `550` at RCPT TO. */
  rejectRecipients: Set<string>;
  /** Milliseconds the server waits before accepting each message's data. */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every message
 * it accepts. STARTTLS is switched off: its default certificate is self-signed.
 */
export async function startSmtpCapture(
  options: { port?: number; credentials?: { user: string; pass: string } } = {},
): Promise<SmtpCapture> {
  const capture: Omit<SmtpCapture, 'port' | 'close'> = {
    messages: [],
    rejectRecipients: new Set(),
    delayMs: 0,
  };
  const serverOptions: SMTPServerOptions = {
    disabledCommands: options.credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.credentials,
    // Plain-text login without TLS is fine on loopback in a test.
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const { credentials } = options;
      if (
        credentials &&
        auth.username === credentials.user &&
        auth.password === credentials.pass
      ) {
        callback(null, { user: auth.username });
        return;
      }
      callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (capture.rejectRecipients.has(address.address)) {
        const error = new Error(
          `Mailbox ${address.address} unavailable`,
        ) as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', chunk => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        setTimeout(() => {
          capture.messages.push({
            envelopeFrom:
              session.envelope.mailFrom === false
                ? ''
                : session.envelope.mailFrom.address,
            envelopeTo: session.envelope.rcptTo.map(r => r.address),
            user: session.user as string | undefined,
            raw,
            ...parseMessage(raw),
          });
          callback();
        }, capture.delayMs);
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = (server as unknown as { server: { address(): AddressInfo } })
    .server;
  return Object.assign(capture, {
    port: address.address().port,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  });
}

/** Just enough MIME to read what nodemailer writes: headers, encoded words, parts. */
function parseMessage(
  raw: string,
): Pick<CapturedMail, 'headers' | 'subject' | 'text' | 'html'> {
  const { headers, body } = splitEntity(raw);
  const result = {
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
  };
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map(part => splitEntity(part.replace(/^\r\n/, '')))
    : [{ headers, body }];
  const decoded = (type: string) => {
    const part = parts.find(p =>
      (p.headers.get('content-type') ?? 'text/plain').startsWith(type),
    );
    return part
      ? decodeBody(part.body, part.headers.get('content-transfer-encoding'))
      : '';
  };
  return { ...result, text: decoded('text/plain'), html: decoded('text/html') };
}

function splitEntity(entity: string): {
  headers: Map<string, string>;
  body: string;
} {
  const end = entity.indexOf('\r\n\r\n');
  const head = entity.slice(0, end).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(
      line.slice(0, colon).trim().toLowerCase(),
      line.slice(colon + 1).trim(),
    );
  }
  return { headers, body: entity.slice(end + 4) };
}

function decodeBody(body: string, encoding = '7bit'): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.replace(/=\r\n/g, ''));
    default:
      return body;
  }
}

function decodeQuotedPrintable(value: string): string {
  return quotedPrintableBytes(value).toString('utf8');
}

function quotedPrintableBytes(value: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '=' && /^[0-9A-F]{2}$/i.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(value[i], 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/**
 * RFC 2047 encoded words. Whitespace between two of them is not part of the text, and a
 * character may be split across two, so adjacent words are decoded as one byte run.
 */
function decodeWords(value: string): string {
  const word = /=\?[^?]+\?([BQ])\?([^?]*)\?=/gi;
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/(?:=\?[^?]+\?[BQ]\?[^?]*\?=)+/gi, run =>
      Buffer.concat(
        [...run.matchAll(word)].map(([, encoding, text]) =>
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : quotedPrintableBytes(text.replace(/_/g, ' ')),
        ),
      ).toString('utf8'),
    );
}
