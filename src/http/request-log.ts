import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

/**
 * Gives each request an id (the caller's X-Request-Id when it is sane) and one log line when it
 * ends: method, path, status, duration. Never headers or bodies: they carry tokens and personal data.
 */
export function requestLog(root: Logger) {
  // The request line's fields are these five, none a redacted path: redacting it (its every key
  // against the root's wildcard paths) cost a request more than writing it (issue #9). The line
  // is the same as req.log's would be, requestId first.
  const lines = root.child({}, { redact: [] });
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.header('x-request-id');
    req.id = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    req.log = root.child({ requestId: req.id });
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      lines.info(
        {
          requestId: req.id,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(ms),
        },
        'request',
      );
    });
    next();
  };
}
