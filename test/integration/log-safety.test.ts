import { Writable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createLogger } from '../../src/logger';
import { maskNumbers, safeError } from '../../src/log-safe-error';
import { startTestHub, type TestHub } from '../support/test-hub';

// A resident ID number (GB 11643 test vector shape) and a name: what must never reach a log.
const ID_NUMBER = '21050219800101123X';
const NAME = '张三丰';

async function failure(em: EntityManager, sql: string, params: unknown[]): Promise<unknown> {
  try {
    await em.execute(sql, params);
  } catch (err) {
    return err;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe('errors as logged carry no personal data', () => {
  let t: TestHub;
  let em: EntityManager;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    em = t.hub.orm.em.fork() as EntityManager;
  });
  afterAll(() => t.close());

  it.each([
    [
      'a check violation (PostgreSQL: "Failing row contains …")',
      `insert into bank (code, name, webhook_secret) values (?, ?, ?)`,
      [null, NAME, ID_NUMBER],
    ],
    [
      'a unique violation (PostgreSQL: "Key (…)=(…) already exists")',
      `insert into enterprise (id, uscc, name) values (gen_random_uuid(), ?, ?), (gen_random_uuid(), ?, ?)`,
      [ID_NUMBER, NAME, ID_NUMBER, NAME],
    ],
    ['invalid input syntax, which quotes the value', `select ?::bigint`, [ID_NUMBER]],
    [
      'a value too long, with the statement in the message',
      `insert into bank (code, name, webhook_secret) values (?, ?, ?)`,
      [ID_NUMBER.repeat(3), NAME, 'x'],
    ],
  ])('%s', async (_what, sql, params) => {
    const err = await failure(em, sql, params);
    // The raw error does carry them: this is what the log must not show.
    expect(JSON.stringify({ m: (err as Error).message, d: (err as { detail?: string }).detail })).toMatch(
      new RegExp(`${ID_NUMBER}|${NAME}`),
    );
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    createLogger('info', sink).error({ err }, 'unexpected GraphQL error');
    const logged = lines.join('');
    expect(logged).not.toContain(ID_NUMBER);
    expect(logged).not.toContain(NAME);
    const entry = JSON.parse(logged);
    // What an operator needs is still there: which SQLSTATE, and where.
    expect(entry.err.sqlState).toMatch(/^[0-9A-Z]{5}$/);
    expect(entry.err.message).toMatch(/^database error /);
    expect(entry.err.stack).toMatch(/^\s+at /);
  });

  it("masks ID and card numbers in the hub's own error messages", () => {
    const logged = safeError(new Error(`no worker ${ID_NUMBER} with card 6222021234567890123`));
    expect(logged.message).toBe('no worker 210…[masked] with card 622…[masked]');
    expect(maskNumbers('order 2026120100 for 3 workers')).toBe('order 2026120100 for 3 workers');
  });
});
