import { DateTime } from 'luxon';

/** What a chosen `.vpptoken` file looks like, as a hint only; the server decides. */
export interface TokenFileInspection {
  problems: Array<
    | { key: 'empty' | 'tooLarge' | 'extension' | 'notBase64' | 'notJson' }
    | { key: 'missingKeys'; keys: string }
  >;
  /** What the file says about itself, when it could be read. */
  preview?: { orgName: string; expiresAt?: string };
}

export const MAX_TOKEN_FILE_BYTES = 64 * 1024;

function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!compact || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    return undefined;
  }
  try {
    const binary = atob(compact);
    if (typeof TextDecoder === 'undefined') {
      return binary;
    }
    const bytes = Uint8Array.from(binary, c => c.charCodeAt(0));
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return undefined;
  }
}

function parseAppleDate(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const iso = DateTime.fromISO(value, { setZone: true });
  if (iso.isValid) {
    return iso.toISO() ?? undefined;
  }
  // Apple writes e.g. 2026-11-04T13:35:33+0000
  const apple = DateTime.fromFormat(value, "yyyy-MM-dd'T'HH:mm:ssZZZ", {
    setZone: true,
  });
  return apple.isValid ? apple.toISO() ?? undefined : undefined;
}

/**
 * Looks at a chosen file the way a person would, to warn early about an obviously wrong
 * file (R-TOK-2). Never blocks submitting: the backend is the authority.
 */
export function inspectTokenFile(file: {
  name: string;
  size: number;
  content: string;
}): TokenFileInspection {
  const problems: TokenFileInspection['problems'] = [];
  if (!file.name.toLowerCase().endsWith('.vpptoken')) {
    problems.push({ key: 'extension' });
  }
  if (file.size === 0 || file.content.trim() === '') {
    problems.push({ key: 'empty' });
    return { problems };
  }
  if (file.size > MAX_TOKEN_FILE_BYTES) {
    problems.push({ key: 'tooLarge' });
    return { problems };
  }
  const decoded = decodeBase64(file.content);
  if (decoded === undefined) {
    problems.push({ key: 'notBase64' });
    return { problems };
  }
  let json: unknown;
  try {
    json = JSON.parse(decoded);
  } catch {
    json = undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    problems.push({ key: 'notJson' });
    return { problems };
  }
  const record = json as Record<string, unknown>;
  const missing = ['token', 'expDate', 'orgName'].filter(
    key => typeof record[key] !== 'string' || record[key] === '',
  );
  if (missing.length > 0) {
    problems.push({ key: 'missingKeys', keys: missing.join(', ') });
  }
  return {
    problems,
    preview:
      typeof record.orgName === 'string'
        ? {
            orgName: record.orgName,
            expiresAt: parseAppleDate(record.expDate),
          }
        : undefined,
  };
}

/** Reads a chosen file as text (a `.vpptoken` is Base64 text). */
export function readFileAsText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () =>
      reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsText(file);
  });
}
