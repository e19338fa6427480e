/**
 * Trusted documents: GraphQL operations registered ahead of time and sent by id. One document is one
 * named operation, stored as graphql-js prints it (the text Apollo Client hashes for
 * `extensions.persistedQuery.sha256Hash`); its id is the hex SHA-256 of that text.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Kind,
  parse,
  print,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

export type TrustedDocumentSource = 'RELEASE' | 'REGISTERED';

export interface TrustedDocument {
  /** hex SHA-256 of `body` */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
  source: TrustedDocumentSource;
}

/** Apollo's persisted-query manifest format, so Apollo's and other tools read and write it. */
export interface Manifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: { id: string; name: string; type: TrustedDocument['type']; body: string }[];
}

export const MANIFEST_PATH = path.join(__dirname, '..', '..', 'schema', 'trusted-documents', 'manifest.json');

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const HEX_ID = /^[0-9a-f]{64}$/;

/**
 * The id a client sent: GraphQL over HTTP's `documentId` is `sha256:<hex>` (the bare hex is taken
 * too), APQ's `sha256Hash` the bare hex. Null when it is not a SHA-256 id at all.
 */
export function parseDocumentId(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const hex = raw.startsWith('sha256:') ? raw.slice('sha256:'.length) : raw;
  const lower = hex.toLowerCase();
  return HEX_ID.test(lower) ? lower : null;
}

export class DocumentProblem extends Error {
  override name = 'DocumentProblem';
}

/**
 * Checks a document before it is trusted: it parses, holds exactly one operation, named, and no
 * other definitions than fragments, and is valid against the hub's schema. Returns it printed.
 */
export function canonicalDocument(
  text: string,
  schema: GraphQLSchema,
): { body: string; name: string; type: TrustedDocument['type'] } {
  let doc: DocumentNode;
  try {
    doc = parse(text);
  } catch (err) {
    throw new DocumentProblem(`does not parse: ${(err as Error).message}`);
  }
  const operations = doc.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length !== 1) {
    throw new DocumentProblem(`must hold exactly one operation, found ${operations.length}`);
  }
  const [operation] = operations;
  if (!operation.name) throw new DocumentProblem('the operation must be named (metrics and logs go by name)');
  const errors = validate(schema, doc);
  if (errors.length) throw new DocumentProblem(`is not valid against the schema: ${errors[0].message}`);
  return { body: print(doc), name: operation.name.value, type: operation.operation };
}

/** The documents released with the hub (schema/trusted-documents/manifest.json). */
export function loadReleaseManifest(file = MANIFEST_PATH): TrustedDocument[] {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1) {
    throw new Error(`${file} is not an apollo-persisted-query-manifest, version 1`);
  }
  return manifest.operations.map((op) => {
    if (sha256Hex(op.body) !== op.id) {
      throw new Error(`${file}: ${op.name}'s id is not the SHA-256 of its body (run npm run documents:emit)`);
    }
    return { ...op, source: 'RELEASE' as const };
  });
}
