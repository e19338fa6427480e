import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, type DomainErrorCode } from '../src/domain/errors';
import { inlineScalarRefusal } from './inline-input-errors';
import { CLIENT_CLOSED_REQUEST, REQUEST_TIMEOUT } from '../src/http/limits/request-budget';

/** Every code the contract names; anything else a resolver throws is masked. */
const CONTRACT_CODES: Record<DomainErrorCode, true> = {
  UNAUTHENTICATED: true,
  FORBIDDEN: true,
  NOT_FOUND: true,
  BAD_USER_INPUT: true,
  CONFLICT: true,
};

/** GraphQL's own validation codes pass through unchanged; they carry no internal detail. */
const GRAPHQL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  // the trusted-documents plugin's refusal of a document not registered
  'DOCUMENT_NOT_TRUSTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The one map from what went wrong to `extensions.code`. Unknown errors are logged by the caller
 * (onUnexpected) and answered as INTERNAL_SERVER_ERROR without their message, which may hold data.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onUnexpected: (err: unknown) => void,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError && CONTRACT_CODES[original.code]) {
    const extensions: Record<string, unknown> = { code: original.code };
    if (original.field) extensions.field = original.field;
    if (original.reason) extensions.reason = original.reason;
    if (original.problems?.length) extensions.problems = original.problems;
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  // Refusals raised outside resolvers (the token check in the context) arrive as GraphQLErrors.
  const contextCode = original instanceof GraphQLError ? original.extensions?.code : undefined;
  if (typeof contextCode === 'string' && contextCode in CONTRACT_CODES) {
    return {
      message: formatted.message.replace(/^Context creation failed: /, ''),
      extensions: { code: contextCode },
    };
  }
  // The query-limits plugin's refusal: the limit it names is part of the answer.
  if (original instanceof GraphQLError && original.extensions?.code === 'QUERY_TOO_COMPLEX') {
    return {
      message: original.message,
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: original.extensions.limit },
    };
  }
  // A request stopped by its time budget or by its client leaving (src/http/limits/request-budget.ts).
  if (
    original instanceof GraphQLError &&
    (original.extensions?.code === REQUEST_TIMEOUT || original.extensions?.code === CLIENT_CLOSED_REQUEST)
  ) {
    const extensions: Record<string, unknown> = { code: original.extensions.code };
    if (original.extensions.budgetMs !== undefined) extensions.budgetMs = original.extensions.budgetMs;
    return { message: original.message, path: formatted.path, extensions };
  }
  const inline = inlineScalarRefusal(error);
  if (inline) {
    const extensions: Record<string, unknown> = { code: 'BAD_USER_INPUT' };
    if (inline.field) extensions.field = inline.field;
    return { message: inline.message, locations: formatted.locations, extensions };
  }
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    GRAPHQL_CODES.has(code) &&
    !(original instanceof Error && !(original instanceof GraphQLError))
  ) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code },
    };
  }
  onUnexpected(original);
  return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
