import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { setClock } from '../../src/clock';
import { createLogger } from '../../src/logger';
import { startTestHub, type TestHub } from '../support/test-hub';
import { freshUscc, must } from '../support/fixtures';
import { TEST_NOW } from '../support/test-clock';
import {
  RECORD_ATTENDANCE,
  REGISTER_WORKERS,
  cardNumber,
  residentIdNumber,
  shanghai,
  workforceProject,
} from '../support/workforce-fixtures';

const PAYROLL_FIELDS = `id reference month status lineCount paidCount failedCount pendingCount grossTotal netTotal paidTotal
  team { name } lines { days grossPay netPay bankCard status paidOn bankEventId failedOn worker { idNumber } }`;
const SUBMIT = `mutation($i: PayrollInput!) { submitPayroll(input: $i) { ${PAYROLL_FIELDS} } }`;
const RESULTS = `mutation($id: ID!, $r: [PayrollResultInput!]!) { recordPayrollResults(payrollId: $id, results: $r) {
  ${PAYROLL_FIELDS} } }`;
const READ = `query($id: ID!) { payroll(id: $id) { ${PAYROLL_FIELDS} } }`;
const LEDGER = `query($p: ID!, $m: String) { project(id: $p) { wageLedger(month: $m, first: 50) { totalCount edges { node {
  monthsWorked due paid owed monthsOwed attendedNotOnPayroll worker { idNumber } } } } } }`;

type P = Awaited<ReturnType<typeof workforceProject>>;

/**
 * Payroll through the special account (R6, issue #10 item 4), through the public API: the
 * contractor's submission refused whole and naming each line's field, replays, the bank's results
 * by mutation and by its usual push, scope, the card encrypted at rest, the wage ledger.
 */
