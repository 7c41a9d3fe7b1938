import { readdir, readFile } from 'node:fs/promises';

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
  /** CPU time of each watched group of other processes during the step (Linux only). */
  otherCpuMs: Record<string, number>;
}

/** Processes to account CPU for besides this one, by name (e.g. the simulator, PostgreSQL). */
export type WatchedProcesses = Record<string, () => Promise<number[]>>;

/** Runs a full GC when node was started with `--expose-gc` (`yarn bench` does). */
export function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

const clockTicksPerMs = 100 / 1000; // USER_HZ is 100 on Linux

/** utime + stime of a process in ms from /proc, 0 once it is gone or off Linux. */
async function processCpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicksPerMs;
  } catch {
    return 0;
  }
}

async function sampleCpu(
  watched: WatchedProcesses,
): Promise<Record<string, Map<number, number>>> {
  const sample: Record<string, Map<number, number>> = {};
  for (const [name, pids] of Object.entries(watched)) {
    const cpu = new Map<number, number>();
    for (const pid of await pids()) cpu.set(pid, await processCpuMs(pid));
    sample[name] = cpu;
  }
  return sample;
}

/** Runs `fn`, timing it and sampling RSS every 10 ms and the heap every 100 ms. */
export async function measure<T>(
  fn: () => Promise<T>,
  watched: WatchedProcesses = {},
): Promise<Measured<T>> {
  gc();
  const cpuOthersBefore = await sampleCpu(watched);
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  // RSS every 10 ms (cheap); the heap every 100 ms: a full memoryUsage() each 10 ms cost
  // the process under test 2 s of CPU in a 90 s run.
  let ticks = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (++ticks % 10 === 0) {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  }, 10);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const result = await fn();
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - started;
    const cpuOthersAfter = await sampleCpu(watched);
    const otherCpuMs: Record<string, number> = {};
    for (const [name, after] of Object.entries(cpuOthersAfter)) {
      let total = 0;
      // A process that started during the step spent all its CPU in it.
      for (const [pid, ms] of after) {
        total += ms - (cpuOthersBefore[name].get(pid) ?? 0);
      }
      otherCpuMs[name] = total;
    }
    return {
      result,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      otherCpuMs,
      before,
      peakRss,
      peakHeap,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Processes whose command name is `name` (e.g. every PostgreSQL backend and helper). */
export async function pidsNamed(name: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if ((await readFile(`/proc/${entry}/comm`, 'utf8')).trim() === name) {
        pids.push(Number(entry));
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}
