/**
 * Admission control. Past its capacity a server that takes every request slows everyone down
 * together until nobody is answered in time; this one works on at most `maxInFlight` requests, lets
 * `maxQueued` more wait up to `maxWaitMs`, and answers the rest at once: 503 OVERLOADED with
 * Retry-After. A request whose client has gone while it waited is dropped without being worked on.
 */
import type { NextFunction, Request, Response } from 'express';

export interface AdmissionLimits {
  maxInFlight: number;
  maxQueued: number;
  maxWaitMs: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { maxInFlight: 32, maxQueued: 64, maxWaitMs: 2000 };

interface Waiter {
  admit(): void;
  timer: NodeJS.Timeout;
}

export function admissionControl(limits: AdmissionLimits) {
  let inFlight = 0;
  const queue: Waiter[] = [];

  const release = () => {
    inFlight -= 1;
    const next = queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admit();
    }
  };

  const middleware = (req: Request, res: Response, next: NextFunction): void => {
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
  return Object.assign(middleware, { stats: () => ({ inFlight, queued: queue.length }) });
}

function overloaded(res: Response): void {
  if (res.headersSent) return;
  res.setHeader('retry-after', '1');
  res.status(503).json({
    errors: [{ message: 'the hub is at capacity: retry in a second', extensions: { code: 'OVERLOADED' } }],
  });
}
