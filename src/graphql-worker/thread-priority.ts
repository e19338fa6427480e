/**
 * A heavy-lane worker yields the CPU to the main thread. On a machine with few cores, two workers
 * busy with hostile documents otherwise take as much CPU as the thread every other request is
 * answered on, and a normal request waits its turn for a core. On Linux a thread's nice value is
 * its own: setpriority with this thread's id (from /proc/thread-self) lowers only this thread.
 * Raising a nice value needs no privilege; elsewhere (no /proc) the worker keeps its priority.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Logger } from 'pino';

export const HEAVY_WORKER_NICENESS = 10;

export function lowerThisThreadsPriority(log: Logger, niceness = HEAVY_WORKER_NICENESS): void {
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, niceness);
  } catch (err) {
    log.debug({ err: (err as Error).message }, 'heavy worker: priority not lowered');
  }
}
