import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * The advisory lock every hub takes around its migrations, as two int4 keys ("wage", "migr"):
 * hubs starting together on one database would otherwise all create `mikro_orm_migrations` and
 * the first tables at once, and all but one die on a duplicate catalog entry.
 */
export const MIGRATION_LOCK: readonly [number, number] = [0x77616765, 0x6d696772];

/**
 * Applies pending migrations; the hub calls this before it listens. Returns their names (empty
 * when another hub applied them while this one waited for the lock).
 *
 * The lock is held by a session of its own, not by the migrator's: MikroORM runs each migration
 * on a pooled connection of its choosing, and a session lock is released only by the session
 * that took it (or when that session ends, so a hub that dies mid-migration frees it at once).
 */
export async function migrateToLatest(orm: MikroORM, opts: { onWait?: () => void } = {}): Promise<string[]> {
  // A database already up to date (every start but the first after a release) needs neither the
  // lock nor the migrator, whose loading was a good part of the hub's start.
  if (!(await anyMigrationPending(orm))) return [];
  const { Migrator } = await import('@mikro-orm/migrations');
  Migrator.register(orm);
  const { host, port, user, password, database } = orm.em.getConnection().getConnectionOptions();
  const lockSession = new pg.Client({
    host,
    port,
    user,
    database,
    ...(typeof password === 'string' ? { password } : {}),
  });
  await lockSession.connect();
  try {
    const [k1, k2] = MIGRATION_LOCK;
    const tried = await lockSession.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', [
      k1,
      k2,
    ]);
    if (!tried.rows[0]!.got) {
      opts.onWait?.();
      await lockSession.query('SELECT pg_advisory_lock($1, $2)', [k1, k2]);
    }
    try {
      const applied = await orm.getMigrator().up();
      return applied.map((m) => m.name);
    } finally {
      await lockSession.query('SELECT pg_advisory_unlock($1, $2)', [k1, k2]);
    }
  } finally {
    await lockSession.end();
  }
}

/** Whether a migration file the hub carries is not yet in the database's migrations table. */
async function anyMigrationPending(orm: MikroORM): Promise<boolean> {
  const settings = orm.config.get('migrations');
  const table = settings.tableName ?? 'mikro_orm_migrations';
  const conn = orm.em.getConnection();
  const [present] = await conn.execute<{ present: boolean }[]>(
    `select to_regclass(?) is not null as present`,
    [table],
  );
  if (!present?.present) return true;
  const applied = new Set(
    (await conn.execute<{ name: string }[]>(`select name from ??`, [table])).map((r) => r.name),
  );
  // As the migrator names them: the file's name without .ts or .js (declaration files are not ones).
  return readdirSync(settings.path!)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .some((f) => !applied.has(path.parse(f).name));
}
