/**
 * docs/operations.md "Rotating a bank's webhook secret": city HRSS rotates, the bank's pushes signed
 * with the replaced secret are taken during the overlap and refused after it (by the hub's clock),
 * the new secret is taken throughout; the secret is in no log line and no audit entry.
 */
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { createLogger } from '../../src/logger';
import { advanceClock, nowMs as clockNowMs, setClock } from '../../src/clock';
import { CITY_HRSS, seedBasics } from '../support/fixtures';
import { newWebhookSecret, startTestHub, type GqlResult, type TestHub } from '../support/test-hub';
import { TEST_NOW } from '../support/test-clock';
import { waitFor } from '../support/wait-for';

const HOUR = 3_600_000;
const ROTATE = `mutation Rotate($bank: String!, $secret: String, $hours: Int) {
  rotateBankWebhookSecret(bankCode: $bank, newSecret: $secret, overlapHours: $hours) {
    bank { code } generatedSecret rotatedAt previousSecretAcceptedUntil } }`;

interface Rotation {
  bank: { code: string };
  generatedSecret: string | null;
  rotatedAt: string;
  previousSecretAcceptedUntil: string | null;
}

describe("rotating a bank's webhook secret", () => {
  let t: TestHub;
  let pg: Client;
  const logged: string[] = [];
  let n = 0;
  /** a push of one event for an account not registered yet: 200 (unmatched) when the signature holds */
  const push = (bankCode: string, secret: string) =>
    t.push(
      bankCode,
      secret,
      JSON.stringify({
        events: [
          {
            bankEventId: `rot-${++n}`,
            accountNo: '6222020705001111111',
            type: 'CREDIT',
            amount: '10.00',
            bookedAt: '2026-11-30T10:00:00+08:00',
          },
        ],
      }),
    );
  const rotate = (token: string, vars: { bank: string; secret?: string; hours?: number }) =>
    t.gql<{ rotateBankWebhookSecret: Rotation }>(token, ROTATE, vars);
  const storedSecrets = async (code: string) =>
    (
      await pg.query(
        `select webhook_secret, previous_webhook_secret, previous_webhook_secret_until from bank where code = $1`,
        [code],
      )
    ).rows[0];
  const codeOf = (r: GqlResult<unknown>) => r.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged.push(String(chunk));
        done();
      },
    });
    t = await startTestHub({ RUN_JOBS: 'false' }, { log: createLogger('debug', sink) });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  beforeEach(() => setClock(TEST_NOW));
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('generates a secret, answers it once, and takes the old one until the overlap ends', async () => {
    const { admin, bankCode, secret: oldSecret } = await seedBasics(t);
    const res = await rotate(admin, { bank: bankCode });
    expect(res.errors).toBeUndefined();
    const rotation = res.data!.rotateBankWebhookSecret;
    const newSecret = rotation.generatedSecret!;
    expect(newSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Date.parse(rotation.previousSecretAcceptedUntil!) - Date.parse(rotation.rotatedAt)).toBe(
      24 * HOUR,
    );
    expect(Date.parse(rotation.rotatedAt)).toBeLessThanOrEqual(clockNowMs());

    expect((await push(bankCode, oldSecret)).status).toBe(200);
    expect((await push(bankCode, newSecret)).status).toBe(200);
    expect((await push(bankCode, newWebhookSecret())).status).toBe(401);

    advanceClock(23 * HOUR + 59 * 60_000); // a minute before the overlap ends
    expect((await push(bankCode, oldSecret)).status).toBe(200);
    advanceClock(2 * 60_000); // a minute after
    const late = await push(bankCode, oldSecret);
    expect(late).toEqual({
      status: 401,
      body: { error: 'webhook-signature does not match', code: 'UNAUTHENTICATED' },
    });
    expect((await push(bankCode, newSecret)).status).toBe(200);

    // The operator sees who has not switched yet, never the secret.
    const lines = logged.join('');
    expect(lines).toContain('bank push signed with the previous webhook secret');
    for (const s of [oldSecret, newSecret]) {
      expect(lines).not.toContain(s);
      expect(lines).not.toContain(s.slice(6, 30)); // nor its base64 part
    }
    // Answered once: nothing reads it back (Bank has no secret field; a repeated rotation makes another).
    const again = await rotate(t.token(CITY_HRSS), { bank: bankCode, hours: 0 }); // tokens live 1 h
    expect(again.data!.rotateBankWebhookSecret.generatedSecret).not.toBe(newSecret);
  });

  it('takes a secret the bank chose, and with overlapHours 0 refuses the old one at once', async () => {
    const { admin, bankCode, secret: oldSecret } = await seedBasics(t);
    const chosen = newWebhookSecret();
    const res = await rotate(admin, { bank: bankCode, secret: chosen, hours: 0 });
    expect(res.data!.rotateBankWebhookSecret).toMatchObject({
      bank: { code: bankCode },
      generatedSecret: null,
      previousSecretAcceptedUntil: null,
    });
    expect((await push(bankCode, oldSecret)).status).toBe(401);
    expect((await push(bankCode, chosen)).status).toBe(200);
    expect(await storedSecrets(bankCode)).toEqual({
      webhook_secret: chosen,
      previous_webhook_secret: null,
      previous_webhook_secret_until: null,
    });
  });

  it('a rotation during an overlap ends the oldest secret at once and keeps the middle one', async () => {
    const { admin, bankCode, secret: first } = await seedBasics(t);
    const second = newWebhookSecret();
    const third = newWebhookSecret();
    await rotate(admin, { bank: bankCode, secret: second, hours: 48 });
    advanceClock(HOUR);
    const res = await rotate(t.token(CITY_HRSS), { bank: bankCode, secret: third, hours: 2 });
    expect(res.errors).toBeUndefined();
    expect((await push(bankCode, first)).status).toBe(401);
    expect((await push(bankCode, second)).status).toBe(200);
    expect((await push(bankCode, third)).status).toBe(200);
    advanceClock(2 * HOUR + 1000);
    expect((await push(bankCode, second)).status).toBe(401);
    expect((await push(bankCode, third)).status).toBe(200);
  });

  it('two rotations at once run one after the other: neither new secret is lost', async () => {
    const { admin, bankCode, secret: original } = await seedBasics(t);
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    // Another transaction holds the bank row, so both rotations are in flight together when it lets go.
    const blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('select 1 from bank where code = $1 for update', [bankCode]);
      const answers = Promise.all([
        rotate(admin, { bank: bankCode, secret: a }),
        rotate(admin, { bank: bankCode, secret: b }),
      ]);
      await waitFor('both rotations waiting on the bank row', async () => {
        const waiting = await pg.query(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
        );
        return waiting.rows[0].n >= 2 ? true : undefined;
      });
      await blocker.query('commit');
      expect((await answers).map((r) => r.errors)).toEqual([undefined, undefined]);
    } finally {
      await blocker.end();
    }
    // The later one is current and the earlier one previous. Had both read the bank before either
    // wrote, the later would keep the original as "previous" and the earlier's secret would be lost.
    const stored = await storedSecrets(bankCode);
    expect([stored.webhook_secret, stored.previous_webhook_secret].sort()).toEqual([a, b].sort());
    expect((await push(bankCode, a)).status).toBe(200);
    expect((await push(bankCode, b)).status).toBe(200);
    expect((await push(bankCode, original)).status).toBe(401);
  });

  it.each([
    ['district HRSS', { org: 'HRSS', district: '210502' }],
    ['the city housing authority', { org: 'HOUSING', district: '210500' }],
    ['the bank itself', { org: 'BANK', district: '210500', bank: 'SELF' }],
  ] as const)('refuses %s (FORBIDDEN) and changes nothing', async (_who, caller) => {
    const { bankCode, secret } = await seedBasics(t);
    const token = t.token({ ...caller, ...('bank' in caller ? { bank: bankCode } : {}) });
    const res = await rotate(token, { bank: bankCode, secret: newWebhookSecret() });
    expect(res.data).toBeNull();
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0].message).toMatch(
      /only city-level HRSS \(210500\) may rotate a bank's webhook secret/,
    );
    expect((await storedSecrets(bankCode)).webhook_secret).toBe(secret);
    expect((await push(bankCode, secret)).status).toBe(200);
  });

  it('refuses bad input naming the field, never echoing the secret, and stores nothing', async () => {
    const { admin, bankCode, secret } = await seedBasics(t);
    const short = 'whsec_c2hvcnQtYnV0LXNlY3JldA==';
    const cases: [Record<string, unknown>, string, string][] = [
      [{ bank: bankCode, secret: short }, 'BAD_USER_INPUT', 'newSecret'],
      [{ bank: bankCode, secret }, 'BAD_USER_INPUT', 'newSecret'], // the current one
      [{ bank: bankCode, hours: -1 }, 'BAD_USER_INPUT', 'overlapHours'],
      [{ bank: bankCode, hours: 721 }, 'BAD_USER_INPUT', 'overlapHours'],
    ];
    for (const [vars, code, field] of cases) {
      const res = await t.gql(admin, ROTATE, vars);
      expect(res.errors?.[0]).toMatchObject({ extensions: { code, field } });
      expect(res.errors![0].message).toMatch(new RegExp(`^${field}: `));
      expect(JSON.stringify(res)).not.toContain(String(vars.secret ?? 'no secret given').slice(6));
    }
    const unknown = await rotate(admin, { bank: 'NO_SUCH_BANK' });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    expect(await storedSecrets(bankCode)).toEqual({
      webhook_secret: secret,
      previous_webhook_secret: null,
      previous_webhook_secret_until: null,
    });
  });

  it('writes an audit entry naming the bank, for a rotation and for a refused try, without the secret', async () => {
    const { admin, bankCode } = await seedBasics(t);
    const chosen = newWebhookSecret();
    await rotate(admin, { bank: bankCode, secret: chosen });
    const generated = (await rotate(admin, { bank: bankCode })).data!.rotateBankWebhookSecret
      .generatedSecret!;
    await rotate(t.token({ org: 'HRSS', district: '210503', sub: 'xihu-officer' }), { bank: bankCode });
    const entries = await pg.query(
      `select sub, org, district, operation_name, object_ids, outcome, row_to_json(a)::text as whole
         from audit_entry a where $1 = any(object_ids) order by id`,
      [`bank:${bankCode}`],
    );
    expect(entries.rows.map((r) => [r.sub, r.district, r.operation_name, r.outcome])).toEqual([
      ['test-user', '210500', 'Rotate', 'ok'],
      ['test-user', '210500', 'Rotate', 'ok'],
      ['xihu-officer', '210503', 'Rotate', 'FORBIDDEN'],
    ]);
    for (const row of entries.rows) {
      expect(row.whole).not.toContain(chosen.slice(6));
      expect(row.whole).not.toContain(generated.slice(6));
    }
  });
});
