import { randomUUID } from 'node:crypto';
import express from 'express';
import type { Logger } from 'pino';
import { headerOf, type HubMiddleware, type HubRequest } from './plain-http';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

const LOG_ROOT = Symbol('request log root');
const LOG = Symbol('request log');
type LoggedRequest = HubRequest & { [LOG_ROOT]?: Logger; [LOG]?: Logger };

// `req.log` is made on first use: most requests never log past their one request line, and a pino
// child per request (its bindings serialized, the root's redaction carried over) was about 5–9 % of
// the count query's request thread (issue #9). On express's request prototype, which every app's
// requests inherit. POST /graphql's requests keep node's own prototype (plain-http.ts): their
// middlewares and context call requestLogger(req), which is what the getter does.
Object.defineProperty(express.request, 'log', {
  configurable: true,
  get(this: LoggedRequest): Logger | undefined {
    return requestLogger(this);
  },
  set(this: LoggedRequest, log: Logger) {
    this[LOG] = log;
  },
});

/** The request's logger, made on first use; undefined for a request requestLog never saw. */
export function requestLogger(req: HubRequest): Logger | undefined {
  const r = req as LoggedRequest;
  return (r[LOG] ??= r[LOG_ROOT]?.child({ requestId: r.id }));
}

/**
 * Gives each request an id (the caller's X-Request-Id when it is sane) and one log line when it
 * ends: method, path, status, duration. Never headers or bodies: they carry tokens and personal data.
 */
export function requestLog(root: Logger): HubMiddleware {
  // The request line's fields are these five, none a redacted path: redacting it (its every key
  // against the root's wildcard paths) cost a request more than writing it (issue #9). The line
  // is the same as req.log's would be, requestId first.
  const lines = root.child({}, { redact: [] });
  return (req, res, next) => {
    const given = headerOf(req, 'x-request-id');
    req.id = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    (req as LoggedRequest)[LOG_ROOT] = root;
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
