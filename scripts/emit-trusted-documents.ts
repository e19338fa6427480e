import { writeFileSync } from 'node:fs';
import { buildHubSchema } from '../schema/build-schema';
import { buildManifest, manifestText } from '../src/trusted-documents/build-manifest';
import { MANIFEST_PATH } from '../src/trusted-documents/documents';

/**
 * `npm run documents:emit`: writes schema/trusted-documents/manifest.json (Apollo's persisted-query
 * manifest format) from the .graphql files beside it. Committed; a test checks it is up to date.
 */
buildHubSchema()
  .then((schema) => {
    const manifest = buildManifest(schema);
    writeFileSync(MANIFEST_PATH, manifestText(manifest));
    console.log(`wrote schema/trusted-documents/manifest.json (${manifest.operations.length} documents)`);
  })
  .catch((err: Error) => {
    console.error(`documents:emit: ${err.message}`);
    process.exit(1);
  });
