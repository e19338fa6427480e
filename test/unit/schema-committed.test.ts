import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaFile } from '../../schema/print-schema';

describe('schema/schema.graphql', () => {
  it('is what the code builds (run `npm run schema:emit` and commit the change)', async () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printSchemaFile());
  });

  it('keeps the contract names banks and agencies integrate against', async () => {
    const text = await printSchemaFile();
    for (const name of [
      'registerEnterprise(input: EnterpriseInput!): Enterprise!',
      'registerProject(input: ProjectInput!): Project!',
      'registerBank(input: BankInput!): Bank!',
      'registerTripartiteAgreement(input: TripartiteAgreementInput!): TripartiteAgreement!',
      'ingestAccountEvents(events: [AccountEventInput!]!): IngestResult!',
      'project(id: ID!): Project',
      'projects(after: String, filter: ProjectFilter, first: Int): ProjectConnection!',
      'creditedTotal: Money!',
      'scalar Money',
      'scalar Date',
      'scalar DateTime',
    ]) {
      expect(text).toContain(name);
    }
  });
});
