import type { EntityManager } from '@mikro-orm/postgresql';
import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, freshUscc } from '../support/fixtures';
import { purgeAudit, tokenHash } from '../../src/services/audit-log';
import { now as clockNow } from '../../src/clock';

const AUDIT = `query($f: AuditFilter) { auditLog(filter: $f, first: 50) { totalCount edges { node {
  kind sub org district tokenHash operationName objectIds outcome requestId at } } } }`;

describe('the audit log', () => {
  let t: TestHub;
  const officer = { ...CITY_HRSS, sub: 'officer-li' };
  let token: string;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    token = t.token(officer);
  });
  afterAll(() => t.close());

  const entries = async (filter: Record<string, unknown>) => {
    const r = await t.gql<any>(t.token(CITY_HRSS), AUDIT, { f: filter });
    expect(r.errors).toBeUndefined();
    return r.data.auditLog;
  };

  it('keeps every mutation, refused ones too, with who, which token, which operation and which objects', async () => {
    const uscc = freshUscc();
    const ok = await t.gql(
      token,
      `mutation Register($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`,
      {
        i: { uscc, name: '本溪市城建投资有限公司' },
      },
    );
    expect(ok.errors).toBeUndefined();
    const refused = await t.gql(
      token,
      `mutation Register($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`,
      {
        i: { uscc: '91210500MA0000000Z', name: 'x' },
      },
    );
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const log = await entries({ sub: 'officer-li', kind: 'MUTATION' });
    expect(log.totalCount).toBe(2);
    expect(log.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({
        outcome: 'BAD_USER_INPUT',
        operationName: 'Register',
        org: 'HRSS',
        district: '210500',
      }),
      expect.objectContaining({ outcome: 'ok', operationName: 'Register', tokenHash: tokenHash(token) }),
    ]);
    expect(log.edges[0].node.requestId).toMatch(/\S+/);
  });

  it('keeps an answer that asks for a person\u2019s unmasked name, and not a plain read', async () => {
    await t.gql(token, `query Plain { calendarYears { year } }`);
    const workers = await t.gql(
      token,
      `query Workers { cases(first: 5) { edges { node { lines { workerName } } } } }`,
    );
    expect(workers.errors).toBeUndefined();
    const log = await entries({ sub: 'officer-li', kind: 'PERSONAL_DATA_READ' });
    expect(log.edges.map((e: any) => e.node.operationName)).toEqual(['Workers']);
    expect((await entries({ operationName: 'Plain' })).totalCount).toBe(0);
  });

  it('is for city HRSS only', async () => {
    const r = await t.gql(t.token({ org: 'HRSS', district: '210502' }), AUDIT, {});
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('cannot be changed or deleted, except by the retention purge, which takes only what is past it', async () => {
    const em = t.hub.orm.em.fork() as EntityManager;
    await expect(em.execute(`update audit_entry set sub = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(em.execute(`delete from audit_entry`)).rejects.toThrow(/append-only/);
    const before = (await entries({})).totalCount;
    expect(await purgeAudit(em, clockNow(), 1)).toBe(0);
    const threeYearsOn = new Date(clockNow().getTime() + 1100 * 86_400_000);
    expect(await purgeAudit(em, threeYearsOn, 1095)).toBe(before);
    expect((await entries({})).totalCount).toBe(0);
  });
});
