// For the MikroORM CLI only (migration:create): the hub itself builds its config in src/db.
import { Migrator } from '@mikro-orm/migrations';
import { ormConfig } from './src/db/orm-config';

export default {
  ...ormConfig(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wagewatch_dev'),
  extensions: [Migrator],
};
