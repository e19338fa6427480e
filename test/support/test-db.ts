import { Client } from 'pg';
import { PG_ADMIN_URL, databaseUrl, stampedName, templateDb } from './test-env';

/** A fresh, migrated database of this test file's own; drop() removes it. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = stampedName(`w${process.env.JEST_WORKER_ID ?? '0'}`);
  await adminQuery(`create database "${name}" template "${templateDb()}"`);
  return {
    name,
    url: databaseUrl(name),
    drop: () => adminQuery(`drop database if exists "${name}" with (force)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
