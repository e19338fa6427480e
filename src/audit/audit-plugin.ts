/**
 * Writes the audit log from GraphQL: each mutation (whatever its outcome), and each answer that
 * carried unmasked personal data (a worker's, a legal representative's or a penalised person's
 * name; a worker's ID or card number in full, which its resolver flags as `personalDataRead`). The entry is written before the answer goes out, on its own connection, so a mutation that
 * rolled back is still logged as tried; a failed write is logged and never fails the answer.
 */
import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { GraphQLContext } from '../../schema/context';
import { recordAudit, type AuditKind } from '../services/audit-log';
import { safeErrorMessage } from '../log-safe-error';
import { now as clockNow } from '../clock';

/** Fields whose value is a natural person's unmasked personal data. */
export const PERSONAL_DATA_FIELDS = new Set([
  'WageCaseLine.workerName',
  'LegalRepresentative.name',
  'PenalizedPerson.name',
  'BlacklistEntry.name',
  'Worker.name',
  'LabourWageManager.name',
]);

/**
 * Apollo hands every request of the same query text the same parsed document (its document
 * store), so the answer is kept per document: the walk with type information cost each request
 * of a large query as much as its resolvers.
 */
const personalDataOf = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, boolean>>();

export function selectsPersonalData(schema: GraphQLSchema, document: DocumentNode): boolean {
  let known = personalDataOf.get(schema);
  if (!known) personalDataOf.set(schema, (known = new WeakMap()));
  let found = known.get(document);
  if (found === undefined) known.set(document, (found = walkForPersonalData(schema, document)));
  return found;
}

function walkForPersonalData(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && PERSONAL_DATA_FIELDS.has(`${parent.name}.${node.name.value}`)) found = true;
      },
    }),
  );
  return found;
}

/** The ids a caller named: variables called `id` or `…Id`, a few levels into input objects. */
export function namedObjectIds(variables: Record<string, unknown> | undefined): string[] {
  const ids: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 3 || ids.length >= 20) return;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if ((key === 'id' || /Id$/.test(key)) && typeof v === 'string' && v.length <= 64) ids.push(v);
      else walk(v, depth + 1);
    }
  };
  walk(variables, 0);
  return ids.slice(0, 20);
}

export function auditPlugin(orm: MikroORM, log: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({
          contextValue,
          operation,
          document,
          schema,
          request,
          response,
          operationName,
        }) {
          const caller = contextValue.caller;
          if (!caller || !operation || !document) return;
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          let kind: AuditKind | null = null;
          if (operation.operation === 'mutation') kind = 'MUTATION';
          else if (result?.data && (contextValue.personalDataRead || selectsPersonalData(schema, document)))
            kind = 'PERSONAL_DATA_READ';
          if (!kind) return;
          const code = result?.errors?.[0]?.extensions?.code;
          try {
            await recordAudit(orm.em.fork(), {
              kind,
              caller,
              token: (request.http?.headers.get('authorization') ?? '').replace(/^Bearer\s+/i, ''),
              operationName: operationName ?? null,
              objectIds: [...(contextValue.auditObjectIds ?? []), ...namedObjectIds(request.variables)],
              outcome: result?.errors?.length ? String(code ?? 'ERROR') : 'ok',
              requestId: contextValue.requestId ?? null,
              at: clockNow(),
            });
          } catch (err) {
            log.error({ err: safeErrorMessage(err), operationName }, 'audit entry not written');
          }
        },
      };
    },
  };
}
