/**
 * Sliding one-second window per token: at most `maxPerSecond` accepted requests in any
 * 1000 ms. Rejected requests do not count, so a client that backs off recovers.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  tryAcquire(key: string, maxPerSecond: number, now = Date.now()): boolean {
    let window = this.windows.get(key);
    if (!window) {
      window = [];
      this.windows.set(key, window);
    }
    while (window.length > 0 && window[0] <= now - 1000) {
      window.shift();
    }
    if (window.length >= maxPerSecond) {
      return false;
    }
    window.push(now);
    return true;
  }

  clear(): void {
    this.windows.clear();
  }
}
