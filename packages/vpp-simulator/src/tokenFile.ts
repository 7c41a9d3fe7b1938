import { formatAppleDate, parseIsoDate } from './dates';

/** The JSON object inside a `.vpptoken` file. */
export interface TokenFileContent {
  token: string;
  expDate: string;
  orgName: string;
}

/** Builds `.vpptoken` file content: Base64 of compact JSON `{token, expDate, orgName}`. */
export function encodeTokenFile(input: {
  token: string;
  expDate: Date;
  orgName: string;
}): string {
  const content: TokenFileContent = {
    token: input.token,
    expDate: formatAppleDate(input.expDate),
    orgName: input.orgName,
  };
  return Buffer.from(JSON.stringify(content), 'utf8').toString('base64');
}

/** Decodes `.vpptoken` file content; throws on anything that is not one. */
export function decodeTokenFile(fileContent: string): TokenFileContent & {
  expiresAt: Date;
} {
  const json = Buffer.from(fileContent.trim(), 'base64').toString('utf8');
  const parsed = JSON.parse(json) as Partial<TokenFileContent>;
  if (
    typeof parsed.token !== 'string' ||
    typeof parsed.expDate !== 'string' ||
    typeof parsed.orgName !== 'string'
  ) {
    throw new Error('Not a .vpptoken file: missing token, expDate or orgName');
  }
  const expiresAt = parseIsoDate(parsed.expDate);
  if (!expiresAt) {
    throw new Error(`Not a .vpptoken file: bad expDate ${parsed.expDate}`);
  }
  return {
    token: parsed.token,
    expDate: parsed.expDate,
    orgName: parsed.orgName,
    expiresAt,
  };
}
