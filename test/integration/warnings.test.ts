import { Client } from 'pg';
import type { Caller } from '../../src/auth/caller';
import { DEFAULT_WARNING_RULES } from '../../src/domain/warnings';
import { HUB_JOBS, hubSchedules } from '../../jobs';
import { warningSweepJob } from '../../jobs/warning-sweep.job';
import { loadConfig } from '../../src/config';
import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must, registerProject, seedBasics } from '../support/fixtures';

const W = `id subjectKind subjectId grade reasons { signal grade detail } districts openedOn acknowledgeBy
  acknowledged recipients { recipient acknowledgedAt acknowledgedBy } urges { by note } escalated escalatedOn
  escalatedTo closedOn closeReason`;
const SWEEP = `mutation($d: Date) { runWarningSweep(asOf: $d) { asOf opened closed escalated } }`;
const LIST = `query($f: WarningFilter) { warnings(filter: $f, first: 50) { totalCount edges { node { ${W} } } } }`;
const REGISTER = `query($f: RiskRegisterFilter) { riskRegister(filter: $f, first: 50) { totalCount
  edges { node { id subjectKind subjectId grade enteredOn closedOn closeReason closedBy } } } }`;
const ACK = `mutation($w: ID!) { acknowledgeWarning(warningId: $w) { ${W} } }`;
const URGE = `mutation($w: ID!, $n: String!) { urgeWarning(warningId: $w, note: $n) { ${W} } }`;
const CLOSE_ITEM = `mutation($i: ID!, $r: String!) { closeRiskRegisterItem(itemId: $i, reason: $r) {
  id closedOn closeReason closedBy } }`;

type Warning = Record<string, any>;

