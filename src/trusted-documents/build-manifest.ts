import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { canonicalDocument, sha256Hex, type Manifest } from './documents';

export const DOCUMENTS_DIR = path.join(__dirname, '..', '..', 'schema', 'trusted-documents');

/**
 * The release manifest from schema/trusted-documents/*.graphql: one named operation a file, the
 * file named after it, each valid against the schema (a schema change that breaks one fails here).
 */
export function buildManifest(schema: GraphQLSchema, dir = DOCUMENTS_DIR): Manifest {
  const operations: Manifest['operations'] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()) {
    let doc: ReturnType<typeof canonicalDocument>;
    try {
      doc = canonicalDocument(readFileSync(path.join(dir, file), 'utf8'), schema);
    } catch (err) {
      throw new Error(`schema/trusted-documents/${file} ${(err as Error).message}`);
    }
    if (`${doc.name}.graphql` !== file) {
      throw new Error(
        `schema/trusted-documents/${file} holds operation ${doc.name}: name the file ${doc.name}.graphql`,
      );
    }
    operations.push({ id: sha256Hex(doc.body), name: doc.name, type: doc.type, body: doc.body });
  }
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

export const manifestText = (manifest: Manifest): string => `${JSON.stringify(manifest, null, 2)}\n`;
