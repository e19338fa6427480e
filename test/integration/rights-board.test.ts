import type { TestHub } from '../support/test-hub';
import { useDutyHub } from '../support/duty-hub';
import { must } from '../support/fixtures';
import { dutyProject, FILE_FROM_ALERT } from '../support/duty-fixtures';

export const BOARD_FIELDS = `projectId projectName districtName owner { name uscc } contractor { name uscc }
  projectDepartment { name phone } subcontractors { name uscc } labourWageManager { name phone }
  minimumWage { districtCode effectiveFrom monthly hourly } payDay { day source }
  industryAuthority { name phone } labourInspectionPhone arbitration legalAid legalServiceHotline complaintUrl
  qrTarget posting { dueBy dueByProvisional postedOn photoSha256 recordedAt } missing`;
const BOARD = `query($id: ID!) { project(id: $id) { rightsBoard { ${BOARD_FIELDS} } } }`;
const RECORD = `mutation($i: RightsBoardInput!) { recordRightsBoard(input: $i) { ${BOARD_FIELDS} } }`;
const POSTED = `mutation($p: ID!, $on: Date!, $photo: String) {
  recordRightsBoardPosted(projectId: $p, postedOn: $on, photoSha256: $photo) { id rightsBoard { posting { postedOn photoSha256 } } } }`;
const CHANNELS = `mutation($i: RightsChannelsInput!) { setRightsChannels(input: $i) { districtCode complaintUrl } }`;
const WAGE = `mutation($d: String!, $from: Date!, $m: Money!, $h: Money) {
  setMinimumWage(districtCode: $d, effectiveFrom: $from, monthly: $m, hourly: $h) { districtCode monthly } }`;
const PHOTO = 'a'.repeat(64);

/**
 * The rights-protection board (R7) through the public API: its content assembled from the hub's
 * data and what city HRSS and the contractor record; RIGHTS_BOARD_MISSING through its life on the
 * 2026 calendar (opened, notified, escalated, a case, resolved by the posting), its scope, and
 * bad input refused naming the field with nothing stored.
 */
