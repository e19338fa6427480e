import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from '../src/config';
import { ormConfig } from '../src/db/orm-config';
import { usePersonalDataKeys } from '../src/personal-data/cipher';
import { reencryptPersonalData } from '../src/services/workforce/reencrypt';

/**
 * `npm run personal-data:reencrypt`: after PERSONAL_DATA_KEY_ID names a new key, encrypts every
 * worker's numbers again with it (DATABASE_URL and the PERSONAL_DATA_* settings, as the hub reads
 * them); then the old key may be removed from PERSONAL_DATA_KEYS. Safe to run while hubs serve.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new ConfigError('set DATABASE_URL (the database whose workers to re-encrypt)');
  usePersonalDataKeys(config.personalData);
  const orm = await MikroORM.init(ormConfig(config.databaseUrl));
  try {
    const n = await reencryptPersonalData(orm.em.fork());
    console.log(`re-encrypted ${n} workers with key "${config.personalData.writeKeyId}"`);
  } finally {
    await orm.close(true);
  }
}

main().catch((err) => {
  console.error(`personal-data:reencrypt: ${(err as Error).message}`);
  process.exit(1);
});
