/** PostgreSQL's SQLSTATE for a deadlock it broke by failing this statement. */
const DEADLOCK_DETECTED = '40P01';

/** Attempts at a statement PostgreSQL keeps choosing as a deadlock's victim. */
const ATTEMPTS = 4;

/**
 * Runs a single-statement write again when PostgreSQL broke a deadlock by failing it.
 * Multi-row updates of distribution items (a worker recording a send for 500 items, a
 * statement of grouped device answers) can lock shared rows in different orders; one of
 * them then fails, and running it again after the other committed is safe because every
 * such write is conditional on the rows' state (it changes nothing twice).
 */
export async function retryOnDeadlock<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK_DETECTED) throw error;
      if (attempt >= ATTEMPTS) throw error;
    }
  }
}
