/**
 * Runs a read through a compiled form of its document (graphql-jit) instead of graphql-js's
 * interpreter. A page of 50 projects with their agreements, contractors and alerts is some 2,500
 * fields; graphql-js walks the document again for each of them (the field's definition, its
 * arguments, its path, generic completion of its value), and that walk with the garbage it leaves
 * was a third to a half of such a request's CPU (issue #9, bench/README.md "agency-queries"). A
 * compiled query walks the document once, when compiled.
 *
 * Apollo Server takes a custom executor only through its gateway interface: the hub "loads" its own
 * schema once; Apollo still parses, validates and runs every plugin as before. What stays on
 * graphql-js, exactly as it always ran:
 * - a document's first run: only a document asked for again is compiled, so a one-off ad-hoc
 *   query (city HRSS's console) does not pay for compiling, and a stream of distinct documents
 *   cannot make the hub compile each;
 * - mutations: few, small, and their order of side effects is graphql-js's, unchanged;
 * - a document the compiler refuses, and a request whose variables do not coerce (graphql-js's
 *   own errors then name the variable, and Apollo answers 400 BAD_USER_INPUT as before).
 */
import {
  execute,
  GraphQLError,
  printSchema,
  Source,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** What Apollo Server hands a gateway's executor (the parts used here). */
interface GatewayRequest {
  source?: string;
  document: DocumentNode;
  operationName?: string | null;
  operation?: OperationDefinitionNode;
  request: { variables?: Record<string, unknown> };
  context: unknown;
}

export interface CompiledExecution {
  load(): Promise<{ executor: (request: GatewayRequest) => Promise<ExecutionResult> }>;
  onSchemaLoadOrUpdate(
    callback: (schema: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void,
  ): () => void;
  stop(): Promise<void>;
  /** answers given by a compiled document so far (a test's and an operator's check) */
  compiledAnswers(): number;
}

/** Documents remembered at once (seen, or compiled); past it the oldest is forgotten. */
const MAX_DOCUMENTS = 1000;

export function compiledExecution(schema: GraphQLSchema): CompiledExecution {
  /** null: seen once, or the compiler refused it */
  const documents = new Map<string, { compiled: CompiledQuery | null; seen: number }>();
  let compiledAnswers = 0;

  function compiledFor(request: GatewayRequest): CompiledQuery | null {
    if (!request.source || request.operation?.operation !== 'query') return null;
    const key = `${request.operationName ?? ''}\u0000${request.source}`;
    let known = documents.get(key);
    if (!known) {
      if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value as string);
      documents.set(key, (known = { compiled: null, seen: 0 }));
    }
    known.seen += 1;
    if (known.seen === 2) {
      const made = compileQuery(schema, request.document, request.operationName ?? undefined);
      known.compiled = isCompiledQuery(made) ? made : null;
    }
    return known.compiled;
  }

  const interpreted = (request: GatewayRequest) =>
    execute({
      schema,
      document: request.document,
      operationName: request.operationName,
      variableValues: request.request.variables,
      contextValue: request.context,
    });

  const executor = async (request: GatewayRequest): Promise<ExecutionResult> => {
    const query = compiledFor(request);
    if (!query) return interpreted(request);
    const result = await query.query(undefined, request.context, request.request.variables ?? {});
    // No data at all: the variables did not coerce, and nothing ran.
    if (result.data === undefined) return interpreted(request);
    compiledAnswers += 1;
    if (result.errors?.length) result.errors = result.errors.map((e) => asGraphQLJsError(e, request.source));
    return result;
  };

  return {
    load: async () => ({ executor }),
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    stop: async () => undefined,
    compiledAnswers: () => compiledAnswers,
  };
}

/**
 * graphql-jit's errors are GraphQLErrors by prototype only: without `extensions` when the thrown
 * error has none, where Apollo expects an object (it answered INTERNAL_SERVER_ERROR for a
 * FORBIDDEN), and with locations but no source positions. Made again as graphql-js makes them, an
 * error answers exactly as before.
 */
function asGraphQLJsError(error: GraphQLError, text: string | undefined): GraphQLError {
  const source = text === undefined ? undefined : new Source(text);
  const positions =
    text === undefined ? undefined : error.locations?.map((at) => offsetOf(text, at.line, at.column));
  return new GraphQLError(error.message, {
    source,
    positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
}

/** The character offset of a 1-based line and column, as graphql-js's getLocation counts them. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.slice(offset).search(/\r\n|[\n\r]/);
    if (next < 0) break;
    offset += next + (text.startsWith('\r\n', offset + next) ? 2 : 1);
  }
  return offset + column - 1;
}
