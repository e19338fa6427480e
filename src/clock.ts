/**
 * The hub's one clock. Every "now" and "today" the hub reasons with comes from here, so a test can
 * put the hub at any date and the machine's own date never decides an outcome.
 *
 * Tests set it with `setClock`: by default the set clock keeps running from the instant given (an
 * offset from the machine's clock), so timers, back-offs and token lifetimes still behave; `frozen`
 * pins it. Production never sets it.
 */
import { shanghaiDateOf } from './domain/dates';

type Source = () => number;

const systemMs: Source = () => Date.now();
let source: Source = systemMs;

/** The current instant, as the hub sees it. */
export function now(): Date {
  return new Date(source());
}

/** Milliseconds since the epoch, as `Date.now()` but from the hub's clock. */
export function nowMs(): number {
  return source();
}

/** Today's Asia/Shanghai calendar date ('YYYY-MM-DD'): the date the law counts. */
export function todayInShanghai(): string {
  return shanghaiDateOf(now());
}

/**
 * Puts the clock at `at` (a Date or an ISO date-time). Running by default: it advances in step with
 * the machine's clock from there. `frozen: true` stops it at `at` until set again.
 */
export function setClock(at: Date | string, opts: { frozen?: boolean } = {}): void {
  const target = typeof at === 'string' ? new Date(at) : at;
  const targetMs = target.getTime();
  if (Number.isNaN(targetMs)) throw new Error(`setClock: ${String(at)} is not a date-time`);
  if (opts.frozen) {
    source = () => targetMs;
    return;
  }
  const offset = targetMs - Date.now();
  source = () => Date.now() + offset;
}

/** Moves a set clock on by `ms` (frozen or running). */
export function advanceClock(ms: number): void {
  const from = source;
  source = () => from() + ms;
}

/** Back to the machine's clock. */
export function resetClock(): void {
  source = systemMs;
}
