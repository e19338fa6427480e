import { Client } from 'pg';
import { waitFor } from './wait-for';

/** GraphQL's statements running now, told apart by the pool's application_name. */
export interface Statement {
  pid: number;
  state: string;
  wait: string | null;
  query: string;
}

export async function graphqlStatements(sql: Client): Promise<Statement[]> {
  const { rows } = await sql.query<Statement>(
    `select pid, state, wait_event_type as wait, query from pg_stat_activity
      where datname = current_database() and application_name = 'wagewatch-graphql' and state = 'active'`,
  );
  return rows;
}

export const waitingOnALock = (sql: Client, n = 1) =>
  waitFor(`${n} GraphQL statement(s) waiting on a lock`, async () => {
    const rows = (await graphqlStatements(sql)).filter((s) => s.wait === 'Lock');
    return rows.length >= n ? rows : undefined;
  });

export const noGraphqlStatementRunning = (sql: Client, withinMs: number) =>
  waitFor(
    'no GraphQL statement running',
    async () => ((await graphqlStatements(sql)).length === 0 ? true : undefined),
    withinMs,
  );

/**
 * Holds an ACCESS EXCLUSIVE lock on a table in an open transaction, so that a real read of it
 * waits (as behind a long migration or a job's lock) until release().
 */
export async function lockTable(databaseUrl: string, table: string): Promise<{ release(): Promise<void> }> {
  const locker = new Client({ connectionString: databaseUrl });
  await locker.connect();
  await locker.query('begin');
  await locker.query(`lock table ${table} in access exclusive mode`);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await locker.query('rollback').catch(() => undefined);
      await locker.end().catch(() => undefined);
    },
  };
}
