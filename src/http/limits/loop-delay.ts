/**
 * How late the request thread runs, for admission (admission.ts). Past its capacity, a server's
 * requests wait not only in admission's queue but unread in their sockets. The thread is busy with
 * the requests it has taken, and admission cannot refuse a request it has not seen yet. The
 * thread's lateness measures that backlog. (The waits of seconds seen in the agency bench at 300
 * req/s were not this: the thread stayed under 25 ms late; they were the bench's per-agency share
 * of 64 queueing, bench/README.md.) Admission reads the median of node:perf_hooks'
 * event-loop delay over the last window: one long pause (a collection, one big document parsed)
 * is one sample and does not move it, while a thread that is behind is late at every turn.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  /** ms the thread ran late at the median turn of the last complete window; 0 before the first */
  lateMs(): number;
  close(): void;
}

/** how often the delay is sampled: each sample is the time between two turns of a timer this long */
const RESOLUTION_MS = 10;
export const LOOP_DELAY_WINDOW_MS = 500;

export function loopDelay(windowMs = LOOP_DELAY_WINDOW_MS): LoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let late = 0;
  const timer = setInterval(() => {
    // a sample is the whole time between two turns (nanoseconds): the timer's own period is not late
    late = histogram.count > 0 ? Math.max(0, histogram.percentile(50) / 1e6 - RESOLUTION_MS) : 0;
    histogram.reset();
  }, windowMs);
  timer.unref();
  return {
    lateMs: () => late,
    close() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
