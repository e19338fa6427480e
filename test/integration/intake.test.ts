import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { must, registerAgreement, registerProject, seedBasics } from '../support/fixtures';
import { nowMs as clockNowMs } from '../../src/clock';

const INGEST = `mutation($e: [AccountEventInput!]!) {
  ingestAccountEvents(events: $e) { accepted duplicates unmatched rejected { index code message } }
}`;

type Ingest = {
  ingestAccountEvents: {
    accepted: number;
    duplicates: number;
    unmatched: number;
    rejected: { index: number; code: string; message: string }[];
  };
};

const credit = (
  id: string,
  accountNo: string,
  amount = '100000.00',
  bookedAt = '2026-03-10T09:00:00+08:00',
) => ({
  bankEventId: id,
  accountNo,
  type: 'CREDIT',
  amount,
  bookedAt,
  counterpartyName: '本溪市城建投资有限公司',
});

describe('ingestAccountEvents', () => {
  let t: TestHub;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  let bankToken: string;
  let projectId: string;
  const accountNo = '6222020705001234567';

  beforeAll(async () => {
    t = await startTestHub();
    seed = await seedBasics(t);
    bankToken = t.token({ org: 'BANK', bank: seed.bankCode });
    projectId = await registerProject(t, seed.admin, seed);
    await registerAgreement(t, seed.admin, { projectId, bankCode: seed.bankCode, accountNo });
  });
  afterAll(() => t.close());

  const creditedTotal = async () =>
    (
      await must(
        t.gql<{ project: { agreement: { creditedTotal: string } } }>(
          seed.admin,
          `query($id: ID!) { project(id: $id) { agreement { creditedTotal } } }`,
          { id: projectId },
        ),
      )
    ).project.agreement.creditedTotal;

  it('stores valid events and counts a replay as duplicates, never twice', async () => {
    const batch = [credit('dup-1', accountNo), credit('dup-2', accountNo, '50000.50')];
    const first = await must(t.gql<Ingest>(bankToken, INGEST, { e: batch }));
    expect(first.ingestAccountEvents).toEqual({ accepted: 2, duplicates: 0, unmatched: 0, rejected: [] });
    const again = await must(t.gql<Ingest>(bankToken, INGEST, { e: batch }));
    expect(again.ingestAccountEvents).toEqual({ accepted: 0, duplicates: 2, unmatched: 0, rejected: [] });
    expect(await creditedTotal()).toBe('150000.50');
  });

  it('counts the same event twice in one batch once', async () => {
    const res = await must(
      t.gql<Ingest>(bankToken, INGEST, {
        e: [credit('same-1', accountNo, '1.00'), credit('same-1', accountNo, '1.00')],
      }),
    );
    expect(res.ingestAccountEvents).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('counts concurrent replays of the same events exactly once', async () => {
    const before = await creditedTotal();
    const batch = Array.from({ length: 50 }, (_, i) => credit(`race-${i}`, accountNo, '10.00'));
    const results = await Promise.all(
      Array.from({ length: 6 }, () => must(t.gql<Ingest>(bankToken, INGEST, { e: batch }))),
    );
    const accepted = results.reduce((n, r) => n + r.ingestAccountEvents.accepted, 0);
    const duplicates = results.reduce((n, r) => n + r.ingestAccountEvents.duplicates, 0);
    expect(accepted).toBe(50);
    expect(duplicates).toBe(50 * 5);
    expect(Number(await creditedTotal()) - Number(before)).toBeCloseTo(500, 2);
  });

  it('rejects bad events one by one with index, code and the field, and stores the good ones', async () => {
    const res = await must(
      t.gql<Ingest>(bankToken, INGEST, {
        e: [
          credit('mixed-ok', accountNo, '20.00'),
          {
            bankEventId: 'mixed-no-amount',
            accountNo,
            type: 'CREDIT',
            bookedAt: '2026-03-10T09:00:00+08:00',
          },
          { ...credit('mixed-zero', accountNo), amount: '0.00' },
          { ...credit('mixed-future', accountNo), bookedAt: '2099-01-01T00:00:00+08:00' },
          { ...credit('mixed-bad-acct', 'no spaces allowed') },
          {
            bankEventId: 'mixed-open',
            accountNo,
            type: 'ACCOUNT_OPENED',
            bookedAt: '2026-03-01T09:00:00+08:00',
          },
        ],
      }),
    );
    const r = res.ingestAccountEvents;
    expect(r.accepted).toBe(2);
    expect(r.rejected.map((x) => [x.index, x.code])).toEqual([
      [1, 'INVALID_AMOUNT'],
      [2, 'INVALID_AMOUNT'],
      [3, 'BOOKED_IN_FUTURE'],
      [4, 'INVALID_ACCOUNT_NO'],
    ]);
    expect(r.rejected[0].message).toMatch(/^amount: required for CREDIT/);
    expect(r.rejected[2].message).toMatch(/^bookedAt:/);
    expect(r.rejected[3].message).toMatch(/^accountNo:/);
  });

  it('refuses a malformed Money for the whole call with BAD_USER_INPUT and stores nothing', async () => {
    const res = await t.gql<Ingest>(bankToken, INGEST, {
      e: [credit('float-1', accountNo), { ...credit('float-2', accountNo), amount: 5.5 }],
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const again = await must(t.gql<Ingest>(bankToken, INGEST, { e: [credit('float-1', accountNo)] }));
    expect(again.ingestAccountEvents.accepted).toBe(1); // float-1 was not stored by the refused call
  });

  it('keeps events for an unknown account as unmatched; they join the agreement when it is registered', async () => {
    const laterAccount = '6222020705009999001';
    const res = await must(
      t.gql<Ingest>(bankToken, INGEST, {
        e: [credit('early-1', laterAccount, '70000.00'), credit('early-2', laterAccount, '30000.00')],
      }),
    );
    expect(res.ingestAccountEvents).toMatchObject({ accepted: 2, unmatched: 2 });
    const laterProject = await registerProject(t, seed.admin, { ...seed, name: '溪湖区污水管网改造' });
    await registerAgreement(t, seed.admin, {
      projectId: laterProject,
      bankCode: seed.bankCode,
      accountNo: laterAccount,
    });
    const data = await must(
      t.gql<{ project: { agreement: { creditedTotal: string } } }>(
        seed.admin,
        `query($id: ID!) { project(id: $id) { agreement { creditedTotal } } }`,
        { id: laterProject },
      ),
    );
    expect(data.project.agreement.creditedTotal).toBe('100000.00');
    const more = await must(
      t.gql<Ingest>(bankToken, INGEST, { e: [credit('early-3', laterAccount, '1.00')] }),
    );
    expect(more.ingestAccountEvents.unmatched).toBe(0);
  });

  it('refuses a bank writing to a special account held at another bank', async () => {
    const other = await seedBasics(t);
    const otherToken = t.token({ org: 'BANK', bank: other.bankCode });
    const res = await must(
      t.gql<Ingest>(otherToken, INGEST, {
        e: [credit('foreign-1', accountNo), credit('own-1', '6228480000000001')],
      }),
    );
    expect(res.ingestAccountEvents.accepted).toBe(1);
    expect(res.ingestAccountEvents.rejected).toEqual([
      expect.objectContaining({ index: 0, code: 'ACCOUNT_AT_OTHER_BANK' }),
    ]);
  });

  it('takes events only from banks, keeping the raw payload and received time', async () => {
    const res = await t.gql(seed.admin, INGEST, { e: [credit('hrss-1', accountNo)] });
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    try {
      const row = (
        await pg.query(`select raw, received_at, booked_at from account_event where bank_event_id = 'dup-1'`)
      ).rows[0];
      expect(row.raw).toMatchObject({ bankEventId: 'dup-1', amount: '100000.00' });
      expect(row.booked_at.toISOString()).toBe('2026-03-10T01:00:00.000Z');
      expect(clockNowMs() - row.received_at.getTime()).toBeLessThan(60_000);
      expect(
        (await pg.query(`select count(*)::int as n from account_event where bank_event_id = 'hrss-1'`))
          .rows[0].n,
      ).toBe(0);
    } finally {
      await pg.end();
    }
  });
});
