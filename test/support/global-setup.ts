import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ormConfig } from '../../src/db/orm-config';
import { migrateToLatest } from '../../src/db/migrate';
import { PG_ADMIN_URL, TEMPLATE_DB, databaseUrl } from './test-env';

/**
 * Builds one migrated template database per run; each test file clones it (CREATE DATABASE …
 * TEMPLATE), which takes a fraction of a second and keeps files isolated from each other.
 */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const stale = await admin.query(
      `select datname from pg_database where datname like 'wagewatch\\_test\\_%' and datname <> $1`,
      [TEMPLATE_DB],
    );
    for (const row of stale.rows) await admin.query(`drop database if exists "${row.datname}" with (force)`);
    await admin.query(`drop database if exists "${TEMPLATE_DB}" with (force)`);
    await admin.query(`create database "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  const orm = await MikroORM.init(ormConfig(databaseUrl(TEMPLATE_DB)));
  try {
    await migrateToLatest(orm);
  } finally {
    await orm.close(true);
  }
}
