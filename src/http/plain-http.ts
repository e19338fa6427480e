import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What a middleware on the POST /graphql path may use of its request and response: what node's own
 * objects have (on the hub's server they also carry the main app's prototypes, app-objects.ts, but
 * not the mounted GraphQL app's). graphql-post.ts no longer sets express's prototypes: in this V8,
 * `Object.setPrototypeOf` on node's request and response made each request's pair a map (hidden
 * class) of its own, so every property read in node's HTTP and stream code missed its inline
 * cache (issue #9: 8–10 % of the count query's on-CPU samples in V8's IC-miss runtime, `perf
 * record -e cpu-clock`; `--log-ic` showed ~15 fresh maps a request, most of them req's and res's).
 */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A JSON answer as express's `res.status(status).json(body)` writes it. */
export function answerJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** The request as the POST /graphql path's middlewares see it: node's, with what they set on it. */
export interface HubRequest extends IncomingMessage {
  id: string;
  originalUrl: string;
  body?: unknown;
}

/** The response as those middlewares see it: node's, with the locals they share. */
export interface HubResponse extends ServerResponse {
  locals: Record<string, unknown>;
}

export type HubNext = (err?: unknown) => void;

/** A middleware that runs on node's objects, and so under express and on graphql-post.ts alike. */
export type HubMiddleware = (req: HubRequest, res: HubResponse, next: HubNext) => void | Promise<void>;
