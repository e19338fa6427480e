/**
 * POST /graphql without express's router: the agencies' requests are nearly all of the hub's
 * traffic, and walking the app's router and then the mounted GraphQL app's (layer matching, path
 * trimming, the mount's own init), `url.parse` of the URL and `res.send` cost a trivial count
 * query about a tenth of its request-thread CPU (issue #9's profiles). The same middlewares run,
 * in the same order, on the same express request and response objects (their prototypes are set
 * as express's own init sets them), so `req.header`, `res.status().json()` and `res.locals` work as
 * before; an error any of them passes on goes to the hub's error handler as in express.
 *
 * Only the exact path `/graphql` (with or without a query string) comes here; any other spelling
 * express would also route (`/GraphQL`, `/graphql/`) still goes through the app, as before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type {
  Application,
  ErrorRequestHandler,
  NextFunction,
  Request,
  RequestHandler,
  Response,
} from 'express';

export const isGraphqlPost = (req: IncomingMessage): boolean =>
  req.method === 'POST' && (req.url === '/graphql' || req.url!.startsWith('/graphql?'));

/**
 * The handler for a request isGraphqlPost accepted: `steps` run in turn, each calling `next()` (or
 * `next(err)`, or rejecting), and `onError` answers an error as the app's error handler does.
 */
export function graphqlPostRoute(
  app: Application,
  steps: RequestHandler[],
  onError: ErrorRequestHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  // express's request and response prototypes of this app (express sets them on every request)
  const { request, response } = app as unknown as { request: object; response: object };
  return (incoming, outgoing) => {
    // what express's app.handle and router do before the first middleware (app settings such as
    // `json spaces` are read by res.json through the prototype's `app`)
    const req = Object.setPrototypeOf(incoming, request) as Request;
    const res = Object.setPrototypeOf(outgoing, response) as Response;
    (req as { res: Response }).res = res;
    (res as { req: Request }).req = req;
    res.locals = Object.create(null) as Response['locals'];
    req.originalUrl = req.url;
    let at = 0;
    const next: NextFunction = (err?: unknown) => {
      if (err !== undefined && err !== null && err !== 'route' && err !== 'router') {
        if (res.headersSent) return void res.destroy(err as Error);
        return void onError(err, req, res, () => undefined);
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
 * URL and `res.send` (content negotiation and freshness checks an answer to a POST never needs).
 */
export function apolloHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (args: { req: Request; res: Response }) => TContext | Promise<TContext>,
): RequestHandler {
  server.assertStarted('apolloHandler()');
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const query = req.url.indexOf('?');
    const answer = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: query < 0 ? '' : req.url.slice(query),
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
