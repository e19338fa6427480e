import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaFile } from '../schema/print-schema';

/** `npm run schema:emit`: writes schema/schema.graphql, the contract as the code builds it. */
printSchemaFile().then((text) => {
  writeFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), text);
  console.log('wrote schema/schema.graphql');
});
