import { retryOnDeadlock } from './deadlocks';

const deadlock = Object.assign(new Error('deadlock detected'), {
  code: '40P01',
});

describe('retryOnDeadlock', () => {
  it('runs a write again after PostgreSQL broke a deadlock with it', async () => {
    const write = jest
      .fn()
      .mockRejectedValueOnce(deadlock)
      .mockRejectedValueOnce(deadlock)
      .mockResolvedValueOnce(3);
    await expect(retryOnDeadlock(write)).resolves.toBe(3);
    expect(write).toHaveBeenCalledTimes(3);
  });

  it('gives up after four attempts with the deadlock error', async () => {
    const write = jest.fn().mockRejectedValue(deadlock);
    await expect(retryOnDeadlock(write)).rejects.toBe(deadlock);
    expect(write).toHaveBeenCalledTimes(4);
  });

  it('does not run a write again for any other error', async () => {
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    const write = jest.fn().mockRejectedValue(unique);
    await expect(retryOnDeadlock(write)).rejects.toBe(unique);
    expect(write).toHaveBeenCalledTimes(1);
  });
});
