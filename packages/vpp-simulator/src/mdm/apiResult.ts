/** NanoMDM's API answer (`api.APIResult`); keys are omitted when empty. */
export interface NanoApiResult {
  status?: Record<
    string,
    { push_result?: string; push_error?: string; command_error?: string }
  >;
  no_push?: boolean;
  push_error?: string;
  command_error?: string;
  command_uuid?: string;
  request_type?: string;
}

/** NanoMDM's `code()`: 500 on a top-level error or when every id failed, 207 when some did. */
export function apiStatusCode(result: NanoApiResult, idCount: number): number {
  if (result.push_error || result.command_error) {
    return 500;
  }
  const failed = Object.values(result.status ?? {}).filter(
    entry => entry.push_error || entry.command_error,
  ).length;
  if (failed === 0) {
    return 200;
  }
  return failed < idCount ? 207 : 500;
}
