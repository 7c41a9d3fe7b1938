import { ManualClock, flushMicrotasks } from './clock';
import {
  RatePermit,
  SlidingWindowRateLimiter,
  tokenFingerprint,
} from './rateLimiter';
import { maxInWindow } from './testUtils';

/** Deterministic pseudo-random numbers. */
function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

describe('SlidingWindowRateLimiter', () => {
  it('grants `limit` at once, then waits until a finished request leaves the window', async () => {
    const clock = new ManualClock(0);
    const limiter = new SlidingWindowRateLimiter({ clock, safetyMarginMs: 0 });
    const grants: number[] = [];
    const permits: RatePermit[] = [];
    const all = Array.from({ length: 16 }, () =>
      limiter.acquire('k', 15).then(p => {
        grants.push(clock.now());
        permits.push(p);
      }),
    );
    await flushMicrotasks(200);
    expect(grants).toHaveLength(15);
    // Answers arrive after 50 ms; the slot is free 1000 ms after that.
    await clock.advance(50);
    permits.forEach(p => p.release());
    await clock.advance(999);
    expect(grants).toHaveLength(15);
    await clock.advance(1);
    await Promise.all(all);
    expect(grants[15]).toBe(1050);
  });

  it('keeps a slot while the request is in flight', async () => {
    const clock = new ManualClock(0);
    const limiter = new SlidingWindowRateLimiter({ clock, safetyMarginMs: 0 });
    const first = await limiter.acquire('k', 1);
    let granted = false;
    const second = limiter.acquire('k', 1).then(p => {
      granted = true;
      return p;
    });
    await clock.advance(5000);
    expect(granted).toBe(false);
    first.release();
    first.release(); // idempotent
    await clock.advance(999);
    expect(granted).toBe(false);
    await clock.advance(1);
    (await second).release();
    expect(granted).toBe(true);
  });

  it('never lets more than `limit` requests ARRIVE within any window, whatever the latency', async () => {
    const clock = new ManualClock(0);
    const limiter = new SlidingWindowRateLimiter({ clock, safetyMarginMs: 0 });
    const random = lcg(42);
    const arrivals: number[] = [];
    const sends: number[] = [];
    const requests = Array.from({ length: 150 }, async () => {
      const permit = await limiter.acquire('k', 15);
      const sentAt = clock.now();
      sends.push(sentAt);
      // Wildly varying latency: some requests take over a second to arrive.
      const toServer =
        random() < 0.2
          ? 200 + Math.floor(random() * 1200)
          : Math.floor(random() * 30);
      const back = Math.floor(random() * 40);
      await clock.sleep(toServer);
      arrivals.push(clock.now());
      await clock.sleep(back);
      permit.release();
    });
    let finished = 0;
    requests.forEach(r => r.then(() => finished++));
    for (let i = 0; i < 20_000 && finished < 150; i++) {
      await clock.advance(7);
    }
    await Promise.all(requests);
    expect(arrivals).toHaveLength(150);
    expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(15);
    expect(maxInWindow(sends, 1000)).toBeLessThanOrEqual(15);
  });

  it('keeps keys independent', async () => {
    const clock = new ManualClock(0);
    const limiter = new SlidingWindowRateLimiter({ clock });
    for (let i = 0; i < 3; i++) await limiter.acquire('a', 3);
    let bGranted = false;
    await limiter.acquire('b', 3).then(() => {
      bGranted = true;
    });
    expect(bGranted).toBe(true);
    expect(limiter.occupiedSlots('a')).toBe(3);
  });

  it('pauses a key after a 429', async () => {
    const clock = new ManualClock(0);
    const limiter = new SlidingWindowRateLimiter({ clock });
    limiter.pauseFor('k', 5000);
    let granted = false;
    const p = limiter.acquire('k', 15).then(() => {
      granted = true;
    });
    await clock.advance(4999);
    expect(granted).toBe(false);
    await clock.advance(1);
    await p;
    expect(granted).toBe(true);
  });

  it('frees a slot that is never released after maxHoldMs', async () => {
    const clock = new ManualClock(0);
    const limiter = new SlidingWindowRateLimiter({
      clock,
      safetyMarginMs: 0,
      maxHoldMs: 10_000,
    });
    await limiter.acquire('k', 1); // never released
    let granted = false;
    const p = limiter.acquire('k', 1).then(() => {
      granted = true;
    });
    await clock.advance(10_999);
    expect(granted).toBe(false);
    await clock.advance(1);
    await p;
    expect(granted).toBe(true);
  });

  it('serves waiters in order and lets an aborted waiter leave without blocking others', async () => {
    const clock = new ManualClock(0);
    const limiter = new SlidingWindowRateLimiter({ clock, safetyMarginMs: 0 });
    (await limiter.acquire('k', 1)).release();
    const order: string[] = [];
    const controller = new AbortController();
    const first = limiter.acquire('k', 1).then(p => {
      order.push('first');
      p.release();
    });
    const aborted = limiter.acquire('k', 1, controller.signal).then(
      () => order.push('aborted-granted'),
      () => order.push('aborted-rejected'),
    );
    const third = limiter.acquire('k', 1).then(p => {
      order.push('third');
      p.release();
    });
    controller.abort();
    await flushMicrotasks(50);
    await clock.advance(1000);
    await clock.advance(1000);
    await Promise.all([first, aborted, third]);
    expect(order).toEqual(['aborted-rejected', 'first', 'third']);
  });
});

describe('tokenFingerprint', () => {
  it('is stable, short and does not reveal the token', () => {
    const token = 'eyJ0b2tlbiI6InNlY3JldCJ9';
    expect(tokenFingerprint(token)).toBe(tokenFingerprint(token));
    expect(tokenFingerprint(token)).toMatch(/^[0-9a-f]{16}$/);
    expect(tokenFingerprint(token)).not.toContain(token.slice(0, 8));
    expect(tokenFingerprint(`${token}x`)).not.toBe(tokenFingerprint(token));
  });
});
