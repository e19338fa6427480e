import type { Client } from 'pg';

/**
 * One aggregate of each table's rows (`x`, a row), in one statement: one snapshot for all of them,
 * and never two queries at once on one client (pg 8 warns, pg 9 refuses).
 */
export async function perTable(pg: Client, tables: readonly string[], aggregate: string): Promise<string[]> {
  const { rows } = await pg.query<Record<string, string>>(
    `select ${tables.map((t, i) => `(select ${aggregate} from ${t} x) as v${i}`).join(', ')}`,
  );
  return tables.map((_, i) => rows[0][`v${i}`]);
}

/** Each table's row count. */
export const tableCounts = async (pg: Client, tables: readonly string[]): Promise<number[]> =>
  (await perTable(pg, tables, 'count(*)')).map(Number);
