import { Client } from 'pg';
import { PG_ADMIN_URL } from './test-env';

/** Drops this run's template; each test file drops its own database. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.WAGEWATCH_TEST_TEMPLATE;
  if (!template) return;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${template}" with (force)`);
  } finally {
    await admin.end();
  }
}
