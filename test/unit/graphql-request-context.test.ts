import pino from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphqlRequestContext } from '../../src/http/graphql-request-context';
import { requestLog } from '../../src/http/request-log';
import type { HubRequest, HubResponse } from '../../src/http/plain-http';
import type { Caller } from '../../src/auth/caller';

/** Apollo Server's copy of the context before it runs an operation (ApolloServer.js cloneObject). */
const apolloCopy = <T extends object>(o: T): T => Object.assign(Object.create(Object.getPrototypeOf(o)), o);

function loggedRequest(): { req: HubRequest; children: Record<string, unknown>[] } {
  const root = pino({ enabled: false });
  const middleware = requestLog(root); // its own request-line logger is made here, once
  const children: Record<string, unknown>[] = [];
  const child = root.child.bind(root);
  root.child = ((bindings: Record<string, unknown>, options?: object) => {
    children.push(bindings);
    return child(bindings, options);
  }) as typeof root.child;
  const req = {
    headers: { 'x-request-id': 'req-7' },
    method: 'POST',
    originalUrl: '/graphql',
  } as unknown as HubRequest;
  const res = { setHeader: () => undefined, on: () => undefined } as unknown as HubResponse;
  void middleware(req, res, () => undefined);
  return { req, children };
}

describe('a GraphQL request’s context', () => {
  const caller = { org: 'CITY_HRSS', district: '210500' } as unknown as Caller;

  it('makes no logger when Apollo copies it, one (with the request id) when a resolver logs', () => {
    const { req, children } = loggedRequest();
    const ctx = apolloCopy(new GraphqlRequestContext(req, {} as EntityManager, caller, {}));
    expect(children).toEqual([]);
    const log = ctx.log;
    expect(children).toEqual([{ requestId: 'req-7' }]);
    expect(ctx.log).toBe(log);
    expect(children).toHaveLength(1);
  });

  it('carries the caller, the request id and the stop signal through the copy', () => {
    const { req } = loggedRequest();
    const controller = new AbortController();
    const ctx = apolloCopy(
      new GraphqlRequestContext(req, {} as EntityManager, caller, { signal: controller.signal }),
    );
    expect(ctx).toMatchObject({ caller, requestId: 'req-7', signal: controller.signal, authError: null });
  });
});
