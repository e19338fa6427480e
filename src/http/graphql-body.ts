/**
 * POST /graphql's JSON body. express.json (body-parser) was about 5 % of a count query's request
 * thread in an on-CPU profile: type-is and two media-type parsers, raw-body's stream plumbing and
 * iconv for every request. The body agency systems send is read here instead: `application/json`
 * (UTF-8), uncompressed, with its length stated and within the limit. Anything else goes to
 * express.json as before, with its checks and its refusals: another charset, a compressed body, a
 * chunked one, an empty one, one past the limit. Both give the same `req.body`, and refuse the same
 * bodies with the same status (test/integration/graphql-body.test.ts compares them).
 */
import express from 'express';
import { BodyError, receiveExactly } from './exact-body';
import type { HubMiddleware } from './plain-http';

// `application/json`, alone or with a UTF-8 charset, as type-is and body-parser read it
const PLAIN_JSON = /^application\/json[ \t]*(;[ \t]*charset[ \t]*=[ \t]*("utf-8"|utf-8)[ \t]*)?$/i;
// the JSON whitespace before a body's first character (body-parser's strict check)
const FIRST_CHARACTER = /^[ \t\n\r]*([^ \t\n\r])/;

/** The largest GraphQL body (body-parser's '5mb'): the README's Limits. */
export const GRAPHQL_BODY_LIMIT_BYTES = 5 * 1024 * 1024;
/** …as a refusal names it */
export const GRAPHQL_BODY_LIMIT_TEXT = '5 MB';

export function graphqlJsonBody(limitBytes: number): HubMiddleware {
  const parser = express.json({ limit: limitBytes }) as unknown as HubMiddleware;
  return (req, res, next) => {
    const type = req.headers['content-type'];
    const length = Number(req.headers['content-length']);
    const encoding = req.headers['content-encoding'];
    if (
      type === undefined ||
      !PLAIN_JSON.test(type) ||
      !Number.isSafeInteger(length) ||
      length <= 0 ||
      length > limitBytes ||
      (encoding !== undefined && encoding.toLowerCase() !== 'identity') ||
      req.headers['transfer-encoding'] !== undefined
    )
      return parser(req, res, next);
    const chunks: Buffer[] = [];
    receiveExactly(req, length, (chunk) => chunks.push(chunk)).then(() => {
      let parsed: unknown;
      try {
        parsed = strictJson(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length));
      } catch (err) {
        return next(err);
      }
      req.body = parsed;
      next();
    }, next);
  };
}

/** JSON.parse of the UTF-8 text, a byte-order mark dropped; only an object or an array (strict). */
function strictJson(body: Buffer): unknown {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  const first = FIRST_CHARACTER.exec(text)?.[1];
  if (first !== '{' && first !== '[')
    throw new BodyError(
      `the body must be a JSON object${first ? `, not a value starting with ${JSON.stringify(first)}` : ''}`,
      400,
      'entity.parse.failed',
    );
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BodyError(`the body is not valid JSON: ${(err as Error).message}`, 400, 'entity.parse.failed');
  }
}
