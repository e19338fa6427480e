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
