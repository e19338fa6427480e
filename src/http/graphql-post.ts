/**
 * POST /graphql without express: the agencies' requests are nearly all of the hub's traffic, and
 * walking the app's router and then the mounted GraphQL app's (layer matching, path trimming, the
 * mount's own init), `url.parse` of the URL and `res.send` cost a trivial count query about a
 * tenth of its request-thread CPU (issue #9's profiles). The same middlewares run, in the same
 * order, on node's own request and response (plain-http.ts says why not on express's: giving them
 * express's prototypes made each request's objects a hidden class of their own). An error any of
 * them passes on goes to the hub's error handler as in express, on express's objects then.
 *
 * Only the exact path `/graphql` (with or without a query string) comes here; any other spelling
 * express would also route (`/GraphQL`, `/graphql/`) still goes through the app, as before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Application, ErrorRequestHandler, Request, Response } from 'express';
import type { HubMiddleware, HubNext, HubRequest, HubResponse } from './plain-http';

export const isGraphqlPost = (req: IncomingMessage): boolean =>
  req.method === 'POST' && (req.url === '/graphql' || req.url!.startsWith('/graphql?'));

/**
 * The handler for a request isGraphqlPost accepted: `steps` run in turn, each calling `next()` (or
 * `next(err)`, or rejecting), and `onError` answers an error as the app's error handler does.
 */
export function graphqlPostRoute(
  app: Application,
  steps: HubMiddleware[],
  onError: ErrorRequestHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  // express's request and response prototypes of this app, for the error handler only
  const { request, response } = app as unknown as { request: object; response: object };
  return (incoming, outgoing) => {
    const req = incoming as HubRequest;
    const res = outgoing as HubResponse;
    res.locals = Object.create(null) as HubResponse['locals'];
    req.originalUrl = req.url!;
    let at = 0;
    const next: HubNext = (err?: unknown) => {
      if (err !== undefined && err !== null && err !== 'route' && err !== 'router') {
        if (res.headersSent) return void res.destroy(err as Error);
        // what express's app.handle does before its first middleware; rare, so its cost is too
        const expressReq = Object.setPrototypeOf(req, request) as Request;
        const expressRes = Object.setPrototypeOf(res, response) as Response;
        (expressReq as { res: Response }).res = expressRes;
        (expressRes as { req: Request }).req = expressReq;
        return void onError(err, expressReq, expressRes, () => undefined);
      }
      const step = steps[at++];
      if (!step) return;
      try {
        const done = step(req, res, next) as unknown;
        if (done && typeof (done as PromiseLike<unknown>).then === 'function')
          (done as Promise<unknown>).then(undefined, next);
      } catch (thrown) {
        next(thrown ?? new Error('a middleware threw a nullish value'));
      }
    };
    next();
  };
}

/**
 * Apollo's express integration, as `@as-integrations/express5` does it, minus `url.parse` of the
 * URL and `res.send` (content negotiation and freshness checks an answer to a POST never needs), on
 * node's request and response (GET /graphql, through express, gives it express's: a superset).
 */
export function apolloHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (args: { req: HubRequest; res: HubResponse }) => TContext | Promise<TContext>,
): HubMiddleware {
  server.assertStarted('apolloHandler()');
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url!;
    const query = url.indexOf('?');
    const answer = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method!.toUpperCase(),
        headers,
        search: query < 0 ? '' : url.slice(query),
        body: req.body as unknown,
      },
      context: async () => context({ req, res }),
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status || 200;
    if (answer.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(answer.body.string));
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
