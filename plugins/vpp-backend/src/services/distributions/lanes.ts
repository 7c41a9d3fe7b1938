/**
 * Runs `work` over `tasks` in order, at most `lanes` at a time. After a failure no
 * further task starts (as a loop would stop); once the running ones have ended, the
 * first failure is thrown.
 */
export async function inLanes<T>(
  lanes: number,
  tasks: T[],
  work: (task: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < tasks.length) {
      try {
        await work(tasks[next++]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(lanes, tasks.length) }, lane),
  );
  if (failure) throw failure.error;
}
