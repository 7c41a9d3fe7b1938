/** What {@link measure} found while a benchmark step ran. */
export interface Measured<T> {
  result: T;
  wallMs: number;
  /** Memory when the step started (after a GC when `--expose-gc` is on). */
  before: NodeJS.MemoryUsage;
  peakRss: number;
  peakHeap: number;
  /** CPU time of this process (user + system) during the step. */
  cpuMs: number;
}

/** Runs a full GC when node was started with `--expose-gc` (`yarn bench` does). */
export function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs `fn`, timing it and sampling RSS and heap every 10 ms. */
export async function measure<T>(fn: () => Promise<T>): Promise<Measured<T>> {
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 10);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const result = await fn();
    const cpu = process.cpuUsage(cpuBefore);
    return {
      result,
      wallMs: performance.now() - started,
      cpuMs: (cpu.user + cpu.system) / 1000,
      before,
      peakRss,
      peakHeap,
    };
  } finally {
    clearInterval(sampler);
  }
}
