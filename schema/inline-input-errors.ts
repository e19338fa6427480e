import { GraphQLError, Kind, parse, visit, type ASTNode } from 'graphql';
import { ScalarRefusal } from './scalars';

/**
 * A scalar written inline in the document (`contractPrice: "-5"`) fails GraphQL validation before
 * any resolver runs, and the validation message names the type, not the field. When the scalar
 * itself refused the value (a ScalarRefusal), this finds the argument or input field that holds it,
 * so the answer reads like any other bad input: `contractPrice: Money must not be negative`.
 */
export function inlineScalarRefusal(error: unknown): { message: string; field: string | null } | null {
  if (!(error instanceof GraphQLError)) return null;
  const cause = error.originalError;
  if (!(cause instanceof ScalarRefusal)) return null;
  const start = error.nodes?.[0]?.loc?.start;
  const field = start !== undefined && error.source ? fieldHoldingValueAt(error.source.body, start) : null;
  return { message: field ? `${field}: ${cause.message}` : cause.message, field };
}

function fieldHoldingValueAt(document: string, start: number): string | null {
  let found: string | null = null;
  const check = (node: ASTNode & { name: { value: string }; value: ASTNode }) => {
    if (node.value.loc?.start === start) found = node.name.value;
  };
  try {
    visit(parse(document), { [Kind.OBJECT_FIELD]: check, [Kind.ARGUMENT]: check });
  } catch {
    return null;
  }
  return found;
}
