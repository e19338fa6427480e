import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../src/db/orm-config';
import { migrateToLatest } from '../src/db/migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (npm start does this by itself). */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('migrate: set DATABASE_URL (npm start migrates the embedded database itself)');
    process.exit(2);
  }
  const orm = await MikroORM.init(ormConfig(url));
  try {
    const applied = await migrateToLatest(orm);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  } finally {
    await orm.close(true);
  }
}

main().catch((err) => {
  console.error(`migrate: ${(err as Error).message}`);
  process.exit(1);
});
