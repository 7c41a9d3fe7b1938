import { useCallback, useState } from 'react';
import { errorMessage } from './errors';

/**
 * One request a dialog sends on the person's behalf: whether it is under way, and the
 * message of its last failure, for the dialog to show.
 */
export interface Submission {
  running: boolean;
  error?: string;
  /**
   * Clears the last failure and runs `request`. A failure becomes `error` and is also
   * returned, for dialogs that react to its kind; success returns undefined.
   */
  run(request: () => Promise<void>): Promise<unknown>;
  /** Back to idle, no failure (a dialog closing). */
  reset(): void;
}

/** The state of a dialog's submit button and error message (see {@link Submission}). */
export function useSubmission(): Submission {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();

  const run = useCallback(async (request: () => Promise<void>) => {
    setRunning(true);
    setError(undefined);
    try {
      await request();
      return undefined;
    } catch (e) {
      setError(errorMessage(e));
      return e;
    } finally {
      setRunning(false);
    }
  }, []);

  const reset = useCallback(() => {
    setRunning(false);
    setError(undefined);
  }, []);

  return { running, error, run, reset };
}
