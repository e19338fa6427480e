import { readFileSync } from 'node:fs';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { buildHubSchema } from '../../schema/build-schema';
import { measureOperation } from '../../schema/limits/query-shape';
import { DEFAULT_QUERY_LIMITS, limitExceeded } from '../../schema/limits/query-limits';
import { buildManifest, manifestText } from '../../src/trusted-documents/build-manifest';
import {
  loadReleaseManifest,
  MANIFEST_PATH,
  parseDocumentId,
  sha256Hex,
} from '../../src/trusted-documents/documents';

describe('schema/trusted-documents/manifest.json', () => {
  it('is what the .graphql files beside it build, each valid against the schema (run `npm run documents:emit`)', async () => {
    const built = manifestText(buildManifest(await buildHubSchema()));
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(built);
  });

  it("gives each document the SHA-256 of its body as id, and every one runs within the hub's limits", async () => {
    const schema = await buildHubSchema();
    const docs = loadReleaseManifest();
    expect(docs.length).toBeGreaterThan(20);
    for (const doc of docs) {
      expect(doc.id).toBe(sha256Hex(doc.body));
      const operation = parse(doc.body).definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      )!;
      expect(limitExceeded(measureOperation(schema, operation, {}), DEFAULT_QUERY_LIMITS)).toBeNull();
    }
  });

  it('reads ids as GraphQL over HTTP and APQ send them', () => {
    const hex = sha256Hex('query A { __typename }');
    expect(parseDocumentId(`sha256:${hex}`)).toBe(hex);
    expect(parseDocumentId(hex.toUpperCase())).toBe(hex);
    expect(parseDocumentId('sha1:abc')).toBeNull();
    expect(parseDocumentId(42)).toBeNull();
  });
});
