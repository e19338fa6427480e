/**
 * How late the request thread runs, for admission (admission.ts). Past its capacity, a server's
 * requests wait not only in admission's queue but unread in their sockets. The thread is busy with
 * the requests it has taken, and admission cannot refuse a request it has not seen yet. The
 * thread's lateness measures that backlog. (The waits of seconds seen in the agency bench at 300
 * req/s were not this: the thread stayed under 25 ms late; they were the bench's per-agency share
 * of 64 queueing, bench/README.md.) Admission reads the median of node:perf_hooks'
 * event-loop delay over the last window: one long pause (a collection, one big document parsed,
 * the machine stalled) is one sample and does not move it, while a thread that is behind is late
 * at every turn.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  /** ms the thread ran late at the median turn of the last judged window; 0 before the first */
  lateMs(): number;
  close(): void;
}

/** how often the delay is sampled: each sample is the time between two turns of a timer this long */
const RESOLUTION_MS = 10;
export const LOOP_DELAY_WINDOW_MS = 500;
/**
 * A window is judged only once it holds this many turns; a shorter one is carried into the next.
 * A pause that starts just after a window opened can be that window's only sample (the monitor's
 * timer, due first, records it before the window's timer fires): judged alone, one 1.2 s pause read
 * as a thread 1.2 s late, and the next request was refused (CI, 2026-12-08). A thread that is
 * behind is still found, after three of its late turns.
 */
export const MIN_TURNS_JUDGED = 3;

interface DelaySamples {
  readonly count: number;
  percentile(p: number): number;
  reset(): void;
}

/** The rule, apart from the timers (unit-tested with samples of its own: loop-delay.test.ts). */
export function windowJudge(samples: DelaySamples) {
  let late = 0;
  return {
    lateMs: () => late,
    endWindow(): void {
      if (samples.count < MIN_TURNS_JUDGED) return;
      // a sample is the whole time between two turns (nanoseconds): the timer's own period is not late
      late = Math.max(0, samples.percentile(50) / 1e6 - RESOLUTION_MS);
      samples.reset();
    },
  };
}

export function loopDelay(windowMs = LOOP_DELAY_WINDOW_MS): LoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const judge = windowJudge(histogram);
  const timer = setInterval(judge.endWindow, windowMs);
  timer.unref();
  return {
    lateMs: judge.lateMs,
    close() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
