/**
 * The push route's body reader. A large body whose size the bank states (Content-Length, 1 MiB or
 * more, not compressed) is written as it arrives into one block of shared memory: no join of some
 * 2,000 chunks at the end (over a 146 MB camt.054, express.raw's join held the hub's thread for
 * hundreds of milliseconds and doubled the body in memory for a moment), and the batch reader's
 * worker reads those bytes without a copy. Everything else goes through express.raw as before,
 * with its limits and its errors; these follow them (413 past the limit, 400 when the body is not
 * the length it said).
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { receiveExactly } from './exact-body';

/** From this size on, a body is received into shared memory (the batch reader's threshold). */
export const SHARED_FROM_BYTES = 1024 * 1024;

export function pushBody(maxBytes: number): RequestHandler {
  const raw = express.raw({ type: () => true, limit: maxBytes });
  return (req: Request, res: Response, next: NextFunction) => {
    const length = Number(req.header('content-length'));
    const encoding = (req.header('content-encoding') ?? 'identity').toLowerCase();
    // express.raw answers a body past the limit, a compressed one and one of unknown size
    if (
      !Number.isSafeInteger(length) ||
      length < SHARED_FROM_BYTES ||
      length > maxBytes ||
      encoding !== 'identity'
    )
      return raw(req, res, next);
    receiveShared(req, length).then((body) => {
      req.body = body;
      next();
    }, next);
  };
}

async function receiveShared(req: Request, length: number): Promise<Buffer> {
  const body = Buffer.from(new SharedArrayBuffer(length));
  await receiveExactly(req, length, (chunk, offset) => body.set(chunk, offset));
  return body;
}
