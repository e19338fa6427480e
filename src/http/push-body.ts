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

/** From this size on, a body is received into shared memory (the batch reader's threshold). */
export const SHARED_FROM_BYTES = 1024 * 1024;

/** An error the hub's error handler answers as body-parser's own (status, type). */
class BodyError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type: string,
  ) {
    super(message);
  }
}

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

function receiveShared(req: Request, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(new SharedArrayBuffer(length));
    let received = 0;
    const fail = (err: BodyError) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume(); // what is left is read and dropped, as express.raw does
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      if (received + chunk.length > length)
        return fail(new BodyError('request size did not match content length', 400, 'request.size.invalid'));
      body.set(chunk, received);
      received += chunk.length;
    };
    const onEnd = () => {
      if (received !== length)
        return fail(new BodyError('request size did not match content length', 400, 'request.size.invalid'));
      resolve(body);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('aborted', () => fail(new BodyError('request aborted', 400, 'request.aborted')));
    req.once('error', (err) => fail(new BodyError(err.message, 400, 'request.aborted')));
  });
}
