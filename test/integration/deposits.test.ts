import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must } from '../support/fixtures';
import { DECIDE, listableCase } from '../support/blacklist-fixtures';
import { dutyProject, RECORD_DEPOSIT, rulesInput, SET_RULES } from '../support/duty-fixtures';

const REQUIREMENT = `query($id: ID!) { project(id: $id) { depositRequirement {
  baseDate baseDateKind dueDate dueDateProvisional amount exempt rate reasons { code text } rulesEffectiveFrom held shortfall } } }`;
const RETURN = `depositReturn { status completedOn publicityStartsOn publicityEndsOn appliedOn promiseSignedOn reviewedOn approved
  reviewNote confirmedOn steps { step state by doneOn earliestOn dueBy overdue note } }`;

/**
 * Recording the wage deposit and the owner's payment guarantee (R1, R3) through the API: what is
 * refused (naming the field, storing nothing), who sees and records what, the requirement with its
 * reasons from the hub's own cases and blacklist, and the return's steps as the contractor sees them.
 */
describe('wage deposits and payment guarantees', () => {
  let t: TestHub;
  let pg: Client;
  const city = () => t.token(CITY_HRSS);
  const count = async (table: string, projectId: string) =>
    Number(
      (await pg.query(`select count(*) from ${table} where project_id = $1`, [projectId])).rows[0].count,
    );

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  describe('the rules', () => {
    it('are the national minimum until city HRSS sets its own, and only city HRSS sets them', async () => {
      const rules = await must(
        t.gql<{ depositRules: any[] }>(
          city(),
          `{ depositRules { effectiveFrom baseRatioBp exemptionBelow watchedFrom } }`,
        ),
      );
      expect(rules.depositRules).toEqual([
        { effectiveFrom: '2021-11-01', baseRatioBp: 100, exemptionBelow: '3000000.00', watchedFrom: null },
      ]);
      const district = await t.gql(t.token({ org: 'HRSS', district: '210502' }), SET_RULES, {
        i: rulesInput(null),
      });
      expect(district.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const bad = await t.gql(city(), SET_RULES, { i: rulesInput(null, { baseRatioBp: 301 }) });
      expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'baseRatioBp' } });
      expect(bad.errors?.[0].message).toMatch(/1 %–3 %/);
      const floor = await t.gql(city(), SET_RULES, { i: rulesInput(null, { severalProjectsRatioBp: 49 }) });
      expect(floor.errors?.[0]).toMatchObject({ extensions: { field: 'severalProjectsRatioBp' } });
    });
  });

  describe('recording a deposit', () => {
    it('refuses a guarantee valid less than a year or shorter than the contract, naming the field, storing nothing', async () => {
      const p = await dutyProject(t);
      const guarantee = { form: 'BANK_GUARANTEE', amount: '120000.00', depositedOn: '2026-09-20' };
      const short = await p.deposit({ ...guarantee, validUntil: '2027-09-18', contractEndsOn: '2027-06-30' });
      expect(short.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'validUntil' },
      });
      expect(short.errors?.[0].message).toMatch(/2027-09-19 or later/);
      const term = await p.deposit({ ...guarantee, validUntil: '2027-12-31', contractEndsOn: '2028-03-31' });
      expect(term.errors?.[0]).toMatchObject({ extensions: { field: 'validUntil' } });
      expect(term.errors?.[0].message).toMatch(/contract term/);
      const noTerm = await p.deposit({ ...guarantee, validUntil: '2027-12-31' });
      expect(noTerm.errors?.[0]).toMatchObject({ extensions: { field: 'contractEndsOn' } });
      const cash = await p.deposit({
        form: 'CASH_ACCOUNT',
        amount: '120000.00',
        depositedOn: '2026-09-20',
        validUntil: '2027-12-31',
      });
      expect(cash.errors?.[0]).toMatchObject({ extensions: { field: 'validUntil' } });
      const future = await p.deposit({
        form: 'CASH_ACCOUNT',
        amount: '120000.00',
        depositedOn: '2026-12-02',
      });
      expect(future.errors?.[0]).toMatchObject({ extensions: { field: 'depositedOn' } });
      const zero = await p.deposit({ form: 'CASH_ACCOUNT', amount: '0.00', depositedOn: '2026-09-20' });
      expect(zero.errors?.[0]).toMatchObject({ extensions: { field: 'amount' } });
      const bank = await p.deposit({
        form: 'CASH_ACCOUNT',
        amount: '1.00',
        depositedOn: '2026-09-20',
        bankCode: 'NO_SUCH_BANK',
      });
      expect(bank.errors?.[0]).toMatchObject({ extensions: { field: 'bankCode' } });
      expect(await count('wage_deposit', p.projectId)).toBe(0);

      const ok = await must(
        p.deposit({
          ...guarantee,
          number: 'BH-2026-001',
          validUntil: '2027-09-19',
          contractEndsOn: '2027-06-30',
        }),
      );
      expect(ok.recordWageDeposit).toMatchObject({
        form: 'BANK_GUARANTEE',
        validFrom: '2026-09-20',
        validUntil: '2027-09-19',
      });
      const twice = await p.deposit({
        ...guarantee,
        number: 'BH-2026-001',
        validUntil: '2027-09-19',
        contractEndsOn: '2027-06-30',
      });
      expect(twice.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', field: 'number' } });
    });

    it("is recorded by the project's contractor or HRSS of its district, not by the authority, a bank or another contractor", async () => {
      const p = await dutyProject(t);
      const other = await dutyProject(t);
      const cash = { form: 'CASH_ACCOUNT', amount: '1000.00', depositedOn: '2026-09-20' };
      expect((await p.deposit(cash, p.housing)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(
        (await p.deposit(cash, t.token({ org: 'HRSS', district: '210503' }))).errors?.[0].extensions?.code,
      ).toBe('NOT_FOUND');
      expect((await p.deposit(cash, other.contractor)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await p.deposit(cash, p.bank)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      await must(p.deposit(cash, p.hrss));
      await must(p.deposit({ ...cash, bankCode: other.bankCode }));
      expect(await count('wage_deposit', p.projectId)).toBe(2);
    });

    it('is seen by HRSS, the authority, the contractor and the bank that holds it; not by other agencies', async () => {
      const p = await dutyProject(t);
      const made = await must(
        p.deposit({
          form: 'CASH_ACCOUNT',
          amount: '5000.00',
          depositedOn: '2026-09-21',
          bankCode: p.bankCode,
        }),
      );
      const id = made.recordWageDeposit.id;
      const LIST = `query($p: ID) { wageDeposits(filter: { projectId: $p }) { totalCount edges { node { id project { id } } } } }`;
      const seen = async (token: string) =>
        (
          await must(
            t.gql<{ wageDeposits: { edges: { node: { id: string } }[] } }>(token, LIST, { p: p.projectId }),
          )
        ).wageDeposits.edges.map((e) => e.node.id);
      for (const token of [city(), p.hrss, p.housing, p.contractor, p.bank])
        expect(await seen(token)).toEqual([id]);
      for (const token of [
        t.token({ org: 'HRSS', district: '210503' }),
        t.token({ org: 'TRANSPORT', district: '210502' }),
        t.token({ org: 'POLICE', district: '210502' }),
        t.token({ org: 'CONTRACTOR', uscc: (await dutyProject(t)).contractorUscc }),
      ])
        expect(await seen(token)).toEqual([]);
      // the police see the project, not its deposit
      const police = await must(
        t.gql<{ project: any }>(
          t.token({ org: 'POLICE', district: '210502' }),
          `query($id: ID!) { project(id: $id) { id depositRequirement { amount } wageDeposits { totalCount } } }`,
          {
            id: p.projectId,
          },
        ),
      );
      expect(police.project).toEqual({
        id: p.projectId,
        depositRequirement: null,
        wageDeposits: { totalCount: 0 },
      });
    });
  });

  describe('the requirement, with its reasons', () => {
    it('is 1 % of the price by default, due on the 20th working day after the permit', async () => {
      const p = await dutyProject(t, { permitIssuedOn: '2026-09-10' });
      const r = await must(t.gql<{ project: any }>(p.contractor, REQUIREMENT, { id: p.projectId }));
      expect(r.project.depositRequirement).toEqual({
        baseDate: '2026-09-10',
        baseDateKind: 'PERMIT',
        dueDate: '2026-10-14',
        dueDateProvisional: false,
        amount: '120000.00',
        exempt: false,
        rate: '1 %',
        reasons: [{ code: 'BASE_RATIO', text: '1 % of the contract price ¥12000000.00' }],
        rulesEffectiveFrom: '2021-11-01',
        held: '0.00',
        shortfall: '120000.00',
      });
    });

    it('is exempt under ¥3,000,000 for a clean contractor; counted from the signing where no permit is needed', async () => {
      const p = await dutyProject(t, {
        permitIssuedOn: null,
        contractSignedOn: '2026-02-10',
        contractPrice: '2999999.99',
      });
      const r = (await must(t.gql<{ project: any }>(p.admin, REQUIREMENT, { id: p.projectId }))).project
        .depositRequirement;
      expect(r).toMatchObject({
        baseDateKind: 'CONTRACT_SIGNING',
        dueDate: '2026-03-16',
        exempt: true,
        amount: '0.00',
      });
    });

    it("is raised by 50 % after arrears the hub's own cases found, and by 100 % for a contractor on its blacklist", async () => {
      const owing = await listableCase(t, { order: false }); // received 2026-02-02, the employer found owing
      const raised = await dutyProject(t, {
        contractorUscc: owing.employerUscc,
        permitIssuedOn: '2026-06-01',
        contractSignedOn: '2026-05-01',
      });
      const r1 = (await must(t.gql<{ project: any }>(city(), REQUIREMENT, { id: raised.projectId }))).project
        .depositRequirement;
      expect(r1).toMatchObject({ amount: '180000.00', rate: '1.5 %' });
      expect(r1.reasons.map((x: any) => x.code)).toEqual(['BASE_RATIO', 'RAISED_ARREARS']);

      const listedCase = await listableCase(t); // ordered to pay by 2026-03-16
      await must(t.gql(city(), DECIDE, { c: listedCase.caseId, d: '2026-03-20', g: 'AMOUNT_THRESHOLD' }));
      const listed = await dutyProject(t, {
        contractorUscc: listedCase.employerUscc,
        permitIssuedOn: '2026-06-01',
        contractSignedOn: '2026-05-01',
      });
      const r2 = (await must(t.gql<{ project: any }>(city(), REQUIREMENT, { id: listed.projectId }))).project
        .depositRequirement;
      expect(r2).toMatchObject({ amount: '240000.00', rate: '2 %' });
      expect(r2.reasons.map((x: any) => x.code)).toEqual(['BASE_RATIO', 'RAISED_LISTED']);
      // a project of the same contractor whose permit came before the listing is not raised for it
      const before = await dutyProject(t, {
        contractorUscc: listedCase.employerUscc,
        permitIssuedOn: '2026-03-19',
        contractSignedOn: '2026-03-01',
      });
      const r3 = (await must(t.gql<{ project: any }>(city(), REQUIREMENT, { id: before.projectId }))).project
        .depositRequirement;
      expect(r3.reasons.map((x: any) => x.code)).toEqual(['BASE_RATIO', 'RAISED_ARREARS']);
    });
  });

  describe("the owner's payment guarantee", () => {
    it('is recorded with form, amount and validity by the contractor, HRSS or the authority; refused naming the field', async () => {
      const p = await dutyProject(t);
      const bad = await p.guarantee({
        amount: '1000000.00',
        issuedOn: '2026-09-01',
        validUntil: '2026-08-31',
      });
      expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'validUntil' } });
      const form = await p.guarantee({
        form: 'CASH_ACCOUNT',
        amount: '1000000.00',
        issuedOn: '2026-09-01',
        validUntil: '2027-08-31',
      });
      expect(form.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(
        (await p.guarantee({ amount: '1.00', issuedOn: '2026-09-01', validUntil: '2027-08-31' }, p.bank))
          .errors?.[0].extensions?.code,
      ).toBe('NOT_FOUND'); // a bank without the project's special account does not see it
      expect(await count('payment_guarantee', p.projectId)).toBe(0);
      for (const token of [p.contractor, p.hrss, p.housing])
        await must(
          p.guarantee({ amount: '1000000.00', issuedOn: '2026-09-01', validUntil: '2027-08-31' }, token),
        );
      const listed = await must(
        t.gql<{ project: any }>(
          p.contractor,
          `query($id: ID!) { project(id: $id) { paymentGuarantees(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { form amount validUntil } } } } }`,
          {
            id: p.projectId,
          },
        ),
      );
      expect(listed.project.paymentGuarantees).toMatchObject({
        totalCount: 3,
        pageInfo: { hasNextPage: true },
      });
      const rest = await must(
        t.gql<{ project: any }>(
          p.contractor,
          `query($id: ID!, $a: String) { project(id: $id) { paymentGuarantees(first: 2, after: $a) { edges { node { amount } } pageInfo { hasNextPage } } } }`,
          {
            id: p.projectId,
            a: listed.project.paymentGuarantees.pageInfo.endCursor,
          },
        ),
      );
      expect(rest.project.paymentGuarantees).toEqual({
        edges: [{ node: { amount: '1000000.00' } }],
        pageInfo: { hasNextPage: false },
      });
    });
  });

  describe('the return, step by step as the contractor sees it', () => {
    it('completion, 30 days of publicity, the application with its promise, review, confirmation', async () => {
      const p = await dutyProject(t, { permitIssuedOn: '2026-03-02', contractSignedOn: '2026-02-02' });
      await must(p.deposit({ form: 'CASH_ACCOUNT', amount: '120000.00', depositedOn: '2026-03-10' }));
      const step = async (token: string, mutation: string, vars: Record<string, unknown>) =>
        t.gql<Record<string, any>>(token, mutation, { p: p.projectId, ...vars });
      const view = async () =>
        (
          await must(
            t.gql<{ project: any }>(
              p.contractor,
              `query($id: ID!) { project(id: $id) { completedOn ${RETURN} } }`,
              { id: p.projectId },
            ),
          )
        ).project;

      expect((await view()).depositReturn.steps.map((s: any) => `${s.step}:${s.state}`)).toEqual([
        'COMPLETION:DUE',
        'PUBLICITY:WAITING',
        'APPLICATION:WAITING',
        'REVIEW:WAITING',
        'CONFIRMATION:WAITING',
      ]);
      const START = `mutation($p: ID!, $d: Date!) { startDepositPublicity(projectId: $p, startsOn: $d) { status } }`;
      expect((await step(p.contractor, START, { d: '2026-08-29' })).errors?.[0].message).toMatch(
        /not recorded as complete/,
      );
      const COMPLETE = `mutation($p: ID!, $d: Date!) { recordProjectCompletion(projectId: $p, completedOn: $d) { id } }`;
      expect((await step(p.contractor, COMPLETE, { d: '2026-08-20' })).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
      await must(step(p.housing, COMPLETE, { d: '2026-08-20' }));
      expect((await step(p.contractor, START, { d: '2026-08-19' })).errors?.[0]).toMatchObject({
        extensions: { field: 'startsOn' },
      });
      await must(step(p.contractor, START, { d: '2026-08-29' }));

      const APPLY = `mutation($p: ID!, $d: Date!, $s: Date!) { applyForDepositReturn(projectId: $p, appliedOn: $d, promiseSignedOn: $s) { status } }`;
      const early = await step(p.contractor, APPLY, { d: '2026-09-28', s: '2026-09-28' });
      expect(early.errors?.[0]).toMatchObject({ extensions: { field: 'appliedOn' } });
      expect(early.errors?.[0].message).toMatch(/runs through 2026-09-28: apply from 2026-09-29/);
      await must(step(p.contractor, APPLY, { d: '2026-09-29', s: '2026-09-29' }));
      const applied = await view();
      expect(applied.depositReturn.steps.find((s: any) => s.step === 'REVIEW')).toMatchObject({
        state: 'DUE',
        by: 'HRSS',
        dueBy: '2026-10-12',
        overdue: true, // today is 2026-12-01
      });

      // a claim on the project still open: not returned while wages may be owed
      const claim = await must(
        t.gql<{ fileWageClaim: { id: string } }>(
          city(),
          `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`,
          {
            i: {
              source: 'HOTLINE',
              projectId: p.projectId,
              employerUscc: p.contractorUscc,
              workers: 2,
              amount: '9000.00',
              receivedOn: '2026-09-30',
            },
          },
        ),
      );
      const REVIEW = `mutation($p: ID!, $d: Date!, $a: Boolean!, $n: String) { reviewDepositReturn(projectId: $p, reviewedOn: $d, approved: $a, note: $n) { status approved reviewNote } }`;
      expect(
        (await step(p.contractor, REVIEW, { d: '2026-09-30', a: true })).errors?.[0].extensions?.code,
      ).toBe('FORBIDDEN');
      const blocked = await step(p.hrss, REVIEW, { d: '2026-09-30', a: true });
      expect(blocked.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(blocked.errors?.[0].message).toContain(claim.fileWageClaim.id);
      expect((await step(p.hrss, REVIEW, { d: '2026-09-30', a: false })).errors?.[0]).toMatchObject({
        extensions: { field: 'note' },
      });
      await must(
        step(p.hrss, REVIEW, { d: '2026-09-30', a: false, n: 'a complaint of unpaid wages is open' }),
      );
      expect((await view()).depositReturn.steps.map((s: any) => s.state)).toEqual([
        'DONE',
        'DONE',
        'DUE',
        'REFUSED',
        'WAITING',
      ]);

      await pg.query(`update wage_case set status = 'CLOSED', closed_on = '2026-10-09' where id = $1`, [
        claim.fileWageClaim.id,
      ]);
      await must(step(p.contractor, APPLY, { d: '2026-10-09', s: '2026-10-09' }));
      await must(step(p.hrss, REVIEW, { d: '2026-10-10', a: true }));
      const CONFIRM = `mutation($p: ID!, $d: Date!) { confirmDepositReturn(projectId: $p, confirmedOn: $d) { status confirmedOn } }`;
      const done = await must(step(p.hrss, CONFIRM, { d: '2026-10-14' }));
      expect(done.confirmDepositReturn).toEqual({ status: 'RETURNED', confirmedOn: '2026-10-14' });
      const final = await view();
      expect(final.completedOn).toBe('2026-08-20');
      expect(final.depositReturn.steps.map((s: any) => [s.step, s.state, s.doneOn])).toEqual([
        ['COMPLETION', 'DONE', '2026-08-20'],
        ['PUBLICITY', 'DONE', '2026-09-28'],
        ['APPLICATION', 'DONE', '2026-10-09'],
        ['REVIEW', 'DONE', '2026-10-10'],
        ['CONFIRMATION', 'DONE', '2026-10-14'],
      ]);
      // confirmed by Wednesday 10-14: three working days after Saturday 10-10 (worked) are 10-12, 10-13, 10-14
      expect(final.depositReturn.steps[4]).toMatchObject({ dueBy: '2026-10-14', overdue: false });
      // nothing more is recorded on a returned deposit
      const after = await t.gql(p.contractor, RECORD_DEPOSIT, {
        i: {
          projectId: p.projectId,
          form: 'CASH_ACCOUNT',
          issuer: '工行',
          number: 'X-1',
          amount: '1.00',
          depositedOn: '2026-11-01',
        },
      });
      expect(after.errors?.[0].extensions?.code).toBe('CONFLICT');
    });
  });
});