describe('graded warnings and the risk register (R17)', () => {
  let t: TestHub;
  let db: Client;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  let caseProject: string; // an open wage case with 12 workers: ORANGE
  let incidentProject: string; // a mass incident: RED
  let caseId: string;
  const tok = (org: string, district: string) =>
    t.token({ org: org as Caller['org'], district, sub: `${org.toLowerCase()}-${district}` });
  const admin = () => t.token(CITY_HRSS);
  const sweep = async (asOf: string) =>
    (await must(t.gql<{ runWarningSweep: Record<string, number> }>(admin(), SWEEP, { d: asOf })))
      .runWarningSweep;
  const list = async (token: string, f: Record<string, unknown> = {}) =>
    (await must(t.gql<{ warnings: { totalCount: number; edges: { node: Warning }[] } }>(token, LIST, { f })))
      .warnings;
  const openWarningOf = async (subjectId: string): Promise<Warning> =>
    (await list(admin(), { open: true })).edges.map((e) => e.node).find((w) => w.subjectId === subjectId)!;
  const notices = async (warningId: string, topic: string) =>
    (
      await db.query(
        `select recipient from outbox_notice where topic = $1 and payload->>'warningId' = $2 order by recipient`,
        [topic, warningId],
      )
    ).rows.map((r) => r.recipient as string);

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    seed = await seedBasics(t);
    caseProject = await registerProject(t, seed.admin, {
      ...seed,
      districtCode: '210502',
      industry: 'HOUSING',
    });
    incidentProject = await registerProject(t, seed.admin, {
      ...seed,
      name: '南芬区公路改建',
      districtCode: '210505',
      industry: 'TRANSPORT',
    });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    const filed = await must(
      t.gql<{ fileWageClaim: { id: string } }>(
        admin(),
        `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`,
        {
          i: {
            source: 'HOTLINE',
            projectId: caseProject,
            employerUscc: seed.contractorUscc,
            workers: 12,
            amount: '96000.00',
            receivedOn: '2026-11-20',
          },
        },
      ),
    );
    caseId = filed.fileWageClaim.id;
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('the rule table starts with RULES.md default grading; only city HRSS changes it, each field checked', async () => {
    const res = await must(
      t.gql<{ warningRules: { rules: unknown[]; acknowledgeWithinWorkingDays: number } }>(
        tok('HRSS', '210502'),
        `{ warningRules { rules { signal grade threshold } acknowledgeWithinWorkingDays } }`,
      ),
    );
    const bySignal = (a: any, b: any) => a.signal.localeCompare(b.signal);
    expect([...res.warningRules.rules].sort(bySignal)).toEqual([...DEFAULT_WARNING_RULES].sort(bySignal));
    expect(res.warningRules.acknowledgeWithinWorkingDays).toBe(3);
    const SET = `mutation($i: WarningRulesInput!) { setWarningRules(input: $i) { acknowledgeWithinWorkingDays } }`;
    const denied = await t.gql(tok('HRSS', '210502'), SET, { i: { acknowledgeWithinWorkingDays: 5 } });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql(admin(), SET, {
      i: { rules: [{ signal: 'WORKERS_OWED_AT_LEAST', grade: 'ORANGE' }], acknowledgeWithinWorkingDays: 5 },
    });
    expect(bad.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'rules[0].threshold' },
    });
    // nothing half-stored: the period given beside the bad rule is unchanged
    expect((await db.query(`select acknowledge_within_working_days from warning_settings`)).rows[0]).toEqual({
      acknowledge_within_working_days: 3,
    });
  });

  it('derived by the sweep: an open case with 12 workers is ORANGE on the project and on its employer, routed and registered', async () => {
    expect(await sweep('2026-11-23')).toEqual({ asOf: '2026-11-23', opened: 2, closed: 0, escalated: 0 });
    const w = await openWarningOf(caseProject);
    expect(w).toMatchObject({
      subjectKind: 'PROJECT',
      grade: 'ORANGE',
      districts: ['210502'],
      openedOn: '2026-11-23',
      acknowledgeBy: '2026-11-26',
      acknowledged: false,
      escalated: false,
      closedOn: null,
    });
    expect(w.reasons.map((r: any) => r.signal)).toEqual(['WORKERS_OWED_AT_LEAST', 'COMPLAINT_BEING_HANDLED']);
    expect(w.recipients.map((r: any) => r.recipient)).toEqual(['HOUSING:210502', 'HRSS:210502']);
    expect(await notices(w.id, 'WARNING_ISSUED')).toEqual(['HOUSING:210502', 'HRSS:210502']);
    // Project.warning and Enterprise.warning
    const p = await must(
      t.gql<{ project: any }>(
        tok('HOUSING', '210502'),
        `query($id: ID!) { project(id: $id) { warning { id grade } contractor { warning { grade subjectKind } } } }`,
        { id: caseProject },
      ),
    );
    expect(p.project.warning).toEqual({ id: w.id, grade: 'ORANGE' });
    expect(p.project.contractor.warning).toEqual({ grade: 'ORANGE', subjectKind: 'ENTERPRISE' });
    const register = await must(
      t.gql<{ riskRegister: any }>(tok('HRSS', '210502'), REGISTER, { f: { open: true } }),
    );
    expect(register.riskRegister.totalCount).toBe(2);
    // a second sweep the same day changes nothing and sends nothing twice
    expect(await sweep('2026-11-23')).toEqual({ asOf: '2026-11-23', opened: 0, closed: 0, escalated: 0 });
    expect(await notices(w.id, 'WARNING_ISSUED')).toHaveLength(2);
  });

  it('scope: an agency outside the district, or another industry, sees nothing', async () => {
    for (const [org, district] of [
      ['HRSS', '210503'],
      ['TRANSPORT', '210502'],
      ['GOVERNMENT', '210504'],
    ]) {
      expect((await list(tok(org, district))).totalCount).toBe(0);
      const r = await must(t.gql<{ riskRegister: any }>(tok(org, district), REGISTER, {}));
      expect(r.riskRegister.totalCount).toBe(0);
    }
    expect((await list(t.token({ org: 'BANK', district: '210500', bank: seed.bankCode }))).totalCount).toBe(
      0,
    );
    expect((await list(tok('HOUSING', '210502'))).totalCount).toBe(2);
    expect((await list(tok('HOUSING', '210500'))).totalCount).toBe(2);
    const w = await openWarningOf(caseProject);
    const foreign = await t.gql(tok('HRSS', '210503'), ACK, { w: w.id });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(foreign.errors?.[0]?.message).toBe(`warning ${w.id} not found`);
  });

  it('urged by a superior (the silent agencies told), acknowledged by a routed agency (who and when)', async () => {
    const w = await openWarningOf(caseProject);
    const notSuperior = await t.gql(tok('HRSS', '210502'), URGE, { w: w.id, n: '请尽快核实' });
    expect(notSuperior.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const urged = (
      await must(t.gql<{ urgeWarning: Warning }>(tok('HRSS', '210500'), URGE, { w: w.id, n: '请尽快核实' }))
    ).urgeWarning;
    expect(urged.urges).toEqual([{ by: 'HRSS:210500:hrss-210500', note: '请尽快核实' }]);
    expect(await notices(w.id, 'WARNING_URGED')).toEqual(['HOUSING:210502', 'HRSS:210502']);

    const notRouted = await t.gql(admin(), ACK, { w: w.id });
    expect(notRouted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const acked = (
      await must(t.gql<{ acknowledgeWarning: Warning }>(tok('HRSS', '210502'), ACK, { w: w.id }))
    ).acknowledgeWarning;
    const hrss = acked.recipients.find((r: any) => r.recipient === 'HRSS:210502');
    expect(hrss.acknowledgedBy).toBe('HRSS:210502:hrss-210502');
    expect(hrss.acknowledgedAt).not.toBeNull();
    expect(acked.acknowledged).toBe(false); // HOUSING:210502 has not
    expect((await list(admin(), { acknowledged: false, open: true })).totalCount).toBe(2);
  });

  it('unacknowledged past the deadline it escalates once to the silent agency’s superior, shown on the warning', async () => {
    const w = await openWarningOf(caseProject);
    expect((await sweep('2026-11-26')).escalated).toBe(0); // the deadline day itself
    expect((await sweep('2026-11-27')).escalated).toBe(2); // the project's and the employer's
    const after = await openWarningOf(caseProject);
    expect(after).toMatchObject({
      escalated: true,
      escalatedOn: '2026-11-27',
      escalatedTo: ['HOUSING:210500'],
    });
    expect(await notices(w.id, 'WARNING_ESCALATED')).toEqual(['HOUSING:210500']);
    expect((await sweep('2026-11-30')).escalated).toBe(0);
    const escalated = await list(tok('HRSS', '210502'), { escalated: true, grade: 'ORANGE' });
    expect(escalated.edges.map((e) => e.node.id)).toContain(w.id);
  });

  it('a RED warning also goes to city HRSS and the district government', async () => {
    await must(
      t.gql(tok('HRSS', '210505'), `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`, {
        i: {
          kind: 'MASS_INCIDENT',
          districtCode: '210505',
          projectId: incidentProject,
          occurredAt: '2026-11-30T09:00:00+08:00',
          workers: 20,
          note: '工人聚集讨薪',
        },
      }),
    );
    await sweep('2026-11-30');
    const red = await openWarningOf(incidentProject);
    expect(red.grade).toBe('RED');
    expect(red.reasons[0]).toMatchObject({ signal: 'INCIDENT_WITHIN_DAYS', grade: 'RED' });
    expect(await notices(red.id, 'WARNING_ISSUED')).toEqual([
      'GOVERNMENT:210505',
      'HRSS:210500',
      'HRSS:210505',
      'TRANSPORT:210505',
    ]);
    expect((await list(tok('GOVERNMENT', '210505'), { grade: 'RED' })).totalCount).toBe(1);
  });

  it('the rules are data: a signal moved to ORANGE regrades at the next sweep (the RED one closed, kept)', async () => {
    const SET = `mutation($i: WarningRulesInput!) { setWarningRules(input: $i) { rules { signal grade threshold } } }`;
    const red = await openWarningOf(incidentProject);
    const set = (grade: string) =>
      must(t.gql(admin(), SET, { i: { rules: [{ signal: 'INCIDENT_WITHIN_DAYS', grade, threshold: 90 }] } }));
    await set('ORANGE');
    try {
      await sweep('2026-11-30');
      const orange = await openWarningOf(incidentProject);
      expect(orange).toMatchObject({ grade: 'ORANGE', openedOn: '2026-11-30' });
      expect(orange.recipients.map((r: any) => r.recipient)).toEqual(['HRSS:210505', 'TRANSPORT:210505']);
      const old = (await list(admin(), { open: false, grade: 'RED' })).edges.find(
        (e) => e.node.id === red.id,
      );
      expect(old?.node).toMatchObject({ closedOn: '2026-11-30', closeReason: 'REGRADED' });
    } finally {
      await set('RED');
      await sweep('2026-11-30'); // back to RED, so the tests after see the default grading
    }
  });

  it('closed (kept) when the facts catch up; then its register item is closed with the reason (销号)', async () => {
    const w = await openWarningOf(caseProject);
    const items = await must(
      t.gql<{ riskRegister: any }>(tok('HRSS', '210502'), REGISTER, {
        f: { open: true, subjectKind: 'PROJECT' },
      }),
    );
    const item = items.riskRegister.edges[0].node;
    expect(item).toMatchObject({ subjectId: caseProject, grade: 'ORANGE', enteredOn: '2026-11-23' });
    const early = await t.gql(tok('HRSS', '210502'), CLOSE_ITEM, { i: item.id, r: '已整改' });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'itemId' });

    await must(
      t.gql(
        admin(),
        `mutation($c: ID!, $on: Date!, $r: String!) { closeCase(caseId: $c, on: $on, reason: $r) { id } }`,
        {
          c: caseId,
          on: '2026-11-30',
          r: '已全额支付',
        },
      ),
    );
    expect((await sweep('2026-12-01')).closed).toBe(2);
    const closed = (await list(admin(), { open: false })).edges
      .map((e) => e.node)
      .find((x) => x.id === w.id)!;
    expect(closed).toMatchObject({ closedOn: '2026-12-01', closeReason: 'FACTS_CLEARED', grade: 'ORANGE' });
    expect(await notices(w.id, 'WARNING_CLOSED')).toEqual(['HOUSING:210502', 'HRSS:210502']);

    const outsider = await t.gql(tok('HRSS', '210503'), CLOSE_ITEM, { i: item.id, r: '已整改' });
    expect(outsider.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const done = await must(
      t.gql<{ closeRiskRegisterItem: any }>(tok('HRSS', '210502'), CLOSE_ITEM, {
        i: item.id,
        r: '欠薪已清偿，销号',
      }),
    );
    expect(done.closeRiskRegisterItem).toEqual({
      id: item.id,
      closedOn: '2026-12-01',
      closeReason: '欠薪已清偿，销号',
      closedBy: 'HRSS:210502:hrss-210502',
    });
    const kept = await must(
      t.gql<{ riskRegister: any }>(tok('HRSS', '210502'), REGISTER, { f: { open: false } }),
    );
    expect(kept.riskRegister.edges.map((e: any) => e.node.id)).toContain(item.id);
    const again = await t.gql(tok('HRSS', '210502'), CLOSE_ITEM, { i: item.id, r: '再次' });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('the daily job is registered and scheduled an hour after the compliance sweep (Asia/Shanghai)', () => {
    expect(HUB_JOBS).toContain(warningSweepJob);
    expect(hubSchedules(loadConfig({})).find((s) => s.job === warningSweepJob)?.repeat).toEqual({
      pattern: '30 1 * * *',
      tz: 'Asia/Shanghai',
    });
  });

  it('the job derives as of today (Asia/Shanghai) on the hub it runs in', async () => {
    const report = await warningSweepJob.handle(
      {},
      {
        orm: t.hub.orm,
        log: { info: () => undefined } as never,
        config: loadConfig({}),
        enqueue: async () => undefined,
      },
    );
    expect(report).toMatchObject({ asOf: '2026-12-01' });
  });
});
