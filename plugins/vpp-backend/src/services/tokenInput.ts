import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';
import {
  parseTokenFile,
  ParsedTokenFile,
  TokenFileError,
} from '../apple/tokenFile';

/* What a person sends to register or change a token, checked; a 400 says what to do. */

export function readTokenFile(content: unknown): ParsedTokenFile {
  if (typeof content !== 'string') {
    throw new InputError(
      'tokenFile must be the content of the .vpptoken file as a string.',
    );
  }
  try {
    return parseTokenFile(content);
  } catch (error) {
    if (error instanceof TokenFileError) {
      throw new InputError(error.message);
    }
    throw error;
  }
}

export function normaliseGroupRef(ref: unknown): string {
  if (typeof ref !== 'string' || !ref.trim()) {
    throw new InputError(
      'owner must be a catalog group, e.g. "group:default/tokyo-it".',
    );
  }
  let parsed;
  try {
    parsed = parseEntityRef(ref.trim(), { defaultKind: 'group' });
  } catch (error) {
    throw new InputError(
      `owner "${ref}" is not a valid entity reference; use e.g. "group:default/tokyo-it".`,
    );
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new InputError(
      `owner must be a group, not a ${parsed.kind}; use e.g. "group:default/tokyo-it".`,
    );
  }
  return stringifyEntityRef({ ...parsed, kind: 'group' });
}

/** A day as the token pages show it (UTC). */
export function formatDay(date: Date): string {
  return DateTime.fromJSDate(date).toUTC().toFormat('yyyy-MM-dd');
}
