/**
 * Receiving a body of a stated length, for the hub's own body readers (push-body.ts for a large
 * push, graphql-body.ts for POST /graphql). Their refusals are body-parser's (status and type), so
 * the hub's error handler answers them as it answers express.raw's and express.json's.
 */
import type { IncomingMessage } from 'node:http';

/** An error the hub's error handler answers as body-parser's own (status, type). */
export class BodyError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type: string,
  ) {
    super(message);
  }
}

/**
 * Hands each chunk to `take` with its offset, until exactly `length` bytes have come; refuses a
 * body longer or shorter than that (400 request.size.invalid) and one the client broke off (400
 * request.aborted). After a refusal what is left is read and dropped, as body-parser does.
 */
export function receiveExactly(
  req: IncomingMessage,
  length: number,
  take: (chunk: Buffer, offset: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = 0;
    const done = (err: BodyError | null) => {
      req.off('data', onData);
      req.off('end', onEnd);
      if (!err) return resolve();
      req.resume();
      reject(err);
    };
    const mismatch = () =>
      new BodyError('request size did not match content length', 400, 'request.size.invalid');
    const onData = (chunk: Buffer) => {
      if (received + chunk.length > length) return done(mismatch());
      take(chunk, received);
      received += chunk.length;
    };
    const onEnd = () => done(received === length ? null : mismatch());
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('aborted', () => done(new BodyError('request aborted', 400, 'request.aborted')));
    req.once('error', (err) => done(new BodyError(err.message, 400, 'request.aborted')));
  });
}
