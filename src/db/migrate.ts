import type { MikroORM } from '@mikro-orm/postgresql';

/** Applies pending migrations; the hub calls this before it listens. Returns their names. */
export async function migrateToLatest(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
