import { Writable } from 'node:stream';
import { Client } from 'pg';
import { createLogger } from '../../src/logger';
import { startTestHub, type TestHub } from '../support/test-hub';
import {
  RECORD_ATTENDANCE,
  RECORD_CONTRACTS,
  RECORD_ENTRIES,
  REGISTER_WORKERS,
  cardNumber,
  residentIdNumber,
  workforceProject,
  wrongCheckDigit,
} from '../support/workforce-fixtures';

/**
 * The workforce batches carry thousands of ID and card numbers: none may reach the log, whether a
 * row is refused, a whole call is, or the database fails under it. Only hashes and ciphertext are
 * ever sent to PostgreSQL, so even its error ("Failing row contains (…)") cannot quote a number.
 */
describe('no worker number reaches the log', () => {
  let t: TestHub;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await startTestHub({ RUN_JOBS: 'false' }, { log: createLogger('debug', sink) });
  });
  afterAll(() => t.close());

  it('refused rows, refused calls and a database failure log none of the numbers', async () => {
    const p = await workforceProject(t);
    await p.teams();
    const good = p.worker();
    const numbers = [good.idNumber, good.bankCardNo];
    const badId = wrongCheckDigit(residentIdNumber());
    // the last digit moved by one: never a valid Luhn check digit (a fixed '0' was valid 1 time in 10)
    const card = cardNumber();
    const badCard = card.slice(0, -1) + String((Number(card.slice(-1)) + 1) % 10);
    numbers.push(badId, badCard);
    const rows = await p.gql(REGISTER_WORKERS, {
      w: [good, p.worker({ idNumber: badId }), p.worker({ bankCardNo: badCard })],
    });
    expect(rows.data.registerWorkers.accepted).toBe(1);
    // a whole call refused: too many rows
    const big = await p.gql(REGISTER_WORKERS, { w: Array.from({ length: 5001 }, () => good) });
    expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // a coercion failure: the variables (numbers and all) are in the request
    const coerce = await p.gql(RECORD_ENTRIES, {
      e: [{ workerIdNumber: good.idNumber, direction: 'SIDEWAYS', on: '2026-10-09' }],
    });
    expect(coerce.errors?.length).toBeGreaterThan(0);
    // a database failure under a batch: a constraint the contract row breaks
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query(`alter table labour_contract add constraint pii_probe check (work <> '探针')`);
    await db.end();
    const failed = await p.gql(RECORD_CONTRACTS, { c: [p.contract(good.idNumber, { work: '探针' })] });
    expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const punches = await p.gql(RECORD_ATTENDANCE, {
      a: [{ workerIdNumber: good.idNumber, at: '2027-01-01T08:00:00+08:00', direction: 'IN' }],
    });
    expect(punches.data.recordAttendance.rejected).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    const log = lines.join('\n');
    expect(log).toMatch(/pii_probe|INTERNAL|error/i); // the failure itself was logged…
    for (const n of numbers) expect(log).not.toContain(n); // …and none of the numbers
  });
});
