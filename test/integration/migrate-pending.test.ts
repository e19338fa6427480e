import { Client } from 'pg';
import { createTestDatabase } from '../support/test-db';
import { startTestHub } from '../support/test-hub';

/** One migration, undone below as its down() does: a database that missed it. */
const MISSED = 'Migration20261206110000_push_full_path';

/**
 * A hub whose database is up to date skips the migrator; one that missed a migration still gets
 * it applied at start, once.
 */
describe('migrations at start on a database that missed one', () => {
  it('applies the missing one, and the next start applies none', async () => {
    const db = await createTestDatabase();
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      await pg.query(`drop function push_full_path(text)`);
      await pg.query(`delete from mikro_orm_migrations where name = $1`, [MISSED]);

      const first = await startTestHub({ RUN_JOBS: 'false' }, { databaseUrl: db.url });
      expect(first.hub.migrationsApplied).toEqual([MISSED]);
      await first.close();
      const fn = await pg.query(`select 1 from pg_proc where proname = 'push_full_path'`);
      expect(fn.rowCount).toBe(1);

      const second = await startTestHub({ RUN_JOBS: 'false' }, { databaseUrl: db.url });
      expect(second.hub.migrationsApplied).toEqual([]);
      await second.close();
    } finally {
      await pg.end();
      await db.drop();
    }
  });
});
