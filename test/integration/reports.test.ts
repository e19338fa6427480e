import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { must, registerProject, seedBasics } from '../support/fixtures';
import { setClock } from '../../src/clock';
import { TEST_NOW } from '../support/test-clock';
import type { Caller } from '../../src/auth/caller';
import { monthlyReportsJob } from '../../jobs/monthly-reports.job';
import { HUB_JOBS, hubSchedules } from '../../jobs';
import { loadConfig } from '../../src/config';
import { configureReportFont, reportFont } from '../../src/services/reports/font';

const REPORT = `id period districtCode districtName department through toDate sections generatedBy
  xlsxPath xlsxBytes pdfPath pdfBytes pdfError`;
const GENERATE = `mutation($p: String!, $d: String, $dep: String) {
  generateReport(period: $p, districtCode: $d, department: $dep) { ${REPORT} } }`;
const LIST = `query($f: ReportFilter, $first: Int, $after: String) { reports(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id period districtCode department } } } }`;

type Report = Record<string, any>;

/**
 * A constructed September 2026 in 平山区 (210502), with a neighbour in 溪湖区 (210503) that the
 * district's figures must leave out, and a day on each side of the month's edges.
 */
describe('monthly reports (R21): XLSX and PDF in Chinese, archived, downloadable in scope, made by the monthly job', () => {
  let t: TestHub;
  let pg: Client;
  let admin: string;
  let pingshanHousing: string;
  let pingshanTransport: string;
  let xihuHousing: string;
  let employerId: string;
  let dir: string;
  const tok = (org: string, district: string) =>
    t.token({ org: org as Caller['org'], district, sub: `${org.toLowerCase()}-${district}` });
  const generate = async (token: string, vars: Record<string, unknown>) =>
    (await must(t.gql<{ generateReport: Report }>(token, GENERATE, vars))).generateReport;
  const download = (path: string, token?: string) =>
    fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  const alert = (
    project: string,
    kind: string,
    opened: string,
    resolved: string | null,
    more: Record<string, unknown> = {},
  ) =>
    pg.query(
      `insert into alert (id, kind, status, project_id, due_date, shortfall_fen, opened_on, resolved_on, bank_notice_deadline,
         contractor_report_deadline, escalations, withdrawn_on)
       values (gen_random_uuid(), $1, $2, $3, $4, 100000, $4, $5, $4, $4, $6::jsonb, $7)`,
      [
        kind,
        more.withdrawn ? 'WITHDRAWN' : resolved ? 'RESOLVED' : 'OPEN',
        project,
        opened,
        resolved,
        JSON.stringify(more.escalations ?? []),
        more.withdrawn ?? null,
      ],
    );
  let clueNo = 0;
  const clue = (
    project: string | null,
    district: string,
    org: string,
    received: string,
    due: string,
    closed: string | null,
    outcome: string | null,
    source = 'NATIONAL_PLATFORM',
  ) =>
    pg.query(
      `insert into wage_clue (id, source, source_number, fingerprint, project_id, district_code, routed_org, employer_uscc,
         workers, claimed_amount_fen, received_on, summary, close_within_working_days, due_on, outcome, closed_on, received_by)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, '91210500MA0000000X', 3, 3000000, $7, '三名工人反映被拖欠工资', 10, $8, $9, $10, 'HRSS:210500')`,
      [
        source,
        `GZ-${++clueNo}`,
        `f${clueNo}`.padEnd(64, '0'),
        project,
        district,
        org,
        received,
        due,
        outcome,
        closed,
      ],
    );
  const wageCase = (
    project: string | null,
    district: string,
    org: string,
    status: string,
    received: string,
    more: { ordered?: string; deadline?: string; closed?: string } = {},
  ) =>
    pg.query(
      `insert into wage_case (id, source, status, project_id, district_code, routed_org, employer_id, claimed_amount_fen,
         received_on, order_issued_on, order_deadline, order_issued_by_org, order_issued_by_district, closed_on)
       values (gen_random_uuid(), 'HOTLINE', $1, $2, $3, $4, $5, 5000000, $6, $7, $8, $9, $10, $11)`,
      [
        status,
        project,
        district,
        org,
        employerId,
        received,
        more.ordered ?? null,
        more.deadline ?? null,
        more.ordered ? org : null,
        more.ordered ? district : null,
        more.closed ?? null,
      ],
    );
  const incident = (kind: string, district: string, project: string | null, at: string, workers: number) =>
    pg.query(
      `insert into incident (id, kind, district_code, project_id, occurred_at, workers, note, reported_by)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, '工人聚集讨薪', 'HRSS:210502')`,
      [kind, district, project, at, workers],
    );

  /** a warning on a subject of its own, routed to `acks` (recipient → acknowledged at, or null) */
  const warning = (
    grade: string,
    authority: string,
    opened: string,
    ackBy: string,
    acks: Record<string, string | null>,
    more: { escalated?: string; closed?: string } = {},
  ) =>
    pg.query(
      `with w as (insert into warning (id, subject_kind, subject_id, grade, reasons, districts, authorities, opened_on,
         evaluated_on, acknowledge_by, escalated_on, closed_on, close_reason, created_at)
       values (gen_random_uuid(), 'PROJECT', gen_random_uuid(), $1, '[]', array[split_part($2, ':', 2)], array[$2], $3, $3, $4,
         $5, $6, case when $6::date is null then null else 'FACTS_CLEARED' end, now()) returning id)
       insert into warning_recipient (warning_id, recipient, acknowledged_at)
       select w.id, a.recipient, a.at::timestamptz from w, jsonb_each_text($7::jsonb) as a(recipient, at)`,
      [grade, authority, opened, ackBy, more.escalated ?? null, more.closed ?? null, JSON.stringify(acks)],
    );

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    dir = mkdtempSync(join(tmpdir(), 'reports-'));
    const seed = await seedBasics(t);
    admin = seed.admin;
    pingshanHousing = await registerProject(t, admin, {
      ...seed,
      industry: 'HOUSING',
      districtCode: '210502',
    });
    pingshanTransport = await registerProject(t, admin, {
      ...seed,
      industry: 'TRANSPORT',
      districtCode: '210502',
      name: '平山区滨河路改造',
    });
    xihuHousing = await registerProject(t, admin, { ...seed, industry: 'HOUSING', districtCode: '210503' });
    employerId = (await pg.query(`select id from enterprise where uscc = $1`, [seed.contractorUscc])).rows[0]
      .id;
    // the transport project is new this month; a housing project completed in August is no longer supervised
    await pg.query(`update project set contract_signed_on = '2026-09-05' where id = $1`, [pingshanTransport]);
    const done = await registerProject(t, admin, { ...seed, industry: 'HOUSING', districtCode: '210502' });
    await pg.query(`update project set completed_on = '2026-08-31' where id = $1`, [done]);

    // alerts: one handled on time, one handled after an escalation, one still open, one withdrawn,
    // one opened in October, one in the neighbouring district
    await alert(pingshanHousing, 'DEPOSIT_MISSING', '2026-09-03', '2026-09-10');
    await alert(pingshanHousing, 'MISSED_LABOR_COST_TRANSFER', '2026-09-16', '2026-09-25', {
      escalations: [
        { kind: 'BANK_NOTICE_OVERDUE', on: '2026-09-20' },
        { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-09-18', retractedOn: '2026-09-19' },
      ],
    });
    await alert(pingshanTransport, 'RIGHTS_BOARD_MISSING', '2026-09-20', null);
    await alert(pingshanHousing, 'GUARANTEE_EXPIRING', '2026-09-04', null, { withdrawn: '2026-09-08' });
    await alert(pingshanHousing, 'PAYMENT_GUARANTEE_MISSING', '2026-10-01', null);
    await alert(xihuHousing, 'DEPOSIT_MISSING', '2026-09-05', null);

    // clues: closed on time and verified, closed late, open and past due, open and not yet due
    await clue(
      pingshanHousing,
      '210502',
      'HOUSING',
      '2026-09-01',
      '2026-09-15',
      '2026-09-10',
      'VERIFIED_PAID',
    );
    await clue(
      pingshanHousing,
      '210502',
      'HOUSING',
      '2026-09-02',
      '2026-09-16',
      '2026-09-29',
      'NOT_SUBSTANTIATED',
    );
    await clue(null, '210502', 'HRSS', '2026-09-03', '2026-09-17', null, null, 'PROVINCIAL_SYSTEM');
    await clue(pingshanTransport, '210502', 'TRANSPORT', '2026-09-28', '2026-10-16', null, null);
    await clue(xihuHousing, '210503', 'HOUSING', '2026-09-01', '2026-09-15', null, null);

    // cases: ordered and past the order's deadline, closed in the month, an old unordered one past due
    await wageCase(pingshanHousing, '210502', 'HOUSING', 'ORDERED', '2026-09-03', {
      ordered: '2026-09-08',
      deadline: '2026-09-18',
    });
    await wageCase(pingshanHousing, '210502', 'HOUSING', 'CLOSED', '2026-09-10', { closed: '2026-09-20' });
    await wageCase(null, '210502', 'HRSS', 'RECEIVED', '2026-08-03');
    await wageCase(xihuHousing, '210503', 'HOUSING', 'RECEIVED', '2026-09-03');

    // incidents: the first minutes of September and of October in Shanghai (still 31 Aug / 30 Sep UTC)
    await incident('MASS_INCIDENT', '210502', pingshanHousing, '2026-09-01T00:10:00+08:00', 30);
    await incident('SKIP_LEVEL_PETITION', '210502', pingshanHousing, '2026-10-01T00:30:00+08:00', 5);
    await incident('MASS_INCIDENT', '210503', xihuHousing, '2026-09-12T10:00:00+08:00', 12);

    // warnings: RED acknowledged in time by both; ORANGE acknowledged late, escalated, closed in the
    // month; a YELLOW from August still open; a YELLOW (transport) not yet acknowledged; one opened
    // in October; one in the neighbouring district
    await warning('RED', 'HOUSING:210502', '2026-09-07', '2026-09-10', {
      'HRSS:210502': '2026-09-08T10:00:00+08:00',
      'HRSS:210500': '2026-09-10T23:30:00+08:00',
    });
    await warning(
      'ORANGE',
      'HOUSING:210502',
      '2026-09-10',
      '2026-09-15',
      { 'HRSS:210502': '2026-09-16T00:10:00+08:00' },
      { escalated: '2026-09-16', closed: '2026-09-25' },
    );
    await warning('YELLOW', 'HOUSING:210502', '2026-08-20', '2026-08-25', { 'HRSS:210502': null });
    await warning('YELLOW', 'TRANSPORT:210502', '2026-09-28', '2026-10-10', { 'HRSS:210502': null });
    await warning('YELLOW', 'HOUSING:210502', '2026-10-02', '2026-10-12', { 'HRSS:210502': null });
    await warning('RED', 'HOUSING:210503', '2026-09-07', '2026-09-10', { 'HRSS:210503': null });
  });
  afterAll(async () => {
    setClock(TEST_NOW);
    if (!process.env.KEEP_REPORT_FILES) rmSync(dir, { recursive: true, force: true });
    await pg.end();
    await t.close();
  });

  let pingshan: Report;

  it("makes 平山区's September report on demand: a workbook whose sheets are the sections, in Chinese, with the month's figures", async () => {
    pingshan = await generate(admin, { p: '2026-09', d: '210502' });
    expect(pingshan).toMatchObject({
      period: '2026-09',
      districtCode: '210502',
      districtName: '平山区',
      department: null,
      through: '2026-09-30',
      toDate: false,
      generatedBy: 'HRSS:210500:test-user',
      xlsxPath: `/reports/${pingshan.id}.xlsx`,
      pdfPath: `/reports/${pingshan.id}.pdf`,
      pdfError: null,
    });
    const res = await download(pingshan.xlsxPath, admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain('平山区2026-09通报.xlsx');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(pingshan.xlsxBytes);
    // the archive's bound: a district's files are small (README: under 30 KB and about 40 KB)
    expect(pingshan.xlsxBytes).toBeLessThan(30_000);
    expect(pingshan.pdfBytes).toBeLessThan(100_000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      '说明',
      '在建项目监管情况',
      '监测预警及处置情况',
      '欠薪线索核查办结情况',
      '欠薪案件办理情况',
      '欠薪引发事件情况',
      '预警分级情况',
      '治理成效',
    ]);
    expect(pingshan.sections).toEqual(wb.worksheets.slice(1).map((s) => s.name));
    const rows = (name: string) =>
      (wb.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const row = (name: string, label: string, second?: string) =>
      rows(name).find((r) => r[0] === label && (second === undefined || r[1] === second));

    expect(rows('说明')[0][0]).toBe('平山区保障农民工工资支付工作2026年9月通报');
    expect(row('说明', '统计期间')).toEqual(['统计期间', '2026-09-01 至 2026-09-30']);

    expect(rows('在建项目监管情况')[0]).toEqual([
      '区县',
      '行业',
      '在建项目数',
      '本月新增',
      '本月竣工',
      '月末有未办结预警的项目',
    ]);
    expect(row('在建项目监管情况', '平山区', '房屋建筑和市政')).toEqual([
      '平山区',
      '房屋建筑和市政',
      1,
      0,
      0,
      0,
    ]);
    expect(row('在建项目监管情况', '平山区', '交通运输')).toEqual(['平山区', '交通运输', 1, 1, 0, 1]);
    expect(row('在建项目监管情况', '合计')).toEqual(['合计', '', 2, 1, 0, 1]);
    expect(rows('在建项目监管情况').some((r) => r[0] === '溪湖区')).toBe(false);

    const alerts = '监测预警及处置情况';
    expect(row(alerts, '未存储工资保证金')).toEqual(['未存储工资保证金', 1, 1, 1, '100.0%', 0, 0]);
    expect(row(alerts, '人工费用未按时足额拨付')).toEqual(['人工费用未按时足额拨付', 1, 1, 0, '0.0%', 1, 0]);
    expect(row(alerts, '未设置维权信息公示牌')).toEqual(['未设置维权信息公示牌', 1, 0, 0, '—', 0, 1]);
    expect(row(alerts, '保函即将到期')).toEqual(['保函即将到期', 0, 0, 0, '—', 0, 0]);
    expect(row(alerts, '工资专用账户被冻结')).toEqual(['工资专用账户被冻结', 0, 0, 0, '—', 0, 0]);
    expect(row(alerts, '合计')).toEqual(['合计', 3, 2, 1, '50.0%', 1, 1]);

    const clues = '欠薪线索核查办结情况';
    expect(row(clues, '全国根治欠薪线索反映平台')).toEqual([
      '全国根治欠薪线索反映平台',
      3,
      2,
      1,
      1,
      '50.0%',
      1,
      0,
    ]);
    expect(row(clues, '省欠薪预警系统')).toEqual(['省欠薪预警系统', 1, 0, 0, 0, '—', 1, 1]);
    expect(row(clues, '合计')).toEqual(['合计', 4, 2, 1, 1, '50.0%', 2, 1]);

    const cases = '欠薪案件办理情况';
    expect(row(cases, '住房和城乡建设部门')).toEqual(['住房和城乡建设部门', 2, 1, 1, 1, 1]);
    expect(row(cases, '人力资源社会保障部门')).toEqual(['人力资源社会保障部门', 0, 0, 0, 1, 1]);
    expect(row(cases, '合计')).toEqual(['合计', 2, 1, 1, 2, 2]);

    const incidents = '欠薪引发事件情况';
    expect(row(incidents, '群体性事件')).toEqual(['群体性事件', 1, 30]);
    expect(row(incidents, '越级上访')).toEqual(['越级上访', 0, 0]);
    expect(row(incidents, '合计')).toEqual(['合计', 1, 30]);

    const warnings = '预警分级情况';
    expect(rows(warnings)[0]).toEqual(['预警等级', '本月新发', '其中按期签收', '本月升级', '月末未销号']);
    expect(row(warnings, '红色预警')).toEqual(['红色预警', 1, 1, 0, 1]);
    expect(row(warnings, '橙色预警')).toEqual(['橙色预警', 1, 0, 1, 0]);
    expect(row(warnings, '黄色预警')).toEqual(['黄色预警', 1, 0, 0, 2]);
    expect(row(warnings, '合计')).toEqual(['合计', 3, 1, 1, 3]);

    // the scorecard for September in 平山区, as its HRSS's `scorecard` query answers it
    const card = '治理成效';
    expect(row(card, 'K1')).toEqual(['K1', '在建项目全面落实一金七制', 2, 2, '0.0%', '尚不能判定']);
    // two projects with construction evidence, one provincial clue naming no project
    expect(row(card, 'K2')).toEqual(['K2', '在建项目全部纳入项目库', 3, 1, '66.7%', '未达标']);
    expect(row(card, 'K3')).toEqual(['K3', '欠薪案件（线索）按时办结', 3, 2, '33.3%', '未达标']);
    expect(row(card, 'K4')).toEqual(['K4', '未发生欠薪引发的群体性、极端事件等', '—', 1, '—', '未达标']);
    const query = await must(
      t.gql<any>(
        tok('HRSS', '210502'),
        `{ scorecard(period: { from: "2026-09-01", to: "2026-09-30" }) {
          k1 { projects failing { totalCount } } k2 { share } k3 { onTime late } k4 { count } } }`,
      ),
    );
    expect(query.scorecard).toEqual({
      k1: { projects: 2, failing: { totalCount: 2 } },
      k2: { share: 0.6667 },
      k3: { onTime: 1, late: 2 },
      k4: { count: 1 },
    });
  });

  it('the same report as a PDF: rendered to PNG by pdftoppm, its Chinese text there for pdftotext', async () => {
    const res = await download(pingshan.pdfPath, tok('HRSS', '210502'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = join(dir, 'pingshan.pdf');
    writeFileSync(pdf, bytes);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
    const png = readFileSync(join(dir, 'page-1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(join(dir, 'page-1.png')).size).toBeGreaterThan(5000);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8');
    for (const words of [
      '平山区保障农民工工资支付工作2026年9月通报',
      '一、在建项目监管情况',
      '二、监测预警及处置情况',
      '人工费用未按时足额拨付',
      '全国根治欠薪线索反映平台',
      '四、欠薪案件办理情况',
      '住房和城乡建设部门 2 1 1 1 1',
      '五、欠薪引发事件情况',
      '群体性事件',
      '六、预警分级情况',
      '红色预警 1 1 0 1',
      '七、治理成效',
      '在建项目全部纳入项目库',
    ]) {
      expect(text.replace(/ +/g, ' ')).toContain(words);
    }
    expect(text).toMatch(/未存储工资保证金\s+1\s+1\s+1\s+100\.0%/);
  });

  it("a department's report counts only its industry's projects, alerts, clues, cases and incidents", async () => {
    const housing = await generate(admin, { p: '2026-09', d: '210502', dep: 'HOUSING' });
    expect(housing).toMatchObject({ districtCode: '210502', department: 'HOUSING' });
    const res = await download(housing.xlsxPath, tok('HOUSING', '210502'));
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const total = (name: string) =>
      (wb.getWorksheet(name)!.getSheetValues() as unknown[][])
        .filter(Boolean)
        .map((r) => r.slice(1))
        .find((r) => r[0] === '合计');
    expect(wb.getWorksheet('说明')!.getCell('A1').value as string).toBe(
      '平山区住房和城乡建设部门保障农民工工资支付工作2026年9月通报',
    );
    expect(total('在建项目监管情况')).toEqual(['合计', '', 1, 0, 0, 0]);
    expect(total('监测预警及处置情况')).toEqual(['合计', 2, 2, 1, '50.0%', 1, 0]);
    expect(total('欠薪线索核查办结情况')).toEqual(['合计', 2, 2, 1, 1, '50.0%', 0, 0]);
    expect(total('欠薪案件办理情况')).toEqual(['合计', 2, 1, 1, 1, 1]);
    expect(total('欠薪引发事件情况')).toEqual(['合计', 1, 30]);
    // the transport authority's YELLOW is not housing's
    expect(total('预警分级情况')).toEqual(['合计', 2, 1, 1, 2]);
  });

  it('downloads: out of scope is a 404 naming nothing, no or a bad token 401, an unknown id 404', async () => {
    for (const token of [
      tok('HRSS', '210503'),
      tok('HOUSING', '210502'),
      t.token({ org: 'BANK', bank: 'ICBC_BX', district: '210500' }),
      t.token({ org: 'CONTRACTOR', uscc: '91210500MA0000000X', district: '210500' }),
    ]) {
      const res = await download(pingshan.xlsxPath, token);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('not found\n');
    }
    expect((await download(pingshan.pdfPath, tok('GOVERNMENT', '210502'))).status).toBe(200);
    const none = await download(pingshan.xlsxPath);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await download(pingshan.pdfPath, 'not-a-jwt')).status).toBe(401);
    expect((await download(`/reports/00000000-0000-4000-8000-000000000000.pdf`, admin)).status).toBe(404);
    expect((await download(`/reports/${pingshan.id}.docx`, admin)).status).toBe(404);
  });

  it('only HRSS generates, for its own district; a bad or future month is refused naming the field', async () => {
    const refused = async (token: string, vars: Record<string, unknown>, code: string, field?: string) => {
      const before = Number((await pg.query(`select count(*) from report`)).rows[0].count);
      const r = await t.gql(token, GENERATE, vars);
      expect(r.errors?.[0]?.extensions?.code).toBe(code);
      if (field) expect(r.errors?.[0]?.extensions?.field).toBe(field);
      expect(Number((await pg.query(`select count(*) from report`)).rows[0].count)).toBe(before);
    };
    await refused(tok('HRSS', '210503'), { p: '2026-09', d: '210502' }, 'FORBIDDEN');
    await refused(tok('HOUSING', '210502'), { p: '2026-09', d: '210502' }, 'FORBIDDEN');
    await refused(admin, { p: '2026-13' }, 'BAD_USER_INPUT', 'period');
    await refused(admin, { p: '2027-01' }, 'BAD_USER_INPUT', 'period');
    await refused(admin, { p: '2026-09', d: '210599' }, 'BAD_USER_INPUT', 'districtCode');
    await refused(admin, { p: '2026-09', d: '210502', dep: 'POLICE' }, 'BAD_USER_INPUT', 'department');
    // a district's HRSS makes its own; the month not over is reported to today
    const own = await generate(tok('HRSS', '210503'), { p: '2026-12' });
    expect(own).toMatchObject({
      districtCode: '210503',
      period: '2026-12',
      through: '2026-12-01',
      toDate: true,
    });
  });

  it('the monthly job, run on 1 October 2026 at 06:00 in Shanghai, makes September for the city and every district and department', async () => {
    setClock('2026-10-01T06:00:00+08:00', { frozen: true });
    const before = pingshan;
    const result = await monthlyReportsJob.handle(
      {},
      {
        orm: t.hub.orm,
        log: pino({ level: 'silent' }),
        config: {} as never,
        enqueue: async () => undefined,
      },
    );
    setClock(TEST_NOW);
    expect(result).toEqual({ month: '2026-09', made: 35 });
    const made = await pg.query(
      `select district_code, department, generated_by, pdf_bytes > 0 as pdf from report where period = '2026-09' order by 1, 2`,
    );
    expect(made.rows).toHaveLength(35);
    expect(new Set(made.rows.map((r) => r.district_code))).toEqual(
      new Set(['210500', '210502', '210503', '210504', '210505', '210521', '210522']),
    );
    expect(made.rows.every((r) => r.generated_by === 'scheduler' && r.pdf)).toBe(true);
    // made again, 平山区's September report replaced the one made on demand: same row, same figures
    const again = await must(
      t.gql<any>(admin, LIST, { f: { period: '2026-09', districtCode: '210502' }, first: 10 }),
    );
    const district = again.reports.edges.map((e: any) => e.node).filter((n: any) => n.department === null);
    expect(district).toEqual([
      { id: before.id, period: '2026-09', districtCode: '210502', department: null },
    ]);

    // who lists what: a district HRSS its district (itself and its four departments), a department its own
    const count = async (token: string) =>
      (await must(t.gql<any>(token, LIST, { f: { period: '2026-09' }, first: 50 }))).reports.totalCount;
    expect(await count(admin)).toBe(35);
    expect(await count(tok('HRSS', '210502'))).toBe(5);
    expect(await count(tok('HOUSING', '210502'))).toBe(1);
    expect(await count(tok('HOUSING', '210500'))).toBe(7);
    expect(await count(t.token({ org: 'BANK', bank: 'ICBC_BX', district: '210500' }))).toBe(0);
    // pages: keyset cursors walk all 35 once
    const seen = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const page: any = (await must(t.gql<any>(admin, LIST, { f: { period: '2026-09' }, first: 8, after })))
        .reports;
      page.edges.forEach((e: any) => seen.add(e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.size).toBe(35);
  });

  it('is on the hub timetable: the 1st of each month at 06:00, Asia/Shanghai', () => {
    expect(HUB_JOBS).toContain(monthlyReportsJob);
    expect(
      hubSchedules(loadConfig({ REPORTS_MONTHLY_CRON: '30 7 2 * *' })).find(
        (s) => s.job === monthlyReportsJob,
      )?.repeat,
    ).toEqual({ pattern: '30 7 2 * *', tz: 'Asia/Shanghai' });
    const entry = hubSchedules(loadConfig({})).find((s) => s.id === 'monthly-reports');
    expect(entry).toMatchObject({
      job: monthlyReportsJob,
      repeat: { pattern: '0 6 1 * *', tz: 'Asia/Shanghai' },
    });
  });

  it('without its Chinese font the hub stores no PDF and the route says why (503), the workbook still served', async () => {
    const font = reportFont();
    configureReportFont({ file: join(dir, 'no-such-font.ttc'), name: 'WenQuanYiMicroHei' });
    try {
      const r = await generate(admin, { p: '2026-08', d: '210502' });
      expect(r.pdfPath).toBeNull();
      expect(r.pdfError).toContain('no-such-font.ttc');
      const pdf = await download(`/reports/${r.id}.pdf`, admin);
      expect(pdf.status).toBe(503);
      expect(await pdf.text()).toContain('fonts-wqy-microhei');
      expect((await download(r.xlsxPath, admin)).status).toBe(200);
    } finally {
      configureReportFont(font);
    }
  });
});
