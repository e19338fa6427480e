import { Client } from 'pg';
import { startTestHub, TEST_PERSONAL_DATA_ENV, type TestHub } from '../support/test-hub';
import { usePersonalDataKeys } from '../../src/personal-data/cipher';
import { parsePersonalDataKeys } from '../../src/personal-data/keys';
import { reencryptPersonalData } from '../../src/services/workforce/reencrypt';
import { freshUscc, must } from '../support/fixtures';
import {
  RECORD_ATTENDANCE,
  RECORD_CONTRACTS,
  RECORD_ENTRIES,
  REGISTER_TEAM,
  REGISTER_WORKERS,
  cardNumber,
  residentIdNumber,
  shanghai,
  workforceProject,
  wrongCheckDigit,
} from '../support/workforce-fixtures';

const WORKERS = `query($p: ID!) { workers(projectId: $p, first: 50) { totalCount edges { node {
  id name idNumber bankCardNo phone workType workTypeName role team { name corpType }
  contracts { contractCode payDay wageStandard pricingMethod } } } } }`;
const fail = (message: string): never => {
  throw new Error(message);
};
const NUMBERS = `query($p: ID!, $id: String!) { worker(projectId: $p, idNumber: $id) { id idNumber bankCardNo phone } }`;

/**
 * The workforce through the public API (issue #10 items 1, 2, 3, 6, 7): registration, contracts,
 * entries and attendance in batches from the contractor's system, refused row by row, replayed
 * without effect; the numbers encrypted at rest, masked in answers, audited when shown in full;
 * WORKER_WITHOUT_CONTRACT opening and resolving with its notices; who sees what.
 */
