/**
 * Before a bank push's body is read: the bank is known, its signature headers are there and fresh,
 * and the bank has fewer than `maxInFlight` pushes being worked on. A push failing any of these is
 * answered at once and the connection closed, so an unsigned 10 MB body is never buffered (100 of
 * them once took the process from 565 MB to 1.3 GB), and one bank's flood cannot hold every slot.
 */
import type { NextFunction, Request, Response } from 'express';
import type { BankProfiles } from '../services/bank-profiles';
import { checkSignatureHeaders, SignatureRefused } from './webhook-signature';
import { now as clockNow } from '../clock';

function refuse(res: Response, status: number, body: { error: string; code: string }, retryAfter?: string) {
  // The body is not read: closing the connection spares reading what is left of it.
  res.setHeader('connection', 'close');
  if (retryAfter) res.setHeader('retry-after', retryAfter);
  res.status(status).json(body);
}

export function pushPrecheck(profiles: BankProfiles, maxInFlight: number) {
  const inFlight = new Map<string, number>();
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const bankCode = String(req.params.bankCode);
    try {
      checkSignatureHeaders(
        {
          id: req.header('webhook-id'),
          timestamp: req.header('webhook-timestamp'),
          signature: req.header('webhook-signature'),
        },
        clockNow(),
      );
      // An unknown bank is refused like a bad signature, so the route does not list banks.
      // kept per process, checked in the push's transaction (bank-profiles.ts): no look-up a push
      const found = bankCode.length <= 32 ? await profiles.get(bankCode) : null;
      if (!found) throw new SignatureRefused('webhook-signature does not match');
      res.locals.bank = found; // the push reads it from here
    } catch (err) {
      if (err instanceof SignatureRefused)
        return refuse(res, 401, { error: err.message, code: 'UNAUTHENTICATED' });
      return next(err);
    }
    const busy = inFlight.get(bankCode) ?? 0;
    if (busy >= maxInFlight) {
      return refuse(
        res,
        429,
        {
          error: `${bankCode} already has ${busy} pushes being taken in (at most ${maxInFlight}); retry in a second`,
          code: 'TOO_MANY_PUSHES',
        },
        '1',
      );
    }
    inFlight.set(bankCode, busy + 1);
    res.once('close', () => {
      const left = (inFlight.get(bankCode) ?? 1) - 1;
      if (left > 0) inFlight.set(bankCode, left);
      else inFlight.delete(bankCode);
    });
    next();
  };
}
