import { realClock } from './waiting';

describe('real clock', () => {
  it('sleeps for the given time', async () => {
    const before = realClock.now();
    await realClock.sleep(20);
    expect(realClock.now() - before).toBeGreaterThanOrEqual(19);
  });

  it('stops sleeping when the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = realClock.sleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
  });
});