describe('the workforce (R2, R4)', () => {
  let t: TestHub;
  let pg: Client;
  const q = async <T = any>(text: string, params: unknown[] = []) =>
    (await pg.query(text, params)).rows as T[];

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  describe('real-name registration', () => {
    it('takes teams and workers in batches, refusing each bad row on its own and naming the field', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const asGc = await p.gql(REGISTER_TEAM, { i: { ...p.subTeam, name: '木工班', corpType: '009' } });
      expect(asGc.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'corpType' });
      const badUscc = await p.gql(REGISTER_TEAM, { i: { ...p.subTeam, employerUscc: '91210502MA0Y7QF10A' } });
      expect(badUscc.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'employerUscc' });
      expect(badUscc.errors?.[0].message).toMatch(/fails its check character/);
      // the same team again is the same team, its details updated; its leader's ID shown masked
      const leader = residentIdNumber();
      const again = await must(p.gql(REGISTER_TEAM, { i: { ...p.subTeam, leaderIdNumber: leader } }));
      expect(again.registerTeam).toEqual({
        id: p.teamIds.sub,
        name: '钢筋一班',
        employerUscc: p.subTeam.employerUscc,
        corpType: '006',
        leaderIdNumber: `${leader.slice(0, 6)}********${leader.slice(-4)}`,
      });
      const [{ n: teamCount }] = await q(`select count(*)::int as n from work_team where project_id = $1`, [
        p.projectId,
      ]);
      expect(teamCount).toBe(2);
      const good = p.worker();
      const badId = p.worker({ idNumber: wrongCheckDigit(residentIdNumber()) });
      const badCard = p.worker({ bankCardNo: '6222020000000000001' });
      const res = await must(
        p.gql(REGISTER_WORKERS, {
          w: [
            good,
            badId,
            badCard,
            p.worker({ workType: '999' }),
            p.worker({ teamId: '00000000-0000-4000-8000-000000000000' }),
            p.worker({ idCardType: '02' }),
          ],
        }),
      );
      expect(res.registerWorkers).toEqual({
        accepted: 1,
        updated: 0,
        duplicates: 0,
        rejected: [
          { index: 1, code: 'INVALID_ID_NUMBER', message: 'idNumber: fails its check digit (GB 11643)' },
          {
            index: 2,
            code: 'INVALID_CARD_NUMBER',
            message: 'bankCardNo: fails its check digit (Luhn)',
          },
          { index: 3, code: 'UNKNOWN_WORK_TYPE', message: expect.stringMatching(/^workType:/) },
          { index: 4, code: 'UNKNOWN_TEAM', message: expect.stringMatching(/^teamId:/) },
          { index: 5, code: 'UNSUPPORTED_ID_TYPE', message: expect.stringMatching(/^idCardType:/) },
        ],
      });
      // no refusal echoes the number it refused
      expect(JSON.stringify(res)).not.toContain(badId.idNumber);
      expect(JSON.stringify(res)).not.toContain(badCard.bankCardNo);
      const listed = await must(p.gql(WORKERS, {}));
      expect(listed.workers.totalCount).toBe(1);
      expect(listed.workers.edges[0].node).toMatchObject({
        name: '张三',
        workType: '020',
        workTypeName: '钢筋工',
        role: 'WORKER',
        phone: '138****1234',
        team: { name: '钢筋一班', corpType: '006' },
        contracts: [],
      });
    });

    it('is idempotent on replay and takes a changed row as a correction, never a second worker', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const rows = Array.from({ length: 3000 }, () => p.worker());
      const first = await must(p.gql(REGISTER_WORKERS, { w: rows }));
      expect(first.registerWorkers).toMatchObject({
        accepted: 3000,
        updated: 0,
        duplicates: 0,
        rejected: [],
      });
      const replay = await must(p.gql(REGISTER_WORKERS, { w: rows }));
      expect(replay.registerWorkers).toMatchObject({
        accepted: 0,
        updated: 0,
        duplicates: 3000,
        rejected: [],
      });
      const moved = {
        ...rows[0],
        bankCardNo: cardNumber(),
        teamId: p.teamIds.gc,
      };
      const corrected = await must(
        p.gql(REGISTER_WORKERS, {
          w: [moved, rows[1], { ...rows[2], workType: '030' }, { ...rows[2], workType: '040' }],
        }),
      );
      expect(corrected.registerWorkers).toMatchObject({
        accepted: 0,
        updated: 2,
        duplicates: 1,
        rejected: [{ index: 3, code: 'DUPLICATE_IN_BATCH' }],
      });
      const [{ n }] = await q(`select count(*)::int as n from worker where project_id = $1`, [p.projectId]);
      expect(n).toBe(3000);
      // pages through all of them by keyset, and filters by team
      const ids = new Set<string>();
      let after: string | null = null;
      do {
        const page: any = await must(
          p.gql(
            `query($p: ID!, $a: String) { workers(projectId: $p, first: 500, after: $a) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
            { a: after },
          ),
        );
        page.workers.edges.forEach((e: any) => ids.add(e.node.id));
        after = page.workers.pageInfo.hasNextPage ? page.workers.pageInfo.endCursor : null;
      } while (after);
      expect(ids.size).toBe(3000);
      const [{ team }] = await q(
        `select team_id::text as team from worker where project_id = $1 and work_type = '030'`,
        [p.projectId],
      );
      const gc = await must(
        p.gql(`query($p: ID!, $f: WorkerFilter) { workers(projectId: $p, filter: $f) { totalCount } }`, {
          f: { teamId: team },
        }),
      );
      expect(gc.workers.totalCount).toBe(2999);
    });

    it('refuses a whole call that is not the project contractor’s, or too large, storing nothing', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const other = t.token({ org: 'CONTRACTOR', uscc: freshUscc() });
      const forbidden = await p.gql(REGISTER_WORKERS, { w: [p.worker()] }, other);
      expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const hrss = await p.gql(REGISTER_WORKERS, { w: [p.worker()] }, p.hrss);
      expect(hrss.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const big = await p.gql(REGISTER_WORKERS, { w: Array.from({ length: 5001 }, () => p.worker()) });
      expect(big.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'workers' } });
      const tooMany = await p.gql(RECORD_ATTENDANCE, {
        a: Array.from({ length: 10_001 }, () => ({
          workerIdNumber: residentIdNumber(),
          at: '2026-11-02T08:30:00+08:00',
          direction: 'IN',
        })),
      });
      expect(tooMany.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'punches' } });
      const [{ n }] = await q(`select count(*)::int as n from worker where project_id = $1`, [p.projectId]);
      expect(n).toBe(0);
      const [{ m }] = await q(`select count(*)::int as m from attendance_punch where project_id = $1`, [
        p.projectId,
      ]);
      expect(m).toBe(0);
    });

    it('names the labour-wage manager: a MANAGER of the general contractor’s own team only', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const manager = p.worker({ teamId: p.teamIds.gc, role: 'MANAGER', workType: '900' });
      const worker = p.worker();
      await must(p.gql(REGISTER_WORKERS, { w: [manager, worker] }));
      const SET = `mutation($p: ID!, $name: String!, $id: String!, $phone: String!) {
        setLabourWageManager(projectId: $p, name: $name, idNumber: $id, phone: $phone) {
          id labourWageManager { name appointedOn idNumber phone worker { name role } } } }`;
      const refused = await p.gql(SET, { name: '李工', id: worker.idNumber, phone: '13900001111' });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idNumber' });
      const badPhone = await p.gql(SET, { name: '李工', id: manager.idNumber, phone: '12345' });
      expect(badPhone.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phone' });
      const named = await must(p.gql(SET, { name: '李工', id: manager.idNumber, phone: '13900001111' }));
      expect(named.setLabourWageManager).toMatchObject({
        id: p.projectId,
        labourWageManager: {
          name: '李工',
          appointedOn: '2026-12-01',
          idNumber: `${manager.idNumber.slice(0, 6)}********${manager.idNumber.slice(-4)}`,
          phone: '139****1111',
          worker: { name: '张三', role: 'MANAGER' },
        },
      });
      // the rights-protection board prints the appointed manager, phone in full, when its own record names none
      const board = await must(
        p.gql(
          `query($p: ID!) { project(id: $p) { rightsBoard { labourWageManager { name phone } missing } } }`,
          {},
        ),
      );
      expect(board.project.rightsBoard.labourWageManager).toEqual({ name: '李工', phone: '13900001111' });
      expect(board.project.rightsBoard.missing).not.toContain('labourWageManager');
      // someone not registered as a worker may be named too; HRSS sees the numbers in full
      const outsider = residentIdNumber();
      await must(p.gql(SET, { name: '赵工', id: outsider, phone: '024-45678901' }));
      const seen = await must(
        p.gql(
          `query($p: ID!) { project(id: $p) { labourWageManager { name idNumber phone worker { id } } } }`,
          {},
          p.hrss,
        ),
      );
      expect(seen.project.labourWageManager).toEqual({
        name: '赵工',
        idNumber: outsider,
        phone: '024-45678901',
        worker: null,
      });
    });
  });

  describe('personal data', () => {
    it('holds ID and card numbers only encrypted; the keyed hash finds the worker', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const w = p.worker();
      await must(p.gql(REGISTER_WORKERS, { w: [w] }));
      const rows = await q(`select * from worker where project_id = $1`, [p.projectId]);
      expect(rows).toHaveLength(1);
      const stored = JSON.stringify(rows[0]);
      expect(stored).not.toContain(w.idNumber);
      expect(stored).not.toContain(w.bankCardNo);
      expect(stored).not.toContain(w.idNumber.slice(6, 14)); // not even the birth date
      expect(rows[0].id_number_enc).toMatch(/^v1\.test1\./);
      const found = await must(p.gql(NUMBERS, { id: w.idNumber }, p.hrss));
      expect(found.worker).toMatchObject({
        id: rows[0].id,
        idNumber: w.idNumber,
        bankCardNo: w.bankCardNo,
      });
      expect((await must(p.gql(NUMBERS, { id: residentIdNumber() }, p.hrss))).worker).toBeNull();
    });

    it('masks the numbers unless HRSS or the project’s bank asks, and audits each answer with them in full', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const w = p.worker();
      await must(p.gql(REGISTER_WORKERS, { w: [w] }));
      const masked = {
        idNumber: `${w.idNumber.slice(0, 6)}********${w.idNumber.slice(-4)}`,
        phone: '138****1234',
        bankCardNo: `${'*'.repeat(15)}${w.bankCardNo.slice(-4)}`,
      };
      for (const token of [p.contractor, p.housing])
        expect((await must(p.gql(NUMBERS, { id: w.idNumber }, token))).worker).toMatchObject(masked);
      for (const token of [p.hrss, p.bank])
        expect((await must(p.gql(NUMBERS, { id: w.idNumber }, token))).worker).toMatchObject({
          idNumber: w.idNumber,
          bankCardNo: w.bankCardNo,
        });
      const [{ id }] = await q(`select id::text from worker where project_id = $1`, [p.projectId]);
      await new Promise((r) => setTimeout(r, 200)); // the audit entry is written beside the answer
      const audited = await q(
        `select org, kind from audit_entry where kind = 'PERSONAL_DATA_READ' and $1 = any(object_ids) order by id`,
        [`worker:${id}`],
      );
      expect(audited).toEqual([
        { org: 'HRSS', kind: 'PERSONAL_DATA_READ' },
        { org: 'BANK', kind: 'PERSONAL_DATA_READ' },
      ]);
    });
  });

  describe('key rotation', () => {
    afterEach(() => usePersonalDataKeys(parsePersonalDataKeys(TEST_PERSONAL_DATA_ENV, 'production', fail)));

    it('re-encrypts every worker under the new writing key; the old key can then go, lookups unchanged', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const w = p.worker();
      await must(p.gql(REGISTER_WORKERS, { w: [w] }));
      const NEW = 'fedcba98765432100123456789abcdef';
      usePersonalDataKeys(
        parsePersonalDataKeys(
          {
            ...TEST_PERSONAL_DATA_ENV,
            PERSONAL_DATA_KEYS: `${TEST_PERSONAL_DATA_ENV.PERSONAL_DATA_KEYS},test2:${NEW}`,
            PERSONAL_DATA_KEY_ID: 'test2',
          },
          'production',
          fail,
        ),
      );
      expect(await reencryptPersonalData(t.hub.orm.em.fork(), 7)).toBeGreaterThanOrEqual(1);
      const [row] = await q(`select id_number_enc, card_enc from worker where project_id = $1`, [
        p.projectId,
      ]);
      expect([row.id_number_enc, row.card_enc].map((v: string) => v.split('.')[1])).toEqual([
        'test2',
        'test2',
      ]);
      const [{ left }] = await q(
        `select count(*)::int as left from worker where id_number_enc not like 'v1.test2.%'`,
      );
      expect(left).toBe(0);
      // only the new key left: the numbers still read, the keyed hash still finds the worker
      usePersonalDataKeys(
        parsePersonalDataKeys(
          { ...TEST_PERSONAL_DATA_ENV, PERSONAL_DATA_KEYS: `test2:${NEW}`, PERSONAL_DATA_KEY_ID: 'test2' },
          'production',
          fail,
        ),
      );
      expect((await must(p.gql(NUMBERS, { id: w.idNumber }, p.hrss))).worker).toMatchObject({
        idNumber: w.idNumber,
        bankCardNo: w.bankCardNo,
      });
    });
  });

  describe('contracts and site entry', () => {
    it('refuses an entry without registration or contract as its row; takes it once both exist', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const w = p.worker();
      const stranger = residentIdNumber();
      await must(p.gql(REGISTER_WORKERS, { w: [w] }));
      const entries = [
        { workerIdNumber: w.idNumber, direction: 'ENTRY', on: '2026-10-09' },
        { workerIdNumber: stranger, direction: 'ENTRY', on: '2026-10-09' },
      ];
      const before = await must(p.gql(RECORD_ENTRIES, { e: entries }));
      expect(before.recordSiteEntries).toEqual({
        accepted: 0,
        updated: 0,
        duplicates: 0,
        rejected: [
          {
            index: 0,
            code: 'NO_LABOUR_CONTRACT',
            message: expect.stringMatching(/^workerIdNumber: .*signed by 2026-10-09/),
          },
          { index: 1, code: 'NOT_REGISTERED', message: expect.stringMatching(/^workerIdNumber:/) },
        ],
      });
      const contract = p.contract(w.idNumber);
      const res = await must(
        p.gql(RECORD_CONTRACTS, {
          c: [
            contract,
            p.contract(stranger),
            p.contract(w.idNumber, { employerUscc: p.contractorUscc }),
            p.contract(w.idNumber, { wageStandard: '0.00' }),
            p.contract(w.idNumber, { payDay: 32 }),
            p.contract(w.idNumber, { signedOn: '2026-12-02' }),
          ],
        }),
      );
      expect(res.recordLabourContracts).toMatchObject({
        accepted: 1,
        rejected: [
          { index: 1, code: 'NOT_REGISTERED' },
          { index: 2, code: 'EMPLOYER_MISMATCH', message: expect.stringMatching(/^employerUscc:/) },
          { index: 3, code: 'INVALID_AMOUNT', message: expect.stringMatching(/^wageStandard:/) },
          { index: 4, code: 'INVALID_FIELD', message: expect.stringMatching(/^payDay:/) },
          { index: 5, code: 'INVALID_DATE', message: 'signedOn: is after today (2026-12-01)' },
        ],
      });
      expect((await must(p.gql(RECORD_CONTRACTS, { c: [contract] }))).recordLabourContracts).toMatchObject({
        accepted: 0,
        duplicates: 1,
      });
      const early = await must(p.gql(RECORD_ENTRIES, { e: [{ ...entries[0], on: '2026-10-07' }] }));
      expect(early.recordSiteEntries.rejected).toEqual([
        expect.objectContaining({ code: 'NO_LABOUR_CONTRACT' }),
      ]);
      const after = await must(p.gql(RECORD_ENTRIES, { e: [entries[0]] }));
      expect(after.recordSiteEntries).toMatchObject({ accepted: 1, rejected: [] });
      expect((await must(p.gql(RECORD_ENTRIES, { e: [entries[0]] }))).recordSiteEntries).toMatchObject({
        accepted: 0,
        duplicates: 1,
      });
      const listed = await must(p.gql(WORKERS, {}));
      expect(listed.workers.edges[0].node.contracts).toEqual([
        { contractCode: contract.contractCode, payDay: 15, wageStandard: '350.00', pricingMethod: 'TIME' },
      ]);
    });
  });

  describe('attendance and WORKER_WITHOUT_CONTRACT', () => {
    const ALERTS = `query($p: ID!) { project(id: $p) { alerts(first: 10, filter: { kind: WORKER_WITHOUT_CONTRACT }) {
      edges { node { id status dueDate openedOn resolvedOn penalty { code partyUscc } } } } } }`;

    it('stores punches in the month’s partition, refuses bad rows, counts replays, and opens then resolves the alert', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const w = p.worker();
      const stranger = residentIdNumber();
      await must(p.gql(REGISTER_WORKERS, { w: [w] }));
      await must(p.gql(RECORD_CONTRACTS, { c: [p.contract(w.idNumber)] }));
      const punches = [
        { workerIdNumber: w.idNumber, at: shanghai('2026-11-02 08:30:00.000'), direction: 'IN', gate: 'G1' },
        { workerIdNumber: w.idNumber, at: '2026-11-02T09:30:00Z', direction: 'OUT', gate: 'G1' },
        { workerIdNumber: stranger, at: shanghai('2026-11-03 08:00:00'), direction: 'IN' },
        { workerIdNumber: wrongCheckDigit(stranger), at: shanghai('2026-11-03 08:00:00'), direction: 'IN' },
        { workerIdNumber: w.idNumber, at: shanghai('2026-12-24 08:00:00'), direction: 'IN' },
        { workerIdNumber: w.idNumber, at: shanghai('2025-10-01 08:00:00'), direction: 'IN' },
      ];
      const res = await must(p.gql(RECORD_ATTENDANCE, { a: punches }));
      expect(res.recordAttendance).toEqual({
        accepted: 3,
        duplicates: 0,
        workersWithoutContract: 1,
        rejected: [
          { index: 3, code: 'INVALID_ID_NUMBER', message: expect.stringMatching(/^workerIdNumber:/) },
          { index: 4, code: 'INVALID_TIME', message: 'at: is in the future' },
          { index: 5, code: 'TOO_OLD', message: expect.stringMatching(/^at: is more than 400 days ago/) },
        ],
      });
      const replay = await must(p.gql(RECORD_ATTENDANCE, { a: punches.slice(0, 3) }));
      expect(replay.recordAttendance).toMatchObject({ accepted: 0, duplicates: 3 });
      const partitions = await q(
        `select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'attendance_punch'::regclass`,
      );
      expect(partitions.map((r) => r.relname)).toContain('attendance_punch_y2026m11');
      const [{ n }] = await q(
        `select count(*)::int as n from attendance_punch_y2026m11 where project_id = $1`,
        [p.projectId],
      );
      expect(n).toBe(3);

      const valid = await must(
        p.gql(
          `query($p: ID!) { workers(projectId: $p) { edges { node { validDays(month: "2026-11") } } } }`,
          {},
        ),
      );
      expect(valid.workers.edges[0].node.validDays).toEqual(['2026-11-02']);

      const opened = (await must(p.gql(ALERTS, {}, p.hrss))).project.alerts.edges.map((e: any) => e.node);
      expect(opened).toEqual([
        expect.objectContaining({ status: 'OPEN', dueDate: '2026-11-03', openedOn: '2026-11-03' }),
      ]);
      const notices = async (topic: string) =>
        (
          await q(
            `select recipient from outbox_notice where topic = $1 and payload->>'alertId' = $2 order by recipient`,
            [topic, opened[0].id],
          )
        ).map((r) => r.recipient);
      expect(await notices('ALERT_OPENED')).toEqual([
        `ENTERPRISE:${p.contractorUscc}`,
        'HOUSING:210502',
        'HRSS:210502',
      ]);
      const payloads = JSON.stringify(
        await q(`select payload from outbox_notice where payload->>'alertId' = $1`, [opened[0].id]),
      );
      expect(payloads).not.toContain(stranger);

      // registered only: still open; registered and contracted: resolved today, with its notices
      const late = p.worker({ idNumber: stranger });
      await must(p.gql(REGISTER_WORKERS, { w: [late] }));
      expect((await must(p.gql(ALERTS, {}, p.hrss))).project.alerts.edges[0].node.status).toBe('OPEN');
      await must(p.gql(RECORD_CONTRACTS, { c: [p.contract(stranger, { signedOn: '2026-11-20' })] }));
      const resolved = (await must(p.gql(ALERTS, {}, p.hrss))).project.alerts.edges.map((e: any) => e.node);
      expect(resolved).toEqual([expect.objectContaining({ status: 'RESOLVED', resolvedOn: '2026-12-01' })]);
      expect(await notices('ALERT_RESOLVED')).toEqual([`ENTERPRISE:${p.contractorUscc}`, 'HRSS:210502']);
    });

    it('takes 10,000 punches in one call, and the same call again as 10,000 duplicates', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const workers = Array.from({ length: 250 }, () => p.worker());
      await must(p.gql(REGISTER_WORKERS, { w: workers }));
      await must(p.gql(RECORD_CONTRACTS, { c: workers.map((w) => p.contract(w.idNumber)) }));
      const days = Array.from({ length: 20 }, (_, i) => `2026-11-${String(i + 2).padStart(2, '0')}`);
      const punches = workers.flatMap((w) =>
        days.flatMap((d) => [
          { workerIdNumber: w.idNumber, at: shanghai(`${d} 08:30:00`), direction: 'IN', gate: 'G1' },
          { workerIdNumber: w.idNumber, at: shanghai(`${d} 17:30:00`), direction: 'OUT', gate: 'G1' },
        ]),
      );
      expect(punches).toHaveLength(10_000);
      const first = await must(p.gql(RECORD_ATTENDANCE, { a: punches }));
      expect(first.recordAttendance).toEqual({
        accepted: 10_000,
        duplicates: 0,
        workersWithoutContract: 0,
        rejected: [],
      });
      const again = await must(p.gql(RECORD_ATTENDANCE, { a: punches }));
      expect(again.recordAttendance).toMatchObject({ accepted: 0, duplicates: 10_000 });
      const [{ n }] = await q(`select count(*)::int as n from attendance_punch where project_id = $1`, [
        p.projectId,
      ]);
      expect(n).toBe(10_000);
      // the punches hold their project as a foreign key would: it can neither go nor change its id
      await expect(pg.query(`delete from project where id = $1`, [p.projectId])).rejects.toMatchObject({
        code: '23503',
      });
      await expect(
        pg.query(`update project set id = gen_random_uuid() where id = $1`, [p.projectId]),
      ).rejects.toMatchObject({ code: '23503' });
    });

    it('counts managers’ share of days present against the rule', async () => {
      const p = await workforceProject(t);
      await p.teams();
      const m = p.worker({
        teamId: p.teamIds.gc,
        role: 'MANAGER',
        workType: '900',
      });
      await must(p.gql(REGISTER_WORKERS, { w: [m] }));
      await must(
        p.gql(RECORD_CONTRACTS, { c: [p.contract(m.idNumber, { employerUscc: p.contractorUscc })] }),
      );
      // November 2026 has 21 working days; the manager attends 17 of them validly (17/21 = 80.95 %)
      const days = [
        '02',
        '03',
        '04',
        '05',
        '06',
        '09',
        '10',
        '11',
        '12',
        '13',
        '16',
        '17',
        '18',
        '19',
        '20',
        '23',
        '24',
      ];
      const punches = days.flatMap((d) => [
        { workerIdNumber: m.idNumber, at: shanghai(`2026-11-${d} 08:10:00`), direction: 'IN' },
        { workerIdNumber: m.idNumber, at: shanghai(`2026-11-${d} 17:40:00`), direction: 'OUT' },
      ]);
      await must(p.gql(RECORD_ATTENDANCE, { a: punches }));
      const share = await must(
        p.gql(
          `query($p: ID!) { managersAttendance(projectId: $p, month: "2026-11") {
          requiredDays managers managerDaysPresent shareBp minimumShareBp belowMinimum } }`,
          {},
          p.housing,
        ),
      );
      expect(share.managersAttendance).toEqual({
        requiredDays: 21,
        managers: 1,
        managerDaysPresent: 17,
        shareBp: 8095,
        minimumShareBp: 8000,
        belowMinimum: false,
      });
    });
  });

  describe('the valid-day rule as data', () => {
    const SET = `mutation($i: AttendanceRulesInput!) { setAttendanceRules(input: $i) { effectiveFrom minPunches morningTo minSpanMinutes } }`;
    const rule = {
      effectiveFrom: '2027-06-01',
      minPunches: 3,
      morningFrom: '07:30',
      morningTo: '10:30',
      afternoonFrom: '13:00',
      afternoonTo: '18:30',
      minSpanMinutes: 360,
      managerShareBp: 8500,
    };
    it('is set by city HRSS alone, refused naming the field, listed by version', async () => {
      const district = await t.gql(t.token({ org: 'HRSS', district: '210502' }), SET, { i: rule });
      expect(district.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const city = t.token({ org: 'HRSS', district: '210500' });
      const bad = await t.gql(city, SET, { i: { ...rule, morningTo: '07:00' } });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'morningTo' });
      const late = await t.gql(city, SET, { i: { ...rule, afternoonFrom: '25:00' } });
      expect(late.errors?.[0].extensions).toMatchObject({ field: 'afternoonFrom' });
      expect((await must(t.gql<any>(city, SET, { i: rule }))).setAttendanceRules).toEqual({
        effectiveFrom: '2027-06-01',
        minPunches: 3,
        morningTo: '10:30:00',
        minSpanMinutes: 360,
      });
      const listed = await must(
        t.gql<any>(city, `{ attendanceRules { effectiveFrom minPunches morningFrom afternoonTo } }`),
      );
      expect(listed.attendanceRules).toEqual([
        { effectiveFrom: '2020-01-01', minPunches: 2, morningFrom: '08:00:00', afternoonTo: '18:00:00' },
        { effectiveFrom: '2027-06-01', minPunches: 3, morningFrom: '07:30:00', afternoonTo: '18:30:00' },
      ]);
    });
  });

  describe('scope', () => {
    it('shows workers to the contractor, the project’s bank, its district HRSS and industry authority; to nobody else', async () => {
      const p = await workforceProject(t);
      await p.teams();
      await must(p.gql(REGISTER_WORKERS, { w: [p.worker()] }));
      const COUNT = `query($p: ID!) { workers(projectId: $p) { totalCount } }`;
      for (const token of [
        p.contractor,
        p.bank,
        p.hrss,
        p.housing,
        t.token({ org: 'HRSS', district: '210500' }),
      ])
        expect((await must(p.gql(COUNT, {}, token))).workers.totalCount).toBe(1);
      const NESTED = `query($p: ID!) { project(id: $p) { workers(first: 5) { totalCount edges { node { name } } } } }`;
      for (const token of [p.contractor, p.bank, p.hrss, p.housing])
        expect((await must(p.gql(NESTED, {}, token))).project.workers).toEqual({
          totalCount: 1,
          edges: [{ node: { name: '张三' } }],
        });
      for (const caller of [
        { org: 'BANK', bank: 'OTHER_BANK' },
        { org: 'HRSS', district: '210503' },
        { org: 'TRANSPORT', district: '210502' },
        { org: 'HOUSING', district: '210503' },
        { org: 'POLICE', district: '210502' },
        { org: 'CONTRACTOR', uscc: freshUscc() },
      ]) {
        const r = await p.gql(COUNT, {}, t.token(caller as never));
        expect([caller, r.errors?.[0].extensions?.code]).toEqual([caller, 'NOT_FOUND']);
        const lwm = await p.gql(
          `query($p: ID!) { project(id: $p) { labourWageManager { appointedOn } } }`,
          {},
          t.token(caller as never),
        );
        expect(lwm.data?.project?.labourWageManager ?? null).toBeNull();
        const nested = await p.gql(
          `query($p: ID!) { project(id: $p) { workers { totalCount } } }`,
          {},
          t.token(caller as never),
        );
        expect(nested.data?.project?.workers?.totalCount ?? 0).toBe(0);
      }
    });
  });
});
