import { RateLimiter } from './rateLimiter';
import { RequestLog } from './requestLog';

describe('RateLimiter', () => {
  it('allows maxPerSecond requests in any sliding second per key', () => {
    const limiter = new RateLimiter();
    const at = (ms: number) => limiter.tryAcquire('tok-1', 3, 10_000 + ms);
    expect([at(0), at(100), at(200), at(300)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(limiter.tryAcquire('tok-2', 3, 10_300)).toBe(true);
    expect(at(999)).toBe(false);
    expect(at(1000)).toBe(true);
  });
});

describe('RequestLog', () => {
  it('counts requests per token per second and in any sliding window', () => {
    const log = new RequestLog(() => 1000);
    const base = 1_700_000_000_000;
    for (const offset of [0, 700, 900, 1100, 1200, 2500]) {
      log.start({
        time: base + offset,
        method: 'GET',
        path: '/mdm/v2/assets',
        query: '',
        tokenId: 'tok-1',
        status: 200,
      });
    }
    log.start({ time: base, method: 'GET', path: '/lookup', query: '' });
    const [stats] = log.stats();
    expect(stats.tokenId).toBe('tok-1');
    expect(stats.total).toBe(6);
    expect(stats.perSecond).toEqual([
      { second: base / 1000, count: 3 },
      { second: base / 1000 + 1, count: 2 },
      { second: base / 1000 + 2, count: 1 },
    ]);
    expect(stats.maxPerSecond).toBe(3);
    expect(stats.maxInAnyWindow).toBe(4);
    expect(stats.byStatus).toEqual({ '200': 6 });
    expect(log.list({ pathPrefix: '/lookup' })).toHaveLength(1);
    expect(log.list({ since: base + 1000 })).toHaveLength(3);
  });

  it('keeps at most about the configured number of entries', () => {
    const log = new RequestLog(() => 10);
    for (let i = 0; i < 50; i++) {
      log.start({ time: i, method: 'GET', path: '/', query: '' });
    }
    expect(log.list().length).toBeLessThanOrEqual(11);
    expect(log.list().at(-1)?.time).toBe(49);
  });
});
