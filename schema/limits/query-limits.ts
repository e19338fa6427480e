/**
 * Refuses, before anything runs, an operation deeper, wider or costlier than the hub serves: any
 * valid token could otherwise stall the hub with a few hundred bytes of nested pages. The answer is
 * HTTP 400 with `extensions.code` QUERY_TOO_COMPLEX, naming the limit, the figure and the allowance.
 */
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { measureOperation, type QueryShape } from './query-shape';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxCost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 20,
  maxCost: 25_000,
};

const CHECKS: { limit: keyof QueryLimits; figure: keyof QueryShape; what: string; how?: string }[] = [
  { limit: 'maxDepth', figure: 'depth', what: 'depth' },
  { limit: 'maxAliases', figure: 'aliases', what: 'aliases' },
  { limit: 'maxRootFields', figure: 'rootFields', what: 'root fields' },
  { limit: 'maxCost', figure: 'cost', what: 'estimated cost', how: '; each object 1, each page × its first' },
];

/** The first limit `shape` exceeds, as the error the caller gets; null when within all. */
export function limitExceeded(shape: QueryShape, limits: QueryLimits): GraphQLError | null {
  for (const check of CHECKS) {
    if (shape[check.figure] > limits[check.limit]) {
      return new GraphQLError(
        `query too complex: ${check.what} ${shape[check.figure]} is over the limit of ${limits[check.limit]} (${check.limit}${check.how ?? ''})`,
        { extensions: { code: 'QUERY_TOO_COMPLEX', limit: check.limit, http: { status: 400 } } },
      );
    }
  }
  return null;
}

interface Measured {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  shape: Readonly<QueryShape>;
}
/** by operation node, for operations without variables: Apollo hands each request of a cached text the same node */
const constantShapes = new WeakMap<OperationDefinitionNode, Measured>();
/** by the request's variables object, so that nothing outlives its request */
const requestShapes = new WeakMap<Record<string, unknown>, Measured>();

/**
 * The shape of the operation a request resolved to, its fragments expanded. The query limits and
 * the heavy lane both ask, so it is measured once per request, and once for all requests of an
 * operation without variables (nothing else in the shape can differ between them).
 */
export function operationShape(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): Readonly<QueryShape> {
  const constant = !operation.variableDefinitions?.length;
  const known = constant ? constantShapes.get(operation) : variables && requestShapes.get(variables);
  if (known && known.schema === schema && known.operation === operation) return known.shape;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  }
  const shape = Object.freeze(measureOperation(schema, operation, fragments, variables ?? {}));
  if (constant) constantShapes.set(operation, { schema, operation, shape });
  else if (variables) requestShapes.set(variables, { schema, operation, shape });
  return shape;
}

export function queryLimitsPlugin<T extends object>(limits: QueryLimits): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const shape = operationShape(schema, document, operation, request.variables);
          const refusal = limitExceeded(shape, limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