describe('rights-protection board', () => {
  let t: TestHub;
  const admin = () => t.token({ org: 'HRSS', district: '210500' });
  const { notices } = useDutyHub((hub) => {
    t = hub;
  });

  it('assembles the board from the hub’s data, the channels of the district and the city, and what the contractor records', async () => {
    const p = await dutyProject(t);
    const before = (await must(t.gql<any>(p.contractor, BOARD, { id: p.projectId }))).project.rightsBoard;
    expect(before).toMatchObject({
      owner: { name: '本溪市城建投资有限公司', uscc: p.ownerUscc },
      contractor: { name: '辽宁本溪建工集团有限公司', uscc: p.contractorUscc },
      districtName: '平山区',
      subcontractors: [],
      legalServiceHotline: '12348', // the migration's one default, city-wide
      industryAuthority: { name: '住房和城乡建设主管部门', phone: null },
      qrTarget: null,
      posting: { dueBy: '2026-10-08', postedOn: null },
    });
    expect(before.missing).toEqual([
      'projectDepartment',
      'subcontractors',
      'labourWageManager',
      'minimumWage',
      'payDay',
      'industryAuthority',
      'labourInspection',
      'arbitration',
      'legalAid',
    ]);

    await must(
      t.gql(admin(), CHANNELS, {
        i: {
          districtCode: '210502',
          labourInspectionPhone: '024-4280 0001',
          industryAuthorityPhones: [{ industry: 'HOUSING', phone: '024-4280 0002' }],
          arbitration: '平山区劳动人事争议仲裁院（窗口受理）',
          legalAid: '平山区法律援助中心',
          complaintUrl: 'https://complaint.example.cn/benxi/210502',
        },
      }),
    );
    await must(t.gql(admin(), WAGE, { d: '210500', from: '2025-01-01', m: '1700.00', h: '17.00' }));
    await must(t.gql(admin(), WAGE, { d: '210502', from: '2026-10-01', m: '1910.00', h: '19.00' }));
    await must(t.gql(admin(), WAGE, { d: '210502', from: '2027-01-01', m: '2000.00' })); // not yet in force
    const recorded = (
      await must(
        t.gql<any>(p.contractor, RECORD, {
          i: {
            projectId: p.projectId,
            projectDepartment: '辽宁本溪建工集团平山安置房项目部',
            projectDepartmentPhone: '024-4280 1000',
            labourWageManagerName: '王劳资',
            labourWageManagerPhone: '138 0414 0000',
            payDay: 10,
            subcontractors: [{ name: '本溪劳务分包有限公司' }, { name: '平山钢筋班组' }],
          },
        }),
      )
    ).recordRightsBoard;
    expect(recorded).toMatchObject({
      projectDepartment: { name: '辽宁本溪建工集团平山安置房项目部', phone: '024-4280 1000' },
      labourWageManager: { name: '王劳资', phone: '138 0414 0000' },
      payDay: { day: 10, source: 'RECORDED' },
      subcontractors: [
        { name: '本溪劳务分包有限公司', uscc: null },
        { name: '平山钢筋班组', uscc: null },
      ],
      minimumWage: {
        districtCode: '210502',
        effectiveFrom: '2026-10-01',
        monthly: '1910.00',
        hourly: '19.00',
      },
      industryAuthority: { phone: '024-4280 0002' },
      labourInspectionPhone: '024-4280 0001',
      legalServiceHotline: '12348', // not set for the district: the city's
      qrTarget: 'https://complaint.example.cn/benxi/210502',
      missing: [],
    });
    // a field left out is kept; a district agency of another district sees no project, so no board
    const kept = (await must(t.gql<any>(p.contractor, RECORD, { i: { projectId: p.projectId, payDay: 15 } })))
      .recordRightsBoard;
    expect(kept).toMatchObject({ payDay: { day: 15 }, labourWageManager: { name: '王劳资' } });
    const other = await must(
      t.gql<any>(t.token({ org: 'HRSS', district: '210503' }), BOARD, { id: p.projectId }),
    );
    expect(other.project).toBeNull();
  });

  it('RIGHTS_BOARD_MISSING: permit 2026-09-10, due the 15th working day 2026-10-08, opens, is notified, escalates, becomes a case, resolves when posted', async () => {
    const p = await dutyProject(t, { permitIssuedOn: '2026-09-10' });
    await p.sweep('2026-10-07');
    expect(await p.alerts('RIGHTS_BOARD_MISSING')).toEqual([]);

    await p.sweep('2026-10-08');
    const [opened] = await p.alerts('RIGHTS_BOARD_MISSING');
    expect(opened).toMatchObject({
      status: 'OPEN',
      dueDate: '2026-10-08',
      shortfall: '0.00',
      correctionDeadline: '2026-10-21', // 10 working days, Saturday 10-10 a make-up day
      penalty: {
        code: 'P3',
        article: 'art. 56',
        partyUscc: p.contractorUscc,
        consequence: 'NONE',
        minFine: '50000.00',
        maxFine: '100000.00',
      },
    });
    expect(await notices(opened.id)).toEqual([
      'ALERT_OPENED ENTERPRISE:' + p.contractorUscc,
      'ALERT_OPENED HOUSING:210502',
      'ALERT_OPENED HRSS:210502',
    ]);
    // the contractor sees it; an agency outside the district sees nothing and is told nothing
    expect((await p.alerts('RIGHTS_BOARD_MISSING', p.contractor)).map((a) => a.id)).toEqual([opened.id]);
    const outside = t.token({ org: 'HRSS', district: '210503' });
    const theirs = await must(
      t.gql<any>(
        outside,
        `{ alerts(first: 100, filter: { kind: RIGHTS_BOARD_MISSING }) { edges { node { id } } } }`,
      ),
    );
    expect(theirs.alerts.edges).toEqual([]);
    expect((await notices(opened.id)).filter((n) => n.includes('210503'))).toEqual([]);

    await p.sweep('2026-10-22');
    const [escalated] = await p.alerts('RIGHTS_BOARD_MISSING');
    expect(escalated.escalations).toEqual([
      { kind: 'CORRECTION_OVERDUE', on: '2026-10-22', retractedOn: null },
    ]);
    expect(await notices(opened.id)).toEqual(
      expect.arrayContaining([
        'ALERT_ESCALATED HRSS:210502',
        'WARNING_SYSTEM_HANDOVER LIAONING_WARNING_SYSTEM',
      ]),
    );
    const filed = await must(t.gql<any>(p.admin, FILE_FROM_ALERT, { a: opened.id, on: '2026-10-23' }));
    expect(filed.fileCaseFromAlert).toMatchObject({
      source: 'ALERT',
      claimedAmount: '0.00',
      employer: { uscc: p.contractorUscc },
      alertId: opened.id,
    });

    const posted = await must(
      t.gql<any>(p.contractor, POSTED, { p: p.projectId, on: '2026-10-26', photo: PHOTO.toUpperCase() }),
    );
    expect(posted.recordRightsBoardPosted.rightsBoard.posting).toEqual({
      postedOn: '2026-10-26',
      photoSha256: PHOTO,
    });
    const [resolved] = await p.alerts('RIGHTS_BOARD_MISSING');
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedOn: '2026-10-26' });
    expect(await notices(opened.id)).toEqual(
      expect.arrayContaining(['ALERT_RESOLVED ENTERPRISE:' + p.contractorUscc, 'ALERT_RESOLVED HRSS:210502']),
    );
  });

  it('a board posted by its due date raises nothing; a longer period set by city HRSS moves the due date', async () => {
    const p = await dutyProject(t, { permitIssuedOn: '2026-09-10' });
    await must(t.gql(p.contractor, POSTED, { p: p.projectId, on: '2026-10-08' }));
    await p.sweep('2026-11-30');
    expect(await p.alerts('RIGHTS_BOARD_MISSING')).toEqual([]);

    const q = await dutyProject(t, { permitIssuedOn: '2026-09-10' });
    await must(
      t.gql(admin(), `mutation { setRightsBoardRules(postingWorkingDays: 20) { postingWorkingDays } }`),
    );
    try {
      const board = (await must(t.gql<any>(q.contractor, BOARD, { id: q.projectId }))).project.rightsBoard;
      expect(board.posting.dueBy).toBe('2026-10-14');
      await q.sweep('2026-10-13');
      expect(await q.alerts('RIGHTS_BOARD_MISSING')).toEqual([]);
    } finally {
      await must(
        t.gql(admin(), `mutation { setRightsBoardRules(postingWorkingDays: 15) { postingWorkingDays } }`),
      );
    }
  });

  it('refuses bad input naming the field, and stores nothing of it', async () => {
    const p = await dutyProject(t);
    const field = async (token: string, query: string, vars: Record<string, unknown>) => {
      const res = await t.gql(token, query, vars);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      return res.errors![0].extensions!.field;
    };
    await expect(field(p.contractor, POSTED, { p: p.projectId, on: '2026-12-02' })).resolves.toBe('postedOn');
    await expect(
      field(p.contractor, POSTED, { p: p.projectId, on: '2026-11-02', photo: 'abc' }),
    ).resolves.toBe('photoSha256');
    await expect(field(p.contractor, RECORD, { i: { projectId: p.projectId, payDay: 32 } })).resolves.toBe(
      'payDay',
    );
    await expect(
      field(p.contractor, RECORD, {
        i: {
          projectId: p.projectId,
          payDay: 5,
          subcontractors: [{ name: '甲' }, { name: '乙', uscc: '91210500MA0000000Z' }],
        },
      }),
    ).resolves.toBe('subcontractors[1].uscc');
    await expect(
      field(p.contractor, RECORD, { i: { projectId: p.projectId, labourWageManagerPhone: 'call me' } }),
    ).resolves.toBe('labourWageManagerPhone');
    await expect(
      field(admin(), CHANNELS, { i: { districtCode: '210502', complaintUrl: 'http://plain.example.cn' } }),
    ).resolves.toBe('complaintUrl');
    await expect(field(admin(), CHANNELS, { i: { districtCode: '110000' } })).resolves.toBe('districtCode');
    await expect(field(admin(), WAGE, { d: '210502', from: '2026-01-01', m: '0.00' })).resolves.toBe(
      'monthly',
    );
    await expect(
      field(admin(), `mutation { setRightsBoardRules(postingWorkingDays: 0) { postingWorkingDays } }`, {}),
    ).resolves.toBe('postingWorkingDays');

    // nothing of the refused recordings was kept: the pay day of the bad subcontractor list is not there
    const board = (await must(t.gql<any>(p.contractor, BOARD, { id: p.projectId }))).project.rightsBoard;
    expect(board.payDay).toBeNull();
    expect(board.posting.postedOn).toBeNull();
    // another firm's token, or an agency that only reads, may not record it
    const stranger = await t.gql(t.token({ org: 'CONTRACTOR', uscc: '91210500MA0000000X' }), POSTED, {
      p: p.projectId,
      on: '2026-11-02',
    });
    expect(stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const housing = await t.gql(p.housing, POSTED, { p: p.projectId, on: '2026-11-02' });
    expect(housing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const city = await t.gql(p.contractor, CHANNELS, { i: { districtCode: '210502' } });
    expect(city.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
