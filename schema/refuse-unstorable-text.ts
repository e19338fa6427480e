import type { GraphQLSchema } from 'graphql';
import { badInput } from '../src/domain/errors';
import { textProblem } from '../src/services/storable';

/**
 * Every Query and Mutation argument is checked for length and for text PostgreSQL cannot store
 * (U+0000, a lone UTF-16 surrogate) before its resolver runs: otherwise the insert fails and the caller gets
 * INTERNAL_SERVER_ERROR for a mistake of theirs. Refused as BAD_USER_INPUT naming the field, e.g.
 * `input.legalRepresentative.name` or `events[3].memo`. Only the root fields are wrapped (not a
 * type-graphql global middleware, which would make every field of every answer asynchronous).
 */
export function refuseUnstorableText(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const resolve = field.resolve;
      if (!resolve) continue;
      field.resolve = (source, args, context, info) => {
        for (const [name, value] of Object.entries(args ?? {}))
          check(value, name, 0, LONGER_ARGUMENTS[`${field.name}.${name}`] ?? MAX_ARGUMENT_CHARS);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

/**
 * No argument string is longer: the longest real ones are notes and URLs. A 4 MB `nameContains`
 * once took 16 s of ILIKE; a service may set a tighter limit where a field has one (search text).
 */
export const MAX_ARGUMENT_CHARS = 4000;

/** Arguments that are documents, not names or notes: a GraphQL operation with its fragments. */
const LONGER_ARGUMENTS: Record<string, number> = { 'registerTrustedDocument.body': 100_000 };

function check(value: unknown, path: string, depth: number, max: number): void {
  if (typeof value === 'string') {
    if (value.length > max) throw badInput(path, `must be at most ${max} characters`);
    const why = textProblem(value);
    if (why) throw badInput(path, why);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => check(v, `${path}[${i}]`, depth + 1, max));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date) && depth < 16) {
    for (const [k, v] of Object.entries(value)) check(v, `${path}.${k}`, depth + 1, max);
  }
}
