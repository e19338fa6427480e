import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Caller } from '../src/auth/caller';
import type { DomainError } from '../src/domain/errors';
import type { ServiceContext } from '../src/services/context';

/** Apollo's per-request context: a forked EntityManager and the verified caller (or why not). */
export interface GraphQLContext {
  em: EntityManager;
  caller: Caller | null;
  authError: DomainError | null;
  log: Logger;
  /** the request's id, as logged (the caller's X-Request-Id when sane) */
  requestId?: string;
  /**
   * aborted when the request's time budget is spent or its client has gone (reason: the
   * REQUEST_TIMEOUT or CLIENT_CLOSED_REQUEST error); a loop doing work per item checks it
   */
  signal?: AbortSignal;
  /** stops the request as out of time (its statement hit PostgreSQL's statement_timeout first) */
  timeOut?: () => void;
  /** what a resolver names for the audit entry beside the variables' ids (e.g. `bank:ICBC_BX`) */
  auditObjectIds?: string[];
  /** set by a resolver that answered a worker's ID or card number in full: the answer is audited */
  personalDataRead?: boolean;
}

/** The caller's service context; a request without a valid token stops here as UNAUTHENTICATED. */
export function serviceContext(ctx: GraphQLContext): ServiceContext {
  if (!ctx.caller) throw ctx.authError!;
  return { em: ctx.em, caller: ctx.caller };
}

/** Runs a mutation's work in one transaction on a fork of the request's EntityManager. */
export function inTransaction<T>(ctx: GraphQLContext, work: (svc: ServiceContext) => Promise<T>): Promise<T> {
  const svc = serviceContext(ctx);
  return svc.em.transactional((em) => work({ ...svc, em: em as EntityManager }));
}
