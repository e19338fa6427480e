/**
 * Admission control. Past its capacity a server that takes every request slows everyone down
 * together until nobody is answered in time; this one works on at most `maxInFlight` requests, lets
 * `maxQueued` more wait up to `maxWaitMs`, and answers the rest at once: 503 OVERLOADED with
 * Retry-After. A request whose client has gone while it waited is dropped without being worked on.
 * One agency (bank, contractor, organisation and district: agency.ts) has at most
 * `maxPerAgency` requests in the hub at once, worked on or waiting; one more is 429 RATE_LIMITED
 * with Retry-After, so that one caller's flood cannot take every slot and turn the others away.
 * While the request thread runs more than `maxLoopDelayMs` late (loop-delay.ts), a new request is
 * answered 503 OVERLOADED at once, before its body is read: its wait would be unbounded.
 */
import { answerJson, type HubMiddleware, type HubResponse } from '../plain-http';
import type { Caller } from '../../auth/caller';
import { agencyKey, CALLER_LOCAL } from './agency';
import { refuseWithPause } from './refusal-pause';

export interface AdmissionLimits {
  maxInFlight: number;
  maxQueued: number;
  maxWaitMs: number;
  /** unset: no per-agency share (bank pushes have theirs per bank, in the push route) */
  maxPerAgency?: number;
  /** unset: the thread's lateness is not watched (bank pushes: a GraphQL flood must not refuse them) */
  maxLoopDelayMs?: number;
}

export const DEFAULT_ADMISSION: Required<AdmissionLimits> = {
  maxInFlight: 32,
  maxQueued: 64,
  maxWaitMs: 2000,
  maxPerAgency: 8,
  maxLoopDelayMs: 1000,
};

interface Waiter {
  admit(): void;
  timer: NodeJS.Timeout;
}

/** `lateMs`: how late the request thread runs now (loop-delay.ts), read when maxLoopDelayMs is set */
export function admissionControl(limits: AdmissionLimits, lateMs: () => number = () => 0) {
  let inFlight = 0;
  const queue: Waiter[] = [];
  const perAgency = new Map<string, number>();

  /** false when the caller's agency has its share in the hub already (answered here) */
  const withinShare = (res: HubResponse): boolean => {
    const caller = res.locals[CALLER_LOCAL] as Caller | undefined;
    if (!caller || !limits.maxPerAgency) return true;
    const agency = agencyKey(caller);
    const n = perAgency.get(agency) ?? 0;
    if (n >= limits.maxPerAgency) {
      refuseWithPause(res, `agency:${agency}`, 1, () => tooManyOfOneAgency(res, limits.maxPerAgency!));
      return false;
    }
    perAgency.set(agency, n + 1);
    res.once('close', () => {
      const left = (perAgency.get(agency) ?? 1) - 1;
      if (left > 0) perAgency.set(agency, left);
      else perAgency.delete(agency);
    });
    return true;
  };

  const release = () => {
    inFlight -= 1;
    const next = queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admit();
    }
  };

  const middleware: HubMiddleware = (req, res, next) => {
    const start = () => {
      // A client that left before its turn (while it waited here, or while an earlier middleware
      // awaited) has had its 'close' already: counted, its slot would never be freed. It takes the
      // slot and hands it straight on, unworked.
      if (res.closed || req.socket.destroyed) {
        inFlight += 1;
        return release();
      }
      inFlight += 1;
      let released = false;
      // 'close' comes once the answer is sent or the client has gone, whichever is first.
      res.once('close', () => {
        if (!released) {
          released = true;
          release();
        }
      });
      next();
    };
    if (limits.maxLoopDelayMs && lateMs() > limits.maxLoopDelayMs) {
      return overloaded(res, threadLate(lateMs(), limits.maxLoopDelayMs));
    }
    if (!withinShare(res)) return;
    if (inFlight < limits.maxInFlight) return start();
    if (queue.length >= limits.maxQueued) return overloaded(res);
    const waiter: Waiter = {
      // A waiter whose client left takes the slot and hands it straight on, unworked.
      admit: () => (req.destroyed || res.writableEnded ? handOn() : start()),
      timer: setTimeout(() => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        overloaded(res);
      }, limits.maxWaitMs),
    };
    const handOn = () => {
      inFlight += 1;
      release();
    };
    queue.push(waiter);
  };
  return Object.assign(middleware, {
    stats: () => ({ inFlight, queued: queue.length, agencies: perAgency.size }),
  });
}

interface Refusal {
  message: string;
  extensions: Record<string, unknown>;
}

const AT_CAPACITY: Refusal = {
  message: 'the hub is at capacity: retry in a second',
  extensions: { code: 'OVERLOADED' },
};

const threadLate = (late: number, max: number): Refusal => ({
  message: `the hub is at capacity: its request thread runs ${Math.round(late)} ms late (more than MAX_EVENT_LOOP_DELAY_MS, ${max}); retry in a second`,
  extensions: { code: 'OVERLOADED', limit: 'MAX_EVENT_LOOP_DELAY_MS' },
});

function overloaded(res: HubResponse, refusal: Refusal = AT_CAPACITY): void {
  if (res.headersSent) return;
  res.setHeader('retry-after', '1');
  answerJson(res, 503, { errors: [refusal] });
}

function tooManyOfOneAgency(res: HubResponse, share: number): void {
  res.setHeader('retry-after', '1');
  answerJson(res, 429, {
    errors: [
      {
        message: `rate limit: your agency already has ${share} requests in the hub (MAX_IN_FLIGHT_PER_AGENCY); retry in a second`,
        extensions: { code: 'RATE_LIMITED', limit: 'MAX_IN_FLIGHT_PER_AGENCY' },
      },
    ],
  });
}
