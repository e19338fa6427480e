/**
 * What a bench's hub, forked into a process of its own, does for its parent: it starts the hub,
 * stops it (dropping the bench database) when told or when the parent goes, and reports its own
 * memory and event-loop delay over IPC, so that what the bench prints is the hub's alone:
 *   ← { type: 'memory' } → { type: 'memory', rssMb, peakMb, lagP99Ms, lagMaxMs }
 *       (VmRSS and VmHWM of /proc/self/status; the event loop's delay since the last reset)
 *   ← { type: 'reset-peak' }   (VmHWM and the delay histogram start again)
 *   ← { type: 'cpu' }          → { type: 'cpu', us } (the process's user + system CPU time so far)
 *   ← { type: 'close' }        (drops the database and exits)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBenchHub, type BenchHub } from './bench-hub';

export interface HubMemory {
  rssMb: number;
  peakMb: number;
  /** how late the event loop ran a timer: what every request waited behind */
  lagP99Ms: number;
  lagMaxMs: number;
}

/**
 * Starts the hub with `env`, runs `prepare` (filling its data; its answer is sent to the parent as
 * the ready message), then answers the parent's messages until it says close. A failed prepare
 * prints why under `name` and exits.
 */
export async function serveBenchHub(
  name: string,
  env: Record<string, string>,
  prepare: (bench: BenchHub) => Promise<object>,
): Promise<void> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const memory = (): HubMemory => {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
    return {
      rssMb: kb('VmRSS') / 1024,
      peakMb: kb('VmHWM') / 1024,
      lagP99Ms: lag.percentile(99) / 1e6,
      lagMaxMs: lag.max / 1e6,
    };
  };
  const bench = await startBenchHub(env);
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await bench.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', () => void close());
  try {
    const ready = await prepare(bench);
    lag.enable();
    process.send!(ready);
  } catch (err) {
    console.error(`${name}: ${(err as Error).stack}`);
    await close();
    return;
  }
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'memory') process.send!({ type: 'memory', ...memory() });
    // Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM) to the current one.
    if (msg.type === 'reset-peak') {
      writeFileSync('/proc/self/clear_refs', '5');
      lag.reset();
      process.send!({ type: 'reset-peak' });
    }
    if (msg.type === 'cpu') {
      const used = process.cpuUsage();
      process.send!({ type: 'cpu', us: used.user + used.system });
    }
    if (msg.type === 'close') void close();
  });
}
