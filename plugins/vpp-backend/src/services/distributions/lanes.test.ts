import { inLanes } from './lanes';

describe('inLanes', () => {
  it('runs the tasks in order, at most so many at a time', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await inLanes(2, [1, 2, 3, 4, 5], async task => {
      started.push(task);
      running++;
      most = Math.max(most, running);
      await new Promise(resolve => setTimeout(resolve, task % 2 ? 5 : 1));
      running--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('starts nothing after a failure, lets the running task end, and throws the first failure', async () => {
    const ended: number[] = [];
    const run = inLanes(2, [1, 2, 3, 4], async task => {
      if (task === 1) throw new Error('first');
      await new Promise(resolve => setTimeout(resolve, 5));
      ended.push(task);
      if (task === 2) throw new Error('second');
    });
    await expect(run).rejects.toThrow('first');
    expect(ended).toEqual([2]);
  });

  it('does nothing without tasks', async () => {
    await expect(inLanes(2, [], async () => {})).resolves.toBeUndefined();
  });
});
