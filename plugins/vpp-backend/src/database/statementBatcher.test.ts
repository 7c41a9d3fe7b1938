import { StatementBatcher } from './statementBatcher';

/** A writer whose statements finish when the test says, recording each batch. */
function controlledWriter(keyOf?: (item: string) => string, maxBatch = 3) {
  const batches: string[][] = [];
  const finish: Array<(fail?: Error) => void> = [];
  const writes = new StatementBatcher<string, string>({
    maxBatch,
    keyOf,
    write: batch =>
      new Promise<string[]>((resolve, reject) => {
        batches.push(batch);
        finish.push(fail =>
          fail ? reject(fail) : resolve(batch.map(item => `${item}!`)),
        );
      }),
  });
  const next = async (fail?: Error) => {
    // Lets the writer take its next batch before finishing it.
    await new Promise(resolve => setImmediate(resolve));
    finish.shift()!(fail);
  };
  return { writes, batches, next };
}

describe('StatementBatcher', () => {
  it('writes what arrives during a statement in the next one, each with its result', async () => {
    const { writes, batches, next } = controlledWriter();
    const results = ['a', 'b', 'c', 'd', 'e'].map(item => writes.add(item));
    await next();
    await next();
    await next();
    expect(batches).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
    expect(await Promise.all(results)).toEqual(['a!', 'b!', 'c!', 'd!', 'e!']);
  });

  it('never puts two writes of one key in one statement, and keeps their order', async () => {
    const { writes, batches, next } = controlledWriter(item => item[0], 10);
    const results = ['x1', 'a1', 'b1', 'a2', 'c1', 'a3', 'b2'].map(item =>
      writes.add(item),
    );
    for (let i = 0; i < 4; i++) await next();
    expect(batches).toEqual([['x1'], ['a1', 'b1', 'c1'], ['a2', 'b2'], ['a3']]);
    expect(await Promise.all(results)).toHaveLength(7);
  });

  it('rejects only the writes of a failed statement and goes on with the rest', async () => {
    const { writes, batches, next } = controlledWriter();
    const first = writes.add('a');
    const second = [writes.add('b'), writes.add('c')];
    const third = writes.add('d');
    await next();
    await next(new Error('deadlock detected'));
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    await expect(first).resolves.toBe('a!');
    await expect(Promise.all([...second, third])).rejects.toThrow(
      'deadlock detected',
    );
    const later = writes.add('e');
    await next();
    await expect(later).resolves.toBe('e!');
  });
});
