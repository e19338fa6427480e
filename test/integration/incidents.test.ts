import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must, registerProject, seedBasics } from '../support/fixtures';

const REPORT = `mutation($i: IncidentInput!) { reportIncident(input: $i) {
  id kind districtCode projectId occurredAt workers note reportedBy project { id } } }`;
const LIST = `query($f: IncidentFilter, $first: Int, $after: String) { incidents(filter: $f, first: $first, after: $after) {
  totalCount edges { node { id kind districtCode } } pageInfo { hasNextPage endCursor } } }`;

describe('incidents (R20): reported once, everyone notified at once', () => {
  let t: TestHub;
  let db: Client;
  let projectId: string;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    const seed = await seedBasics(t);
    projectId = await registerProject(t, seed.admin, {
      ...seed,
      districtCode: '210502',
      industry: 'TRANSPORT',
    });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const noticesOf = async (incidentId: string) =>
    (
      await db.query(
        `select recipient, topic, payload from outbox_notice where payload->>'incidentId' = $1 order by next_attempt_at, created_at, recipient`,
        [incidentId],
      )
    ).rows as { recipient: string; topic: string; payload: Record<string, unknown> }[];

  it('a mass incident on a project notifies the district government, HRSS, the three authorities, the police and city HRSS', async () => {
    const districtHrss = t.token({ org: 'HRSS', district: '210502' });
    const res = await must(
      t.gql<{ reportIncident: Record<string, any> }>(districtHrss, REPORT, {
        i: {
          kind: 'MASS_INCIDENT',
          districtCode: '210502',
          projectId,
          occurredAt: '2026-11-30T09:30:00+08:00',
          workers: 35,
          note: '35名农民工在项目部聚集讨薪',
        },
      }),
    );
    const incident = res.reportIncident;
    expect(incident).toMatchObject({
      kind: 'MASS_INCIDENT',
      districtCode: '210502',
      projectId,
      workers: 35,
      reportedBy: 'HRSS:210502',
      project: { id: projectId },
    });
    const notices = await noticesOf(incident.id);
    expect(notices.map((n) => n.recipient)).toEqual([
      'GOVERNMENT:210502', // the district government first, then the rest at once
      'HOUSING:210502',
      'HRSS:210500',
      'HRSS:210502',
      'POLICE:210502',
      'TRANSPORT:210502',
      'WATER:210502',
    ]);
    expect(new Set(notices.map((n) => n.topic))).toEqual(new Set(['INCIDENT_REPORTED']));
    // identifiers only: the note stays in the hub
    expect(notices[0].payload).toEqual({
      incidentId: incident.id,
      kind: 'MASS_INCIDENT',
      districtCode: '210502',
      projectId,
      occurredAt: '2026-11-30T01:30:00.000Z',
      workers: 35,
    });
  });

  it('a major public-opinion event reaches the city government first; a Bengang project adds its authority', async () => {
    const seed = await seedBasics(t);
    const bengang = await registerProject(t, seed.admin, {
      ...seed,
      districtCode: '210504',
      industry: 'BENGANG',
    });
    const res = await must(
      t.gql<{ reportIncident: { id: string } }>(t.token(CITY_HRSS), REPORT, {
        i: {
          kind: 'MAJOR_PUBLIC_OPINION',
          districtCode: '210504',
          projectId: bengang,
          occurredAt: '2026-11-29T20:00:00+08:00',
          note: '网络发帖称工地拖欠工资',
        },
      }),
    );
    const recipients = (await noticesOf(res.reportIncident.id)).map((n) => n.recipient);
    expect(recipients[0]).toBe('GOVERNMENT:210500');
    expect(recipients).toEqual(
      expect.arrayContaining(['GOVERNMENT:210504', 'BENGANG:210504', 'POLICE:210504']),
    );
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const hrss = t.token({ org: 'HRSS', district: '210502' });
    const base = {
      kind: 'SKIP_LEVEL_PETITION',
      districtCode: '210502',
      occurredAt: '2026-11-30T09:00:00+08:00',
      note: '赴省上访',
    };
    const before = Number((await db.query(`select count(*) from incident`)).rows[0].count);
    for (const [over, field] of [
      [{ districtCode: '110101' }, 'districtCode'],
      [{ occurredAt: '2027-06-01T09:00:00+08:00' }, 'occurredAt'],
      [{ note: '  ' }, 'note'],
      [{ note: '工人张某（210502198001011238）讨薪' }, 'note'],
      [{ workers: -1 }, 'workers'],
      [{ projectId: 'not-an-id' }, 'projectId'],
    ] as const) {
      const res = await t.gql(hrss, REPORT, { i: { ...base, ...over } });
      expect([field, res.errors?.[0]?.extensions?.code, res.errors?.[0]?.message]).toEqual([
        field,
        'BAD_USER_INPUT',
        expect.stringContaining(field),
      ]);
    }
    expect(Number((await db.query(`select count(*) from incident`)).rows[0].count)).toBe(before);
  });

  it('only agencies of the district (or the city) report, and see, its incidents', async () => {
    const base = {
      kind: 'EXTREME_INCIDENT',
      districtCode: '210502',
      occurredAt: '2026-11-28T09:00:00+08:00',
      note: '爬塔吊讨薪',
    };
    for (const caller of [
      { org: 'HRSS', district: '210503' },
      { org: 'CONTRACTOR', district: '210502', uscc: '91210500MA0000001X' },
      { org: 'BANK', district: '210500', bank: 'X' },
    ] as const) {
      const res = await t.gql(t.token(caller), REPORT, { i: base });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    await must(t.gql(t.token({ org: 'POLICE', district: '210502' }), REPORT, { i: base }));
    const seenBy = async (caller: Parameters<TestHub['token']>[0]) =>
      (
        await must(
          t.gql<{ incidents: { totalCount: number; edges: { node: { districtCode: string } }[] } }>(
            t.token(caller),
            LIST,
            {},
          ),
        )
      ).incidents;
    const district = await seenBy({ org: 'HOUSING', district: '210502' });
    expect(district.totalCount).toBe(2);
    expect((await seenBy({ org: 'HRSS', district: '210503' })).totalCount).toBe(0);
    expect((await seenBy(CITY_HRSS)).totalCount).toBe(3);
    expect(
      (await seenBy({ org: 'CONTRACTOR', district: '210502', uscc: '91210500MA0000001X' })).totalCount,
    ).toBe(0);
  });

  it('pages the latest first, with a kind filter', async () => {
    const admin = t.token(CITY_HRSS);
    const first = await must(t.gql<{ incidents: any }>(admin, LIST, { first: 2 }));
    expect(first.incidents.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual([
      'MASS_INCIDENT',
      'MAJOR_PUBLIC_OPINION',
    ]);
    const second = await must(
      t.gql<{ incidents: any }>(admin, LIST, { first: 2, after: first.incidents.pageInfo.endCursor }),
    );
    expect(second.incidents.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual([
      'EXTREME_INCIDENT',
    ]);
    expect(second.incidents.pageInfo.hasNextPage).toBe(false);
    const filtered = await must(t.gql<{ incidents: any }>(admin, LIST, { f: { kind: 'EXTREME_INCIDENT' } }));
    expect(filtered.incidents.totalCount).toBe(1);
  });
});
