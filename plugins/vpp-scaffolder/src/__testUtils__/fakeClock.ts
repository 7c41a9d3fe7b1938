import { SyncClock } from '../actions/waiting';

/**
 * A clock whose `sleep` returns at once and moves time on, so waits of minutes run in
 * milliseconds and elapsed times in messages are exact. Still yields to the event
 * loop, so the fake backend's HTTP answers arrive.
 */
export function fakeClock(
  options: { onSleep?: (ms: number) => void } = {},
): SyncClock & { sleeps: number[]; elapsedMs(): number } {
  let now = 1_800_000_000_000;
  const begin = now;
  const sleeps: number[] = [];
  return {
    sleeps,
    elapsedMs: () => now - begin,
    now: () => now,
    async sleep(ms, signal) {
      sleeps.push(ms);
      options.onSleep?.(ms);
      if (signal?.aborted) {
        throw signal.reason;
      }
      now += ms;
      await new Promise(resolve => setImmediate(resolve));
    },
  };
}
