import type { NextFunction, Request, Response } from 'express';
import { GRAPHQL_BODY_LIMIT_TEXT } from './graphql-body';

/** Errors that escape a route: body-parser's own (413, 400) keep their status; the rest are 500. */
export function httpErrorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const status = (err as { status?: number }).status;
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') {
    // the GraphQL body's limit is fixed; a bank's push has its setting (and its profile's maxBytes)
    const graphql = (req.originalUrl ?? req.url ?? '').toLowerCase().startsWith('/graphql');
    return void res.status(413).json({
      error: graphql
        ? `the GraphQL request body is larger than the hub accepts (${GRAPHQL_BODY_LIMIT_TEXT})`
        : 'the body is larger than the hub accepts (BANK_PUSH_MAX_BYTES)',
      code: 'PAYLOAD_TOO_LARGE',
    });
  }
  if (status && status >= 400 && status < 500) {
    return void res.status(status).json({ error: (err as Error).message, code: 'BAD_REQUEST' });
  }
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json({ error: 'internal error', code: 'INTERNAL_SERVER_ERROR', requestId: req.id });
}
