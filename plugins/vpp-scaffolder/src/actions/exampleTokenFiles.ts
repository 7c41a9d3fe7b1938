/**
 * Made-up `.vpptoken` files for the action examples and tests. The `token` inside is
 * not a real Apple secret.
 */
function vppTokenFile(orgName: string, expDate: string): string {
  return Buffer.from(
    JSON.stringify({
      token: Buffer.from('This is not a real token').toString('base64'),
      expDate,
      orgName,
    }),
  ).toString('base64');
}

function fileDataUrl(fileName: string, content: string): string {
  return `data:application/octet-stream;name=${encodeURIComponent(
    fileName,
  )};base64,${Buffer.from(content).toString('base64')}`;
}

/** Content of the example `.vpptoken` file expiring in 2027. */
export const EXAMPLE_TOKEN_FILE = vppTokenFile(
  'Example Corp',
  '2027-03-31T10:00:00+0000',
);

/** The same file as the template form's file field sends it. */
export const EXAMPLE_TOKEN_DATA_URL = fileDataUrl(
  'sToken_for_Tokyo HQ.vpptoken',
  EXAMPLE_TOKEN_FILE,
);

/** Content of the example renewal file, expiring a year later. */
export const EXAMPLE_RENEWAL_FILE = vppTokenFile(
  'Example Corp',
  '2028-03-31T10:00:00+0000',
);

/** The renewal file as the template form's file field sends it. */
export const EXAMPLE_RENEWAL_DATA_URL = fileDataUrl(
  'sToken_for_Tokyo HQ (2028).vpptoken',
  EXAMPLE_RENEWAL_FILE,
);
