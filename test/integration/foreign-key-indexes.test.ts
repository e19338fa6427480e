import { Client } from 'pg';
import { createTestDatabase } from '../support/test-db';

/**
 * A foreign key without an index on its columns makes every join from the parent read the whole
 * child table (a push's credits against their accounts' agreements read every agreement of the
 * city), and every change to a parent row scan it for the key check. Each foreign key of the
 * migrated schema must lead some index with exactly its columns.
 */
/** The foreign keys (table.constraint) no index leads with exactly their columns. */
async function unindexedKeys(sql: Client, table?: string): Promise<string[]> {
  const { rows } = await sql.query<{ key: string }>(
    `select c.conrelid::regclass::text || '.' || c.conname as key
       from pg_constraint c
      where c.contype = 'f' and ($1::regclass is null or c.conrelid = $1::regclass)
        and not exists (
          select 1 from pg_index i
           where i.indrelid = c.conrelid
             and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
             and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
      order by 1`,
    [table ?? null],
  );
  return rows.map((r) => r.key);
}

describe('every foreign key has an index', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  it('no foreign key lacks one', async () => {
    expect(await unindexedKeys(sql)).toEqual([]);
    // the check itself sees the keys: the schema has dozens, the agreements' account among them
    const { rows: all } = await sql.query<{ n: number }>(
      `select count(*)::int as n from pg_constraint where contype = 'f'`,
    );
    expect(all[0].n).toBeGreaterThan(20);
  });

  it('finds a foreign key whose index is gone', async () => {
    await sql.query('begin');
    try {
      await sql.query('drop index tripartite_agreement_account_id_index');
      expect(await unindexedKeys(sql, 'tripartite_agreement')).toEqual([
        'tripartite_agreement.tripartite_agreement_account_id_foreign',
      ]);
    } finally {
      await sql.query('rollback');
    }
  });
});
