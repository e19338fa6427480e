import type { ApolloServerPlugin } from '@apollo/server';

/**
 * GraphQL over HTTP: a client that accepts only `application/json` (the media type older clients
 * send) reads every answer to a well-formed request as a GraphQL response, errors included, and the
 * spec says the server SHOULD answer it with 200. Apollo answers a document that does not parse or
 * validate, variables that do not coerce, an unknown operation name and the hub's own
 * QUERY_TOO_COMPLEX with 400 whatever the client accepts: for such a client those become 200 here,
 * the errors unchanged in the body.
 *
 * Left as they are: a client that accepts `application/graphql-response+json` (or anything, as
 * `*` + `/*` does) keeps the 4xx, which that media type defines; an ill-formed HTTP request (no query,
 * a body that is not JSON) is refused before any plugin runs; and 401 UNAUTHENTICATED and 429
 * RATE_LIMITED, which the contract gives their own statuses, never come through here as 400.
 */
const REQUEST_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT', // Apollo's code for variable coercion failures
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
]);

/** The media types the Accept header accepts (q > 0), lower-cased, without parameters. */
function acceptedTypes(accept: string | undefined): string[] {
  return (accept ?? '')
    .split(',')
    .map((part) => part.split(';').map((p) => p.trim().toLowerCase()))
    .filter(([type, ...params]) => type && !params.some((p) => /^q=0(\.0*)?$/.test(p)))
    .map(([type]) => type!);
}

export function acceptsOnlyApplicationJson(accept: string | undefined): boolean {
  const types = acceptedTypes(accept);
  return (
    types.includes('application/json') &&
    !types.some((t) => t === 'application/graphql-response+json' || t === '*/*' || t === 'application/*')
  );
}

export function graphqlOverHttpStatusPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart({ request }) {
      if (!acceptsOnlyApplicationJson(request.http?.headers.get('accept'))) return;
      return {
        async willSendResponse({ response }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (errors.length > 0 && errors.every((e) => REQUEST_ERRORS.has(String(e.extensions?.code)))) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}
