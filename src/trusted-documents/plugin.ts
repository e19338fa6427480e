/**
 * Decides, before anything is parsed, which document a GraphQL request runs: a registered one named
 * by id (GraphQL over HTTP `documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`), or
 * the text it sent, which TRUSTED_DOCUMENTS lets through (allow), lets through and logs (log), or
 * refuses (refuse) unless the caller is one allowed ad-hoc documents. Refused text is never parsed.
 */
import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import { Counter, type Registry } from 'prom-client';
import type { Caller } from '../auth/caller';
import type { GraphQLContext } from '../../schema/context';
import { parseDocumentId, sha256Hex } from './documents';
import type { TrustedDocumentRegistry } from './registry';

export type TrustedDocumentsMode = 'refuse' | 'log' | 'allow';

/** `ORG` or `ORG:DISTRICT`: who may send documents that are not registered when the mode is refuse. */
export interface AdhocCaller {
  org: string;
  district: string | null;
}

export interface TrustedDocumentsPolicy {
  mode: TrustedDocumentsMode;
  adhocCallers: AdhocCaller[];
}

export type DocumentOutcome =
  | 'registered'
  | 'unknown_id'
  | 'unregistered_allowed'
  | 'unregistered_logged'
  | 'unregistered_adhoc'
  | 'unregistered_refused';

/** What runs in place of a refused document: parsing it costs nothing, and nothing of it executes. */
const PLACEHOLDER = 'query TrustedDocumentRefused { __typename }';
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const mayUseAdhoc = (caller: Caller | null, adhoc: AdhocCaller[]): boolean =>
  !!caller &&
  adhoc.some((a) => a.org === caller.org && (a.district === null || a.district === caller.district));

export function documentsCounter(registry: Registry): Counter<'outcome'> {
  return new Counter({
    name: 'wagewatch_graphql_documents_total',
    help: 'GraphQL requests by how their document was found: registered, unknown_id, unregistered_allowed, unregistered_logged, unregistered_adhoc, unregistered_refused',
    labelNames: ['outcome'],
    registers: [registry],
  });
}

export function trustedDocumentsPlugin(
  registry: TrustedDocumentRegistry,
  policy: TrustedDocumentsPolicy,
  counter: Counter<'outcome'>,
): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart(rc) {
      const request = rc.request;
      const outcome = await resolveDocument(request, rc.contextValue, registry, policy);
      if (outcome.outcome) counter.inc({ outcome: outcome.outcome });
      if (!outcome.refusal) return;
      const refusal = outcome.refusal;
      request.query = PLACEHOLDER;
      request.operationName = undefined;
      return {
        async didResolveOperation() {
          throw refusal;
        },
      };
    },
  };
}

interface Resolution {
  /** null: no document at all, which Apollo itself refuses */
  outcome: DocumentOutcome | null;
  refusal?: GraphQLError;
}

