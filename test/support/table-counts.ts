import type { Client } from 'pg';

/**
 * Each table's row count, in one statement: one snapshot for all of them, and never two queries at
 * once on one client (pg 8 warns, pg 9 refuses).
 */
export async function tableCounts(pg: Client, tables: readonly string[]): Promise<number[]> {
  const { rows } = await pg.query<Record<string, string>>(
    `select ${tables.map((t, i) => `(select count(*) from ${t}) as c${i}`).join(', ')}`,
  );
  return tables.map((_, i) => Number(rows[0][`c${i}`]));
}
