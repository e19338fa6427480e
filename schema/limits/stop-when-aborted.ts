/**
 * A stopped request (time budget spent, client gone: src/http/limits/request-budget.ts) calls no
 * more resolvers that do work: each root field and each field resolver of a resolver class checks
 * the request's signal before it starts, so a mutation document's later fields are not run and a
 * page's nested reads are not started. A resolver that fails after the stop (its statement
 * cancelled, or refused) fails with the stop's reason, not as an unexpected error. Plain property
 * fields are left unwrapped: they do no work, and a wrapper on each would cost every answer.
 */
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

interface WithSignal {
  signal?: AbortSignal;
  timeOut?: () => void;
}

export function stopResolversWhenAborted(schema: GraphQLSchema): GraphQLSchema {
  const working = fieldResolverNames();
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter(Boolean));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve || !(roots.has(type) || working.has(`${type.name}.${field.name}`))) continue;
      field.resolve = stoppable(field.resolve);
    }
  }
  return schema;
}

function stoppable(resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const ctx = context as WithSignal | undefined;
    const signal = ctx?.signal;
    if (!signal) return resolve(source, args, context, info);
    if (signal.aborted) throw signal.reason;
    const result = resolve(source, args, context, info);
    if (result !== null && typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
      return Promise.resolve(result).catch((err: unknown) => {
        // The database's own bound on the budget (or the wait for a connection) can end first
        // when the event loop is late to fire the budget's timer.
        if (!signal.aborted && outOfTime(err)) ctx.timeOut?.();
        throw signal.aborted ? signal.reason : err;
      });
    }
    return result;
  };
}

/** "Type.field" of every @FieldResolver (type-graphql's own record of the resolver classes). */
function fieldResolverNames(): Set<string> {
  const storage = getMetadataStorage();
  const names = new Set<string>();
  for (const f of storage.fieldResolvers) {
    const target = f.getObjectType?.() ?? f.resolverClassMetadata?.getObjectType();
    const type = storage.objectTypes.find((o) => o.target === target);
    if (type) names.add(`${type.name}.${f.schemaName}`);
  }
  return names;
}

/** statement_timeout (SQLSTATE 57014, possibly wrapped by MikroORM), or no connection in time */
function outOfTime(err: unknown): boolean {
  for (const e of [err, (err as { cause?: unknown } | null)?.cause]) {
    const x = e as { code?: unknown; sqlState?: unknown; name?: unknown } | null | undefined;
    if (x?.code === '57014' || x?.sqlState === '57014' || x?.name === 'KnexTimeoutError') return true;
  }
  return false;
}
