import { createHash } from 'node:crypto';

/** Namespace for derived ids when the parent id is not a UUID (a fixed random v4 UUID). */
const FALLBACK_NAMESPACE = '6f0c2b8e-3c4a-4d55-9a3e-0d6b2f1e7a41';

const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A CommandUUID derived deterministically from a parent id and a name: the RFC 4122
 * version-5 (SHA-1) UUID of `name` in the namespace `parent` (or, when `parent` is not a
 * UUID, of `parent + "\n" + name` in a fixed namespace). The same inputs always give the
 * same id, so a retried send derives the ids of the first try and NanoMDM recognises
 * what it already stored.
 */
export function deriveCommandUuid(parent: string, name: string): string {
  const isUuid = UUID_PATTERN.test(parent);
  const namespace = isUuid ? parent : FALLBACK_NAMESPACE;
  const input = isUuid ? name : `${parent}\n${name}`;
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1')
    .update(namespaceBytes)
    .update(input, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A short fingerprint of a set of enrollment ids (order does not matter). */
export function idsFingerprint(ids: readonly string[]): string {
  return createHash('sha256')
    .update([...ids].sort().join('\n'), 'utf8')
    .digest('hex')
    .slice(0, 32);
}
