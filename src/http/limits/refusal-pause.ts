/**
 * A caller refused again within a second of its last refusal gets the next one after a pause.
 * A client that ignores `Retry-After` and sends again the moment it is refused (the hostile
 * bench's 64 connections did, some 600 times a second) otherwise keeps the request thread busy
 * refusing it: a third of that thread's time went on 429s while a normal caller waited its turn.
 * The first refusal is answered at once, as before; a repeat waits REPEAT_PAUSE_MS (no longer than
 * its Retry-After), costing an open socket rather than CPU. At most MAX_HELD answers wait at once:
 * past that they are answered at once again, so the pause can never hold the hub's sockets.
 */
import type { ServerResponse } from 'node:http';

export const REPEAT_WINDOW_MS = 1000;
export const REPEAT_PAUSE_MS = 1000;
const MAX_HELD = 2000;
/** callers refused lately: key → when; cleared whole when it grows past this many */
const MAX_REMEMBERED = 20_000;

const lastRefused = new Map<string, number>();
let held = 0;

/** Sends `answer` now, or after a pause when `caller` was refused within the last second. */
export function refuseWithPause(
  res: ServerResponse,
  caller: string,
  retryAfterS: number,
  answer: () => void,
): void {
  const now = Date.now();
  const before = lastRefused.get(caller);
  if (lastRefused.size >= MAX_REMEMBERED) lastRefused.clear();
  lastRefused.set(caller, now);
  const pauseMs = Math.min(REPEAT_PAUSE_MS, retryAfterS * 1000);
  if (before === undefined || now - before > REPEAT_WINDOW_MS || held >= MAX_HELD) return answer();
  held += 1;
  const timer = setTimeout(() => {
    held -= 1;
    res.off('close', gone);
    if (!res.headersSent && !res.destroyed) answer();
  }, pauseMs);
  const gone = () => {
    clearTimeout(timer);
    held -= 1;
  };
  res.once('close', gone);
}

export const refusalsHeld = (): number => held;
