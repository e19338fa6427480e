import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { freshUscc, must, registerProject, seedBasics } from '../support/fixtures';
import type { Caller } from '../../src/auth/caller';

const RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const rid = (body17: string): string => {
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * RID_WEIGHTS[i], 0);
  return body17 + '10X98765432'[sum % 11];
};
const PERSON = rid('21050219700505001');

const FIELDS = `id code fine article partyKind party { uscc } person { name maskedIdNumber } bankCode project { id }
  correctionOrderedOn correctionDeadline decidedOn consequence stopWork decidedBy`;
const IMPOSE = `mutation($i: PenaltyInput!) { imposePenalty(input: $i) { ${FIELDS} } }`;
const LIST = `query($f: PenaltyFilter, $first: Int, $after: String) { penalties(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id code } } } }`;
const ONE = `query($id: ID!) { penalty(id: $id) { ${FIELDS} } }`;

describe('penalties (P1–P5)', () => {
  let t: TestHub;
  let pg: Client;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  let projectId: string;
  let subcontractorUscc: string;
  const tok = (org: string, district: string) =>
    t.token({
      org: org as Caller['org'],
      district,
      sub: `${org.toLowerCase()}-${district}`,
      ...(org === 'BANK'
        ? { bank: seed.bankCode }
        : org === 'CONTRACTOR'
          ? { uscc: seed.contractorUscc }
          : {}),
    });
  const stored = async () => Number((await pg.query(`select count(*) from penalty`)).rows[0].count);
  const input = (over: Record<string, unknown> = {}) => ({
    code: 'P1',
    partyUscc: subcontractorUscc,
    projectId,
    fine: '20000.00',
    decidedOn: '2026-06-16',
    correctionOrderedOn: '2026-06-01',
    correctionDeadline: '2026-06-15',
    consequence: 'NONE',
    ...over,
  });
  const impose = async (token: string, over: Record<string, unknown> = {}) =>
    (await must(t.gql<{ imposePenalty: any }>(token, IMPOSE, { i: input(over) }))).imposePenalty;
  const refused = async (token: string, over: Record<string, unknown>, code: string, field?: string) => {
    const before = await stored();
    const res = await t.gql(token, IMPOSE, { i: input(over) });
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(res.errors?.[0]).toMatchObject({ extensions: { field } });
    expect(await stored()).toBe(before);
    return res.errors![0].message;
  };

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    seed = await seedBasics(t);
    subcontractorUscc = freshUscc();
    await must(
      t.gql(seed.admin, `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
        i: { uscc: subcontractorUscc, name: '本溪某劳务分包有限公司' },
      }),
    );
    projectId = await registerProject(t, seed.admin, {
      ...seed,
      industry: 'HOUSING',
      districtCode: '210502',
    });
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('P1 on a unit: the prior correction order and its deadline kept, no consequence', async () => {
    const p = await impose(tok('HRSS', '210502'));
    expect(p).toMatchObject({
      code: 'P1',
      fine: '20000.00',
      article: 'art. 54',
      partyKind: 'UNIT',
      party: { uscc: subcontractorUscc },
      person: null,
      correctionOrderedOn: '2026-06-01',
      correctionDeadline: '2026-06-15',
      decidedOn: '2026-06-16',
      consequence: 'NONE',
      stopWork: false,
      decidedBy: 'HRSS:210502',
    });
  });

  it('P1 on a responsible person: its own range, the ID number masked in every answer', async () => {
    const res = await t.gql<{ imposePenalty: any }>(tok('HRSS', '210500'), IMPOSE, {
      i: input({ fine: '30000.00', personName: '赵六', personIdNumber: PERSON }),
    });
    const p = res.data!.imposePenalty;
    expect(p).toMatchObject({
      partyKind: 'PERSON',
      fine: '30000.00',
      person: { name: '赵六', maskedIdNumber: `${PERSON.slice(0, 6)}********${PERSON.slice(-4)}` },
    });
    expect(JSON.stringify(res)).not.toContain(PERSON);
    const again = await t.gql(tok('HOUSING', '210502'), ONE, { id: p.id });
    expect(JSON.stringify(again)).not.toContain(PERSON);
    expect(
      (await pg.query(`select person_id_number from penalty where id = $1`, [p.id])).rows[0].person_id_number,
    ).toBe(PERSON);
  });

  const asPerson = { personName: '赵六', personIdNumber: PERSON };
  const owner = { consequence: 'STOP_WORK', partyUscc: 'OWNER' };
  const UNIT_P1 = 'P1 for a unit is ¥20,000.00–¥50,000.00';
  const PERSON_P1 = 'P1 for each responsible person is ¥10,000.00–¥30,000.00';
  const HIGH = (code: string) => `${code} for a unit is ¥50,000.00–¥100,000.00`;
  it.each([
    ['P1', '19999.99', {}, UNIT_P1],
    ['P1', '50000.01', {}, UNIT_P1],
    ['P1', '9999.99', asPerson, PERSON_P1],
    ['P1', '30000.01', asPerson, PERSON_P1],
    ['P2', '49999.99', { consequence: 'STOP_WORK' }, HIGH('P2')],
    ['P3', '100000.01', {}, HIGH('P3')],
    ['P4', '49999.99', owner, HIGH('P4')],
  ])('refuses a %s fine of ¥%s outside its range, naming it', async (code, fine, over, words) => {
    const o = { ...over } as Record<string, unknown>;
    if (o.partyUscc === 'OWNER') o.partyUscc = seed.ownerUscc;
    const message = await refused(tok('HRSS', '210502'), { code, fine, ...o }, 'BAD_USER_INPUT', 'fine');
    expect(message).toContain(`fine: ${words}`);
  });

  it('accepts fines on each limit', async () => {
    const hrss = tok('HRSS', '210502');
    expect((await impose(hrss, { fine: '50000.00' })).fine).toBe('50000.00');
    expect(
      (await impose(hrss, { code: 'P1', fine: '10000.00', personName: '钱七', personIdNumber: PERSON })).fine,
    ).toBe('10000.00');
    expect((await impose(hrss, { code: 'P3', fine: '50000.00' })).fine).toBe('50000.00');
    expect((await impose(hrss, { code: 'P3', fine: '100000.00' })).fine).toBe('100000.00');
  });

  it('requires the decision after the correction deadline, and the deadline after the order', async () => {
    const hrss = tok('HRSS', '210502');
    expect(await refused(hrss, { decidedOn: '2026-06-15' }, 'BAD_USER_INPUT', 'decidedOn')).toMatch(
      /after its deadline 2026-06-15/,
    );
    await refused(hrss, { correctionDeadline: '2026-06-01' }, 'BAD_USER_INPUT', 'correctionDeadline');
    await refused(hrss, { correctionDeadline: '2026-05-20' }, 'BAD_USER_INPUT', 'correctionDeadline');
  });

  it('allows only the consequences of the code', async () => {
    const housing = tok('HOUSING', '210502');
    expect(
      await refused(
        housing,
        { code: 'P3', fine: '60000.00', consequence: 'STOP_WORK' },
        'BAD_USER_INPUT',
        'consequence',
      ),
    ).toMatch(/P3 \(art\. 56\) allows NONE; not STOP_WORK/);
    await refused(
      housing,
      { code: 'P2', fine: '60000.00', consequence: 'NONE' },
      'BAD_USER_INPUT',
      'consequence',
    );
    await refused(
      housing,
      { code: 'P4', fine: '60000.00', consequence: 'RESTRICT_BIDDING', partyUscc: seed.ownerUscc },
      'BAD_USER_INPUT',
      'consequence',
    );
    await refused(
      tok('HRSS', '210502'),
      { code: 'P1', consequence: 'STOP_WORK' },
      'BAD_USER_INPUT',
      'consequence',
    );
    const stop = await impose(housing, {
      code: 'P2',
      fine: '60000.00',
      consequence: 'STOP_WORK',
      partyUscc: seed.contractorUscc,
    });
    expect(stop).toMatchObject({
      article: 'art. 55',
      consequence: 'STOP_WORK',
      stopWork: true,
      decidedBy: 'HOUSING:210502',
    });
    const serious = await impose(housing, {
      code: 'P2',
      fine: '100000.00',
      consequence: 'QUALIFICATION_LOWERED',
      partyUscc: seed.contractorUscc,
    });
    expect(serious).toMatchObject({ consequence: 'QUALIFICATION_LOWERED', stopWork: true });
    // the serious sanctions fall on the general contractor, and qualification is the industry authority's
    await refused(
      housing,
      { code: 'P2', fine: '60000.00', consequence: 'RESTRICT_BIDDING', partyUscc: seed.ownerUscc },
      'BAD_USER_INPUT',
      'consequence',
    );
    await refused(
      tok('HRSS', '210502'),
      { code: 'P2', fine: '60000.00', consequence: 'QUALIFICATION_REVOKED', partyUscc: seed.contractorUscc },
      'FORBIDDEN',
    );
  });

  it('P4 is on the project owner or contractor, with stop work', async () => {
    const housing = tok('HOUSING', '210502');
    expect(
      await refused(
        housing,
        { code: 'P4', fine: '60000.00', consequence: 'STOP_WORK' },
        'BAD_USER_INPUT',
        'partyUscc',
      ),
    ).toMatch(/owner or contractor/);
    const p = await impose(housing, {
      code: 'P4',
      fine: '60000.00',
      consequence: 'STOP_WORK',
      partyUscc: seed.ownerUscc,
    });
    expect(p).toMatchObject({ article: 'art. 57', stopWork: true, party: { uscc: seed.ownerUscc } });
  });

  it('P5 is ordered by the financial regulator on a registered bank', async () => {
    const bankUscc = freshUscc();
    await must(
      t.gql(seed.admin, `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
        i: { uscc: bankUscc, name: '某银行本溪分行' },
      }),
    );
    const p5 = { code: 'P5', fine: '20000.00', partyUscc: bankUscc, bankCode: seed.bankCode };
    await refused(tok('HRSS', '210502'), p5, 'FORBIDDEN');
    await refused(tok('PBOC', '210502'), { ...p5, bankCode: null }, 'BAD_USER_INPUT', 'bankCode');
    await refused(tok('PBOC', '210502'), { ...p5, bankCode: 'NO_SUCH_BANK' }, 'BAD_USER_INPUT', 'bankCode');
    await refused(tok('PBOC', '210502'), { ...p5, fine: '50000.01' }, 'BAD_USER_INPUT', 'fine');
    await refused(
      tok('PBOC', '210502'),
      { ...p5, consequence: 'STOP_WORK' },
      'BAD_USER_INPUT',
      'consequence',
    );
    await refused(tok('HRSS', '210502'), { bankCode: seed.bankCode }, 'BAD_USER_INPUT', 'bankCode');
    const p = await impose(tok('PBOC', '210502'), p5);
    expect(p).toMatchObject({
      code: 'P5',
      bankCode: seed.bankCode,
      article: 'art. 58',
      stopWork: false,
      decidedBy: 'PBOC:210502',
    });
  });

  it('refuses whoever may not decide the code, projects out of scope, and bad parties', async () => {
    for (const org of ['POLICE', 'BANK', 'CONTRACTOR', 'CREDIT_PLATFORM', 'PBOC']) {
      await refused(tok(org, '210502'), {}, 'FORBIDDEN');
    }
    await refused(tok('HOUSING', '210502'), {}, 'FORBIDDEN'); // P1 is HRSS's
    await refused(tok('HRSS', '210503'), {}, 'NOT_FOUND');
    await refused(tok('TRANSPORT', '210502'), { code: 'P3', fine: '60000.00' }, 'NOT_FOUND');
    await refused(tok('HRSS', '210502'), { partyUscc: freshUscc() }, 'BAD_USER_INPUT', 'partyUscc');
    await refused(
      tok('HRSS', '210502'),
      { code: 'P3', fine: '60000.00', personName: '赵六', personIdNumber: PERSON },
      'BAD_USER_INPUT',
      'personName',
    );
    const bad = PERSON.slice(0, 17) + (PERSON[17] === '0' ? '1' : '0');
    const message = await refused(
      tok('HRSS', '210502'),
      { personName: '赵六', personIdNumber: bad, fine: '10000.00' },
      'BAD_USER_INPUT',
      'personIdNumber',
    );
    expect(message).not.toContain(bad);
  });

  it('lists penalties in scope, newest first, with filters', async () => {
    const ids = async (token: string, f: Record<string, unknown> = {}) =>
      (await must(t.gql<{ penalties: any }>(token, LIST, { f, first: 500 }))).penalties;
    const total = Number((await pg.query(`select count(*) from penalty`)).rows[0].count);
    expect((await ids(seed.admin)).totalCount).toBe(total);
    expect((await ids(tok('HRSS', '210502'))).totalCount).toBe(total);
    expect((await ids(tok('HOUSING', '210502'))).totalCount).toBe(total);
    expect((await ids(tok('HRSS', '210503'))).totalCount).toBe(0);
    expect((await ids(tok('TRANSPORT', '210502'))).totalCount).toBe(0);
    for (const org of ['BANK', 'CONTRACTOR', 'CREDIT_PLATFORM'])
      expect((await ids(tok(org, '210500'))).totalCount).toBe(0);
    const p1 = await ids(seed.admin, { code: 'P1' });
    expect(p1.edges.every((e: any) => e.node.code === 'P1')).toBe(true);
    expect(p1.totalCount).toBe(
      Number((await pg.query(`select count(*) from penalty where code = 'P1'`)).rows[0].count),
    );
    expect((await ids(seed.admin, { partyUscc: seed.ownerUscc })).totalCount).toBe(
      Number(
        (
          await pg.query(
            `select count(*) from penalty p join enterprise e on e.id = p.party_id where e.uscc = $1`,
            [seed.ownerUscc],
          )
        ).rows[0].count,
      ),
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await must(t.gql<{ penalties: any }>(seed.admin, LIST, { first: 3, after })))
        .penalties;
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(
      (await pg.query(`select id from penalty order by created_at desc, id desc`)).rows.map((r) => r.id),
    );
    const [first] = seen;
    expect(
      (await must(t.gql<{ penalty: any }>(tok('HRSS', '210503'), ONE, { id: first }))).penalty,
    ).toBeNull();
  });
});