async function resolveDocument(
  request: GraphQLRequest,
  ctx: GraphQLContext,
  registry: TrustedDocumentRegistry,
  policy: TrustedDocumentsPolicy,
): Promise<Resolution> {
  const sentId = requestedId(request);
  // Apollo's own APQ would answer PERSISTED_QUERY_NOT_SUPPORTED (and, enabled, let any caller
  // register any text): the hub resolves the id itself.
  if (request.extensions?.persistedQuery) delete request.extensions.persistedQuery;
  if (sentId instanceof GraphQLError) return { outcome: 'unknown_id', refusal: sentId };
  const text = typeof request.query === 'string' && request.query !== '' ? request.query : null;
  if (sentId) {
    if (text !== null && textId(text) !== sentId) {
      return {
        outcome: 'unknown_id',
        refusal: badRequest(
          'BAD_REQUEST',
          `the query sent is not the document sha256:${sentId} (its SHA-256 differs)`,
        ),
      };
    }
    const doc = await registry.lookup(sentId, { fresh: true });
    if (doc) {
      request.query = doc.body;
      return { outcome: 'registered' };
    }
    if (text === null) {
      return {
        outcome: 'unknown_id',
        refusal: badRequest(
          'PERSISTED_QUERY_NOT_FOUND',
          `no trusted document has the id sha256:${sentId}: send the id of a registered document (the hub's own are in schema/trusted-documents/manifest.json; city HRSS registers others with registerTrustedDocument)`,
        ),
      };
    }
    // An APQ client sends the text after PERSISTED_QUERY_NOT_FOUND: judged as any text below.
  }
  if (text === null) return { outcome: null }; // Apollo says what is missing
  const id = sentId ?? textId(text);
  if (policy.mode === 'allow') {
    return { outcome: (await registry.lookup(id, { fresh: false })) ? 'registered' : 'unregistered_allowed' };
  }
  const adhoc = mayUseAdhoc(ctx.caller, policy.adhocCallers);
  const doc = await registry.lookup(id, { fresh: policy.mode === 'refuse' && !adhoc });
  if (doc) return { outcome: 'registered' };
  // Never the text or the variables: they may hold ID numbers and names.
  const what = {
    documentHash: id,
    operationName: OPERATION_NAME.test(request.operationName ?? '') ? request.operationName : null,
    org: ctx.caller?.org,
    district: ctx.caller?.district,
  };
  if (adhoc) {
    ctx.log.info(what, 'ad-hoc GraphQL document (a caller TRUSTED_DOCUMENTS_ADHOC_CALLERS allows)');
    return { outcome: 'unregistered_adhoc' };
  }
  if (policy.mode === 'log') {
    ctx.log.warn(what, 'GraphQL document not registered (TRUSTED_DOCUMENTS=log lets it run)');
    return { outcome: 'unregistered_logged' };
  }
  ctx.log.info(what, 'GraphQL document not registered: refused (TRUSTED_DOCUMENTS=refuse)');
  return {
    outcome: 'unregistered_refused',
    refusal: badRequest(
      'DOCUMENT_NOT_TRUSTED',
      `this hub runs only registered documents (TRUSTED_DOCUMENTS=refuse): send a registered document's id as documentId ("sha256:<hex>") or extensions.persistedQuery.sha256Hash; this text (sha256:${id}) is not registered, and city HRSS can register it with registerTrustedDocument`,
    ),
  };
}

/**
 * Texts hashed, by the text: the agencies send the same few documents over and over, and a SHA-256
 * of each was a measurable part of a trivial query's CPU (issue #9). Only short texts are kept, so
 * that the cache stays small whatever is sent; it is emptied when full.
 */
const HASHED = new Map<string, string>();
const MAX_HASHED = 1000;
const MAX_HASHED_LENGTH = 8192;

function textId(text: string): string {
  const known = HASHED.get(text);
  if (known !== undefined) return known;
  const id = sha256Hex(text);
  if (text.length > MAX_HASHED_LENGTH) return id;
  if (HASHED.size >= MAX_HASHED) HASHED.clear();
  HASHED.set(text, id);
  return id;
}

/** The id the request names, if any; a GraphQLError when it names one badly or two that differ. */
function requestedId(request: GraphQLRequest): string | null | GraphQLError {
  const http = request.http;
  let documentId: unknown;
  if (http?.method === 'GET') {
    documentId = new URLSearchParams(http.search).get('documentId') ?? undefined;
  } else if (http?.body && typeof http.body === 'object') {
    documentId = (http.body as Record<string, unknown>).documentId;
  }
  const pq = request.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  const ids: string[] = [];
  if (documentId !== undefined && documentId !== null) {
    const id = parseDocumentId(documentId);
    if (!id) return badRequest('BAD_REQUEST', 'documentId must be "sha256:" and 64 hex digits');
    ids.push(id);
  }
  if (pq) {
    if (pq.version !== 1) return badRequest('BAD_REQUEST', 'extensions.persistedQuery.version must be 1');
    const id = parseDocumentId(pq.sha256Hash);
    if (!id) return badRequest('BAD_REQUEST', 'extensions.persistedQuery.sha256Hash must be 64 hex digits');
    ids.push(id);
  }
  if (ids.length === 2 && ids[0] !== ids[1]) {
    return badRequest(
      'BAD_REQUEST',
      'documentId and extensions.persistedQuery.sha256Hash name different documents',
    );
  }
  return ids[0] ?? null;
}

const badRequest = (code: string, message: string) =>
  new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
