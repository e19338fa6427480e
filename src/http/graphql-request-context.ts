import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Caller } from '../auth/caller';
import type { DomainError } from '../domain/errors';
import type { GraphQLContext } from '../../schema/context';
import type { HubRequest } from './plain-http';
import { requestLogger } from './request-log';

const REQUEST = Symbol('the HTTP request');

/**
 * One GraphQL request's context, as a class so that its logger stays made on first use. Apollo
 * Server copies the context it is given before running the operation (ApolloServer.js
 * `cloneObject`: `Object.assign(Object.create(prototype), context)`), which reads every own
 * getter: the object literal's `get log()` made a pino child for every request after all, and each
 * literal with a fresh getter took a map of its own, so every resolver's `ctx.…` missed its inline
 * cache (issue #9: about 2 % of the count query's on-CPU samples in the getter alone, `perf record`).
 * Here the getter is on the prototype, which the copy keeps, and it reads the request through a
 * symbol-keyed own property, which the copy carries over. Every field a resolver may set later is
 * present from the start, so the shape never changes during a request.
 */
export class GraphqlRequestContext implements GraphQLContext {
  readonly [REQUEST]: HubRequest;
  em: EntityManager;
  caller: Caller | null;
  authError: DomainError | null = null;
  requestId: string;
  signal: AbortSignal | undefined;
  timeOut: (() => void) | undefined;
  auditObjectIds: string[] | undefined = undefined;
  personalDataRead: boolean | undefined = undefined;

  constructor(
    req: HubRequest,
    em: EntityManager,
    caller: Caller,
    stop: Pick<GraphQLContext, 'signal' | 'timeOut'>,
  ) {
    this[REQUEST] = req;
    this.em = em;
    this.caller = caller;
    this.requestId = req.id;
    this.signal = stop.signal;
    this.timeOut = stop.timeOut;
  }

  /** the request's logger, made on first use (http/request-log.ts); most requests make none */
  get log(): Logger {
    return requestLogger(this[REQUEST])!;
  }
}