describe('payroll through the special account (R6)', () => {
  let t: TestHub;
  let pg: Client;
  const q = async <T = any>(text: string, params: unknown[] = []) =>
    (await pg.query(text, params)).rows as T[];

  /** every line the hub logs, at debug: no card or ID number may be among them */
  const logged: string[] = [];
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
  afterEach(() => setClock(TEST_NOW));
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  /** a project with three workers on the subcontractor's team and one on the contractor's own */
  async function staffed() {
    const p = await workforceProject(t);
    await p.teams();
    const [w1, w2, w3] = [p.worker(), p.worker({ name: '李四' }), p.worker({ name: '王二' })];
    const own = p.worker({ teamId: p.teamIds.gc, name: '赵六' });
    await must(p.gql(REGISTER_WORKERS, { w: [w1, w2, w3, own] }));
    const [{ account_no: accountNo }] = await q(
      `select account_no from special_account where project_id = $1`,
      [p.projectId],
    );
    const line = (w: { idNumber: string; bankCardNo: string }, net = '7600.00', more = {}) => ({
      workerIdNumber: w.idNumber,
      days: 22,
      grossPay: '8000.00',
      netPay: net,
      bankCardNo: w.bankCardNo,
      ...more,
    });
    const payroll = (reference: string, month: string, lines: unknown[]) => ({
      projectId: p.projectId,
      teamId: p.teamIds.sub,
      month,
      reference,
      lines,
    });
    return { p, w1, w2, w3, own, accountNo, line, payroll };
  }
  const submit = (p: P, input: unknown) => p.gql(SUBMIT, { i: input });
  const results = (p: P, id: string, r: unknown[], token = p.bank) => p.gql(RESULTS, { id, r }, token);
  const masked = (card: string) => '*'.repeat(card.length - 4) + card.slice(-4);

  it('takes a team’s month, stores the card as the worker’s is kept, and a replay is the same payroll', async () => {
    const { p, w1, w2, line, payroll } = await staffed();
    const input = payroll('GZ-2026-10-A', '2026-10', [line(w1), line(w2, '7000.00', { days: 20.5 })]);
    const { submitPayroll: made } = await must(submit(p, input));
    expect(made).toMatchObject({
      reference: 'GZ-2026-10-A',
      month: '2026-10',
      status: 'PENDING',
      lineCount: 2,
      pendingCount: 2,
      grossTotal: '16000.00',
      netTotal: '14600.00',
      paidTotal: '0.00',
      team: { name: '钢筋一班' },
    });
    expect(made.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          days: 20.5,
          netPay: '7000.00',
          bankCard: masked(w2.bankCardNo),
          status: 'PENDING',
        }),
      ]),
    );
    // the same payroll again, its lines in another order: the same payroll
    const again = await must(submit(p, { ...input, lines: [...input.lines].reverse() }));
    expect(again.submitPayroll.id).toBe(made.id);
    // the same reference with other content: refused, naming the reference
    const other = await submit(p, { ...input, lines: [line(w1, '7500.00'), input.lines[1]] });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'reference' });
    expect(await q(`select count(*)::int as n from payroll where project_id = $1`, [p.projectId])).toEqual([
      { n: 1 },
    ]);

    // at rest: no column holds the number; the keyed hash is the worker's own
    const rows = await q(
      `select l.*, w.card_hash as worker_card_hash from payroll_line l join worker w on w.id = l.worker_id
        where l.payroll_id = $1`,
      [made.id],
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(JSON.stringify(r)).not.toContain(w1.bankCardNo);
      expect(JSON.stringify(r)).not.toContain(w2.bankCardNo);
      expect(r.card_enc).toMatch(/^v1\./);
      expect(r.card_hash).toBe(r.worker_card_hash);
    }
  });

  it('refuses the whole payroll on any bad line, naming each line’s field, storing nothing', async () => {
    const { p, w1, w2, w3, own, line, payroll } = await staffed();
    const badLuhn = w1.bankCardNo.slice(0, -1) + ((Number(w1.bankCardNo.at(-1)) + 1) % 10);
    const res = await submit(
      p,
      payroll('GZ-BAD', '2026-10', [
        line(w1, '7600.00', { bankCardNo: badLuhn }),
        line(own),
        line({ idNumber: residentIdNumber(), bankCardNo: cardNumber() }),
        line(w2, '7600.00', { bankCardNo: cardNumber() }),
        line(w3, '9000.00'),
        line(w3, '7600.00', { days: 32 }),
        line(w1, '0.00'),
      ]),
    );
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'lines[0].bankCardNo',
    });
    const problems = (res.errors?.[0].extensions as any).problems.map((x: { field: string }) => x.field);
    expect(problems).toEqual([
      'lines[0].bankCardNo',
      'lines[1].workerIdNumber', // the contractor's own team, not this payroll's
      'lines[2].workerIdNumber', // not registered
      'lines[3].bankCardNo', // not the worker's registered card
      'lines[4].netPay', // more than gross
      'lines[5].days',
      'lines[6].netPay',
    ]);
    expect(JSON.stringify(res.errors)).not.toContain(w2.bankCardNo);
    const dup = await submit(p, payroll('GZ-DUP', '2026-10', [line(w1), line(w1)]));
    expect(dup.errors?.[0].extensions).toMatchObject({ field: 'lines[1].workerIdNumber' });
    const future = await submit(p, payroll('GZ-FUT', '2027-01', [line(w1)]));
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    const team = await submit(p, { ...payroll('GZ-T', '2026-10', [line(w1)]), teamId: randomUUIDLike() });
    expect(team.errors?.[0].extensions).toMatchObject({ field: 'teamId' });
    const notGc = await p.gql(SUBMIT, { i: payroll('GZ-X', '2026-10', [line(w1)]) }, p.bank);
    expect(notGc.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await q(`select count(*)::int as n from payroll where project_id = $1`, [p.projectId])).toEqual([
      { n: 0 },
    ]);
    expect(
      await q(`select count(*)::int as n from payroll_line where project_id = $1`, [p.projectId]),
    ).toEqual([{ n: 0 }]);
  });

  it('takes the bank’s results: paid, failed, retried; a paid line stays paid; replays change nothing', async () => {
    const { p, w1, w2, w3, line, payroll } = await staffed();
    const { submitPayroll: made } = await must(submit(p, payroll('GZ-R', '2026-10', [line(w1), line(w2)])));
    const paid1 = {
      workerIdNumber: w1.idNumber,
      status: 'PAID',
      at: shanghai('2026-11-13 10:00:00'),
      bankEventId: 'D-1',
    };
    // 23:30 UTC is the next morning in Shanghai: the failure's date is Shanghai's
    const failed2 = {
      workerIdNumber: w2.idNumber,
      status: 'FAILED',
      at: '2026-11-13T23:30:00Z',
      failureReason: '账户冻结',
    };
    const r1 = (await must(results(p, made.id, [paid1, failed2]))).recordPayrollResults;
    expect(r1).toMatchObject({ status: 'HAS_FAILURES', paidCount: 1, failedCount: 1, paidTotal: '7600.00' });
    const byCard = (r: any, w: { bankCardNo: string }) =>
      r.lines.find((l: any) => l.bankCard === masked(w.bankCardNo));
    expect(byCard(r1, w1)).toMatchObject({ status: 'PAID', paidOn: '2026-11-13', bankEventId: 'D-1' });
    expect(byCard(r1, w2)).toMatchObject({ status: 'FAILED', failedOn: '2026-11-14', paidOn: null });
    // the same results again: nothing changes
    expect((await must(results(p, made.id, [paid1, failed2]))).recordPayrollResults).toEqual(r1);
    // a paid line stays paid
    const back = await results(p, made.id, [{ ...paid1, status: 'FAILED' }]);
    expect(back.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'results[0].status' });
    const otherDebit = await results(p, made.id, [{ ...paid1, bankEventId: 'D-9' }]);
    expect(otherDebit.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'results[0].bankEventId',
    });
    const stranger = await results(p, made.id, [paid1, { ...paid1, workerIdNumber: w3.idNumber }]);
    expect(stranger.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'results[1].workerIdNumber',
    });
    const noEvent = await results(p, made.id, [{ ...failed2, status: 'PAID' }]);
    expect(noEvent.errors?.[0].extensions).toMatchObject({ field: 'results[0].bankEventId' });
    // the retry pays it; the first failure's date stays
    const retry = {
      workerIdNumber: w2.idNumber,
      status: 'PAID',
      at: shanghai('2026-11-16 09:00:00'),
      bankEventId: 'D-2',
    };
    const r2 = (await must(results(p, made.id, [retry]))).recordPayrollResults;
    expect(r2).toMatchObject({ status: 'PAID', paidCount: 2, paidTotal: '15200.00' });
    expect(byCard(r2, w2)).toMatchObject({ status: 'PAID', paidOn: '2026-11-16', failedOn: '2026-11-14' });
    // only the account's own bank reports; the contractor does not
    for (const token of [t.token({ org: 'BANK', bank: 'OTHER_BANK' }), p.contractor]) {
      const r = await results(p, made.id, [paid1], token);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('takes the results from the bank’s push: a DEBIT quoting the reference to a line’s card pays it', async () => {
    const { p, w1, w2, w3, accountNo, line, payroll } = await staffed();
    const { submitPayroll: made } = await must(
      submit(p, payroll('GZ-2026-11-B', '2026-11', [line(w1), line(w2, '7000.00'), line(w3)])),
    );
    const event = (type: string, w: { bankCardNo: string }, bookedAt: string, more = {}) => ({
      bankEventId: `${type}-${randomBytes(4).toString('hex')}`,
      accountNo,
      type,
      bookedAt,
      counterpartyName: '张三',
      counterpartyAccount: w.bankCardNo.replace(/(\d{4})/g, '$1 ').trim(),
      memo: '代发工资 GZ-2026-11-B.',
      ...more,
    });
    const debit1 = event('DEBIT', w1, '2026-11-30T09:00:00+08:00', { amount: '7600.00' });
    const events = [
      debit1,
      event('PAYMENT_FAILED', w2, '2026-11-30T09:01:00+08:00'),
      // another amount is not this line's payment; another reference is not this payroll
      event('DEBIT', w3, '2026-11-30T09:02:00+08:00', { amount: '7000.00' }),
      event('DEBIT', w3, '2026-11-30T09:03:00+08:00', { amount: '7600.00', memo: '代发工资 GZ-2026-11-BX' }),
    ];
    const push = await t.push(p.bankCode, p.secret, JSON.stringify({ events }));
    expect(push.body).toMatchObject({ accepted: 4, rejected: [] });
    const after = (await must(p.gql(READ, { id: made.id }))).payroll;
    const byCard = (w: { bankCardNo: string }) =>
      after.lines.find((l: any) => l.bankCard === masked(w.bankCardNo));
    expect(byCard(w1)).toMatchObject({
      status: 'PAID',
      paidOn: '2026-11-30',
      bankEventId: debit1.bankEventId,
    });
    expect(byCard(w2)).toMatchObject({ status: 'FAILED', failedOn: '2026-11-30' });
    expect(byCard(w3)).toMatchObject({ status: 'PENDING' });
    // the same push again: duplicates, no line changes
    const replay = await t.push(p.bankCode, p.secret, JSON.stringify({ events }));
    expect(replay.body).toMatchObject({ accepted: 0, duplicates: 4 });
    expect((await must(p.gql(READ, { id: made.id }))).payroll).toEqual(after);
    // the retry, next morning
    const retry = event('DEBIT', w2, '2026-12-01T09:00:00+08:00', { amount: '7000.00' });
    expect((await t.push(p.bankCode, p.secret, JSON.stringify({ events: [retry] }))).body.accepted).toBe(1);
    const paid = (await must(p.gql(READ, { id: made.id }))).payroll;
    expect(paid.lines.find((l: any) => l.bankCard === masked(w2.bankCardNo))).toMatchObject({
      status: 'PAID',
      paidOn: '2026-12-01',
      failedOn: '2026-11-30',
      bankEventId: retry.bankEventId,
    });
    expect(paid).toMatchObject({ paidCount: 2, pendingCount: 1, status: 'PARTLY_PAID' });
    // the counterparty accounts (the workers' cards) never reach the log
    expect(logged.length).toBeGreaterThan(0);
    for (const w of [w1, w2, w3]) expect(logged.join('').replace(/\s/g, '')).not.toContain(w.bankCardNo);
  });

  it('shows payrolls in scope only, and keeps the ledger: months worked, due, paid, owed', async () => {
    const { p, w1, w2, w3, line, payroll } = await staffed();
    // valid days: Friday 2026-10-09 after National Day, the make-up working Saturday 2026-10-10, a
    // holiday 2026-10-03 (the gate saw work; the rule counts what it saw); w3 works November only
    const punches = (w: { idNumber: string }, day: string) => [
      { workerIdNumber: w.idNumber, at: shanghai(`${day} 08:30:00`), direction: 'IN' },
      { workerIdNumber: w.idNumber, at: shanghai(`${day} 17:30:00`), direction: 'OUT' },
    ];
    await must(
      p.gql(RECORD_ATTENDANCE, {
        a: [
          ...punches(w1, '2026-10-09'),
          ...punches(w1, '2026-10-10'),
          ...punches(w1, '2026-11-02'),
          ...punches(w2, '2026-10-03'),
          ...punches(w3, '2026-11-02'),
          // one punch is no valid day: w2 did not work November
          punches(w2, '2026-11-03')[0],
        ],
      }),
    );
    const oct = (await must(submit(p, payroll('L-10', '2026-10', [line(w1), line(w2, '7000.00')]))))
      .submitPayroll;
    await must(submit(p, payroll('L-11', '2026-11', [line(w1, '6000.00')])));
    await must(
      results(p, oct.id, [
        {
          workerIdNumber: w1.idNumber,
          status: 'PAID',
          at: shanghai('2026-11-13 10:00:00'),
          bankEventId: 'L-D1',
        },
      ]),
    );
    const entries = async (month: string | null, token = p.hrss) =>
      Object.fromEntries(
        (await must(p.gql(LEDGER, { m: month }, token))).project.wageLedger.edges.map((e: any) => [
          e.node.worker.idNumber,
          e.node,
        ]),
      );
    const all = await entries(null);
    expect(Object.keys(all)).toHaveLength(4); // the contractor's own worker too, with nothing
    expect(all[w1.idNumber]).toMatchObject({
      monthsWorked: ['2026-10', '2026-11'],
      due: '13600.00',
      paid: '7600.00',
      owed: '6000.00',
      monthsOwed: ['2026-11'],
      attendedNotOnPayroll: [],
    });
    expect(all[w2.idNumber]).toMatchObject({ monthsWorked: ['2026-10'], due: '7000.00', owed: '7000.00' });
    expect(all[w3.idNumber]).toMatchObject({
      monthsWorked: ['2026-11'],
      due: '0.00',
      owed: '0.00',
      attendedNotOnPayroll: ['2026-11'],
    });
    const nov = await entries('2026-11', p.contractor);
    expect(nov[w1.idNumber.slice(0, 6) + '********' + w1.idNumber.slice(-4)]).toMatchObject({
      monthsWorked: ['2026-11'],
      due: '6000.00',
      paid: '0.00',
      owed: '6000.00',
    });

    // a wage claim on the project takes its verification lines from the ledger: each worker owed
    const claim = await must(
      p.gql(
        `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`,
        {
          i: {
            source: 'HOTLINE',
            projectId: p.projectId,
            employerUscc: p.contractorUscc,
            workers: 2,
            amount: '13000.00',
            receivedOn: '2026-11-20',
          },
        },
        p.hrss,
      ),
    );
    const VERIFY = `mutation($c: ID!, $i: VerificationInput!) { verifyWageClaim(caseId: $c, input: $i) {
      status verifiedAmount lines { workerName maskedIdNumber monthsOwed amount } } }`;
    const verification = { debtorUscc: p.contractorUscc, verifiedOn: '2026-11-25' };
    const both = await p.gql(
      VERIFY,
      {
        c: claim.fileWageClaim.id,
        i: {
          ...verification,
          linesFromLedger: true,
          lines: [{ workerName: 'x', workerIdNumber: w1.idNumber, monthsOwed: 1, amount: '1.00' }],
        },
      },
      p.hrss,
    );
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'linesFromLedger' });
    const verified = (
      await must(
        p.gql(VERIFY, { c: claim.fileWageClaim.id, i: { ...verification, linesFromLedger: true } }, p.hrss),
      )
    ).verifyWageClaim;
    // names masked to anyone but the assigned agency and city HRSS, as every case line's
    const maskedId = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;
    expect(verified.verifiedAmount).toBe('13000.00');
    expect(verified.lines).toEqual(
      expect.arrayContaining([
        { workerName: '张*', maskedIdNumber: maskedId(w1.idNumber), monthsOwed: 1, amount: '6000.00' },
        { workerName: '李*', maskedIdNumber: maskedId(w2.idNumber), monthsOwed: 1, amount: '7000.00' },
      ]),
    );
    expect(verified.lines).toHaveLength(2);
    const [{ n: lines }] = await q(
      `select count(*)::int as n from wage_case_line where case_id = $1 and worker_id_number in ($2, $3)`,
      [claim.fileWageClaim.id, w1.idNumber, w2.idNumber],
    );
    expect(lines).toBe(2);

    // scope: the project's contractor, bank, district HRSS and industry authority; nobody else
    const PAYROLLS = `query($p: ID!) { project(id: $p) { payrolls(first: 5) { totalCount edges { node { reference } } } } }`;
    for (const token of [p.contractor, p.bank, p.hrss, p.housing]) {
      const seen = (await must(p.gql(PAYROLLS, {}, token))).project.payrolls;
      expect(seen.totalCount).toBe(2);
      expect((await p.gql(READ, { id: oct.id }, token)).errors).toBeUndefined();
    }
    for (const caller of [
      { org: 'BANK', bank: 'OTHER_BANK' },
      { org: 'HRSS', district: '210503' },
      { org: 'HOUSING', district: '210503' },
      { org: 'CONTRACTOR', uscc: freshUscc() },
    ]) {
      const token = t.token(caller as never);
      const r = await p.gql(PAYROLLS, {}, token);
      expect(r.data?.project?.payrolls?.totalCount ?? 0).toBe(0);
      const ledger = await p.gql(LEDGER, { m: null }, token);
      expect(ledger.data?.project?.wageLedger?.totalCount ?? 0).toBe(0);
      expect((await p.gql(READ, { id: oct.id }, token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });

  describe('statements per request', () => {
    let statements = 0;
    beforeAll(() => {
      // GraphQL's own pool (its requests' SQL) and the hub's (the audit log's writes)
      for (const orm of [t.hub.graphqlOrm, t.hub.orm])
        orm.em.getKnex().on('query', (x: { sql: string }) => {
          if (!/from trusted_document/.test(x.sql)) statements += 1;
        });
    });
    /** Waits until no statement has been sent for 150 ms. */
    const quiet = async () => {
      for (let seen = -1; seen !== statements;) {
        seen = statements;
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    const counted = async (query: string, variables: Record<string, unknown>, token: string) => {
      await quiet();
      const before = statements;
      const data = await must(t.gql<any>(token, query, variables));
      await quiet();
      return { statements: statements - before, data };
    };
    const NESTED = `query($p: ID!, $n: Int) { project(id: $p) {
      payrolls(first: $n) { totalCount edges { node { reference status team { name }
        lines { netPay status bankCard worker { name idNumber team { name } } } } } }
      wageLedger(first: $n) { totalCount edges { node { owed monthsWorked attendedNotOnPayroll worker { name team { name } } } } } } }`;
    const PROJECTS = `query($n: Int) { projects(first: $n) { edges { node { name
      payrolls(first: 3) { totalCount edges { node { reference lines { netPay worker { name } } } } }
      wageLedger(first: 3) { totalCount edges { node { owed worker { name } } } } } } } }`;

    it('Project.payrolls and Project.wageLedger: the same statements for 10 as for 100', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const workers = Array.from({ length: 15 }, () => p.worker());
      await must(p.gql(REGISTER_WORKERS, { w: workers }));
      await must(
        p.gql(RECORD_ATTENDANCE, {
          a: workers.flatMap((w) => [
            { workerIdNumber: w.idNumber, at: shanghai('2026-10-09 08:30:00'), direction: 'IN' },
            { workerIdNumber: w.idNumber, at: shanghai('2026-10-09 17:30:00'), direction: 'OUT' },
          ]),
        }),
      );
      for (let m = 0; m < 12; m++) {
        const month = m === 0 ? '2025-12' : `2026-${String(m).padStart(2, '0')}`;
        await must(
          submit(p, {
            projectId: p.projectId,
            teamId: p.teamIds.sub,
            month,
            reference: `S-${month}`,
            lines: workers.map((w) => ({
              workerIdNumber: w.idNumber,
              days: 20,
              grossPay: '8000.00',
              netPay: '7600.00',
              bankCardNo: w.bankCardNo,
            })),
          }),
        );
      }
      const ten = await counted(NESTED, { p: p.projectId, n: 10 }, p.hrss);
      const hundred = await counted(NESTED, { p: p.projectId, n: 100 }, p.hrss);
      expect(ten.data.project.payrolls.edges).toHaveLength(10);
      expect(hundred.data.project.payrolls.edges).toHaveLength(12);
      expect(ten.data.project.wageLedger.edges).toHaveLength(10);
      expect(hundred.data.project.wageLedger.edges).toHaveLength(15);
      expect(hundred.data.project.wageLedger.edges[0].node.owed).toBe('91200.00');
      expect(hundred.statements).toBe(ten.statements);
      // over a page of projects: the same again for 2 projects as for all of them
      for (let i = 0; i < 3; i++) {
        const { p: more, w1, line, payroll } = await staffed();
        await must(submit(more, payroll(`M-${i}`, '2026-11', [line(w1)])));
      }
      const admin = t.token({ org: 'HRSS', district: '210500' });
      const two = await counted(PROJECTS, { n: 2 }, admin);
      const all = await counted(PROJECTS, { n: 100 }, admin);
      expect(all.data.projects.edges.length).toBeGreaterThan(2);
      expect(all.statements).toBe(two.statements);
    });
  });
});

const randomUUIDLike = (): string => {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
