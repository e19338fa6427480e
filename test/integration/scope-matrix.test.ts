/**
 * The contract's scope rules ("Identity and access") as a matrix, through the public GraphQL API of
 * a real hub (fresh PostgreSQL, real Redis):
 *
 *   - who sees which projects: `projects` (exact set AND totalCount) and `project(id:)` (the project
 *     in scope, null out of scope, never its data), with `agreement { creditedTotal }` alongside;
 *   - no token or a bad one: UNAUTHENTICATED on both;
 *   - a filter narrows, it never widens;
 *   - who may register what.
 *
 * Everything is seeded as city HRSS through the API; the expected sets below are written out by
 * hand from the contract, not computed by the rule under test.
 */
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import type { Caller } from '../../src/auth/caller';
import { freshUscc, must } from '../support/fixtures';
import {
  TEST_JWT_SECRET,
  newWebhookSecret,
  startTestHub,
  type GqlResult,
  type TestHub,
} from '../support/test-hub';
import { nowMs as clockNowMs } from '../../src/clock';

// ---------------------------------------------------------------------------------------------
// The seeded world
// ---------------------------------------------------------------------------------------------

const BANK_A = 'SCOPE_BANK_A';
const BANK_B = 'SCOPE_BANK_B';
const BANK_IDLE = 'SCOPE_BANK_IDLE'; // registered, holds no special account
const OWNER = freshUscc();
const CONTRACTOR_1 = freshUscc();
const CONTRACTOR_2 = freshUscc();
const UNREGISTERED_FIRM = freshUscc();

type Industry = 'HOUSING' | 'TRANSPORT' | 'WATER' | 'BENGANG' | 'OTHER';
interface SeedProject {
  district: string;
  industry: Industry;
  contractor: string;
  /** where its special account is held; null: no agreement yet */
  bank: string | null;
  /** CREDITs the bank pushes to that account; creditedTotal must show their sum */
  credits: string[];
}

// prettier-ignore
const PROJECTS = {
  PINGSHAN_HOUSING:    { district: '210502', industry: 'HOUSING',   contractor: CONTRACTOR_1, bank: BANK_A, credits: ['1000.50', '0.50'] },
  PINGSHAN_TRANSPORT:  { district: '210502', industry: 'TRANSPORT', contractor: CONTRACTOR_2, bank: BANK_B, credits: ['20'] },
  PINGSHAN_OTHER:      { district: '210502', industry: 'OTHER',     contractor: CONTRACTOR_1, bank: null,   credits: [] },
  XIHU_TRANSPORT:      { district: '210503', industry: 'TRANSPORT', contractor: CONTRACTOR_1, bank: BANK_A, credits: ['300.03'] },
  XIHU_HOUSING:        { district: '210503', industry: 'HOUSING',   contractor: CONTRACTOR_2, bank: BANK_B, credits: [] },
  XIHU_WATER:          { district: '210503', industry: 'WATER',     contractor: CONTRACTOR_2, bank: null,   credits: [] },
  COUNTY_WATER:        { district: '210521', industry: 'WATER',     contractor: CONTRACTOR_1, bank: BANK_B, credits: ['4.4'] },
  COUNTY_BENGANG:      { district: '210521', industry: 'BENGANG',   contractor: CONTRACTOR_2, bank: BANK_A, credits: ['5000'] },
  COUNTY_OTHER:        { district: '210521', industry: 'OTHER',     contractor: CONTRACTOR_2, bank: null,   credits: [] },
  MINGSHAN_HOUSING:    { district: '210504', industry: 'HOUSING',   contractor: CONTRACTOR_1, bank: null,   credits: [] },
} satisfies Record<string, SeedProject>;

type ProjectKey = keyof typeof PROJECTS;
const ALL = Object.keys(PROJECTS) as ProjectKey[];
const NONE: ProjectKey[] = [];

/** Filled in by beforeAll: project key → id, and back. */
const idOf = {} as Record<ProjectKey, string>;
const keyOf = (id: string): string => ALL.find((k) => idOf[k] === id) ?? `<unseeded ${id}>`;

const accountNoOf = (key: ProjectKey) => `ACC-${key.replace(/_/g, '-')}`;
const expectedCreditedTotal = (key: ProjectKey): string => {
  const fen = PROJECTS[key].credits.reduce((sum, amount) => sum + Math.round(Number(amount) * 100), 0);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

let t: TestHub;
type Claims = Partial<Caller> & Pick<Caller, 'org'>;

/** A GraphQL request with a raw Authorization header (or none), for the bad-token cases. */
async function gqlWithHeader(
  authorization: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResult<any>> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult<any>;
}

const asCaller = (claims: Claims, query: string, variables?: Record<string, unknown>) =>
  t.gql<any>(t.token(claims), query, variables);
const admin = (query: string, variables?: Record<string, unknown>) =>
  must(asCaller({ org: 'HRSS', district: '210500' }, query, variables));

const PROJECT_IDS = `query($filter: ProjectFilter) { projects(filter: $filter, first: 500) { totalCount edges { node { id } } } }`;

/** Every seeded project looked up by id in one request (aliased), with its agreement's credited total. */
const lookUpAll = () =>
  `{ ${ALL.map((k) => `${k}: project(id: "${idOf[k]}") { id districtCode industry agreement { bankCode creditedTotal } }`).join('\n')} }`;

const codes = (res: GqlResult<unknown>) => (res.errors ?? []).map((e) => e.extensions?.code);

/** Asserts a list answer holds exactly `expected` (as a set, no duplicates) with the same totalCount. */
function expectExactly(res: GqlResult<any>, expected: readonly ProjectKey[]): void {
  expect(res.errors).toBeUndefined();
  const seen: string[] = res.data.projects.edges.map((e: { node: { id: string } }) => keyOf(e.node.id));
  expect([...seen].sort()).toEqual([...expected].sort());
  expect(seen).toHaveLength(new Set(seen).size);
  expect(res.data.projects.totalCount).toBe(expected.length);
}

/** Count of rows in the test database, to show that a refused write stored nothing. */
async function countRows(sql: string, params: unknown[]): Promise<number> {
  const db = new Client({ connectionString: t.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from (${sql}) q`, params);
    return Number(rows[0].n);
  } finally {
    await db.end();
  }
}

const nowSeconds = () => Math.floor(clockNowMs() / 1000);
const validClaims = { sub: 'probe', org: 'HRSS', district: '210500' };
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

// ---------------------------------------------------------------------------------------------
// Seed, as city HRSS, through the API only
// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  t = await startTestHub();
  for (const [uscc, name] of [
    [OWNER, '本溪市城建投资有限公司'],
    [CONTRACTOR_1, '辽宁本溪建工集团有限公司'],
    [CONTRACTOR_2, '本溪路桥工程有限公司'],
  ]) {
    await admin(`mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
      i: { uscc, name },
    });
  }
  for (const [code, name] of [
    [BANK_A, '中国工商银行本溪分行'],
    [BANK_B, '中国建设银行本溪分行'],
    [BANK_IDLE, '本溪农商银行'],
  ]) {
    await admin(`mutation($i: BankInput!) { registerBank(input: $i) { code } }`, {
      i: { code, name, webhookSecret: newWebhookSecret() },
    });
  }
  for (const key of ALL) {
    const p: SeedProject = PROJECTS[key];
    const res = await admin(`mutation($i: ProjectInput!) { registerProject(input: $i) { id } }`, {
      i: {
        name: `${key} 工程`,
        districtCode: p.district,
        industry: p.industry,
        ownerUscc: OWNER,
        contractorUscc: p.contractor,
        contractPrice: '8000000.00',
        contractSignedOn: '2026-01-10',
        permitIssuedOn: '2026-01-20',
      },
    });
    idOf[key] = res.registerProject.id;
    if (!p.bank) continue;
    await admin(`mutation($i: TripartiteAgreementInput!) { registerTripartiteAgreement(input: $i) { id } }`, {
      i: {
        projectId: idOf[key],
        bankCode: p.bank,
        accountNo: accountNoOf(key),
        laborCostPerCycle: '100000.00',
        dueDay: 15,
        startsOn: '2026-02-01',
      },
    });
    if (p.credits.length === 0) continue;
    const pushed = await must(
      asCaller(
        { org: 'BANK', bank: p.bank },
        `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted rejected { code } } }`,
        {
          e: p.credits.map((amount, i) => ({
            bankEventId: `${key}-${i}`,
            accountNo: accountNoOf(key),
            type: 'CREDIT',
            amount,
            bookedAt: '2026-02-10T10:00:00+08:00',
          })),
        },
      ),
    );
    expect(pushed.ingestAccountEvents).toEqual({ accepted: p.credits.length, rejected: [] });
  }
});

afterAll(async () => {
  await t?.close();
});

// ---------------------------------------------------------------------------------------------
// Who sees what
// ---------------------------------------------------------------------------------------------

interface Reader {
  who: string;
  claims: Claims;
  sees: readonly ProjectKey[];
}

// prettier-ignore
const READERS: Reader[] = [
  { who: 'city HRSS (210500)', claims: { org: 'HRSS', district: '210500' },
    sees: ALL },
  { who: 'district HRSS 210502', claims: { org: 'HRSS', district: '210502' },
    sees: ['PINGSHAN_HOUSING', 'PINGSHAN_TRANSPORT', 'PINGSHAN_OTHER'] },
  { who: 'district HRSS 210521', claims: { org: 'HRSS', district: '210521' },
    sees: ['COUNTY_WATER', 'COUNTY_BENGANG', 'COUNTY_OTHER'] },
  { who: 'HOUSING, city level', claims: { org: 'HOUSING', district: '210500' },
    sees: ['PINGSHAN_HOUSING', 'XIHU_HOUSING', 'MINGSHAN_HOUSING'] },
  { who: 'HOUSING 210502', claims: { org: 'HOUSING', district: '210502' },
    sees: ['PINGSHAN_HOUSING'] },
  { who: 'TRANSPORT 210503', claims: { org: 'TRANSPORT', district: '210503' },
    sees: ['XIHU_TRANSPORT'] },
  { who: 'WATER, city level', claims: { org: 'WATER', district: '210500' },
    sees: ['XIHU_WATER', 'COUNTY_WATER'] },
  { who: 'BENGANG, city level', claims: { org: 'BENGANG', district: '210500' },
    sees: ['COUNTY_BENGANG'] },
  { who: 'WATER 210502 (none of its industry there)', claims: { org: 'WATER', district: '210502' },
    sees: NONE },
  { who: 'POLICE 210503', claims: { org: 'POLICE', district: '210503' },
    sees: ['XIHU_TRANSPORT', 'XIHU_HOUSING', 'XIHU_WATER'] },
  { who: 'FINANCE 210521', claims: { org: 'FINANCE', district: '210521' },
    sees: ['COUNTY_WATER', 'COUNTY_BENGANG', 'COUNTY_OTHER'] },
  { who: 'COURT, city level', claims: { org: 'COURT', district: '210500' },
    sees: ALL },
  { who: 'UNION 210505 (no projects there)', claims: { org: 'UNION', district: '210505' },
    sees: NONE },
  { who: 'BANK A', claims: { org: 'BANK', bank: BANK_A },
    sees: ['PINGSHAN_HOUSING', 'XIHU_TRANSPORT', 'COUNTY_BENGANG'] },
  { who: 'BANK B', claims: { org: 'BANK', bank: BANK_B },
    sees: ['PINGSHAN_TRANSPORT', 'XIHU_HOUSING', 'COUNTY_WATER'] },
  { who: 'BANK A with a district claim 210503', claims: { org: 'BANK', bank: BANK_A, district: '210503' },
    sees: ['PINGSHAN_HOUSING', 'XIHU_TRANSPORT', 'COUNTY_BENGANG'] },
  { who: 'a bank holding no special account', claims: { org: 'BANK', bank: BANK_IDLE },
    sees: NONE },
  { who: 'a bank the hub does not know', claims: { org: 'BANK', bank: 'NO_SUCH_BANK' },
    sees: NONE },
  { who: 'CONTRACTOR 1', claims: { org: 'CONTRACTOR', uscc: CONTRACTOR_1 },
    sees: ['PINGSHAN_HOUSING', 'PINGSHAN_OTHER', 'XIHU_TRANSPORT', 'COUNTY_WATER', 'MINGSHAN_HOUSING'] },
  { who: 'CONTRACTOR 1, its uscc claim in lower case', claims: { org: 'CONTRACTOR', uscc: CONTRACTOR_1.toLowerCase() },
    sees: ['PINGSHAN_HOUSING', 'PINGSHAN_OTHER', 'XIHU_TRANSPORT', 'COUNTY_WATER', 'MINGSHAN_HOUSING'] },
  { who: 'CONTRACTOR 2', claims: { org: 'CONTRACTOR', uscc: CONTRACTOR_2 },
    sees: ['PINGSHAN_TRANSPORT', 'XIHU_HOUSING', 'XIHU_WATER', 'COUNTY_BENGANG', 'COUNTY_OTHER'] },
  { who: 'CONTRACTOR that is only an owner', claims: { org: 'CONTRACTOR', uscc: OWNER },
    sees: NONE },
  { who: 'CONTRACTOR not registered', claims: { org: 'CONTRACTOR', uscc: UNREGISTERED_FIRM },
    sees: NONE },
  { who: 'CREDIT_PLATFORM, city level', claims: { org: 'CREDIT_PLATFORM', district: '210500' },
    sees: NONE },
];

describe('projects and project(id:) per caller', () => {
  test.each(READERS)(
    '$who: projects lists exactly its projects, with totalCount',
    async ({ claims, sees }) => {
      expectExactly(await asCaller(claims, PROJECT_IDS), sees);
    },
  );

  test.each(READERS)(
    '$who: project(id:) returns in-scope projects and null for the rest, never their data',
    async ({ claims, sees }) => {
      const res = await asCaller(claims, lookUpAll());
      expect(res.errors).toBeUndefined();
      for (const key of ALL) {
        const found = res.data[key];
        if (sees.includes(key)) {
          expect({ key, id: found?.id, district: found?.districtCode, industry: found?.industry }).toEqual({
            key,
            id: idOf[key],
            district: PROJECTS[key].district,
            industry: PROJECTS[key].industry,
          });
        } else {
          expect({ key, found }).toEqual({ key, found: null });
        }
      }
      const outOfScope = ALL.filter((k) => !sees.includes(k));
      const text = JSON.stringify(res);
      for (const key of outOfScope) expect(text).not.toContain(idOf[key]);
    },
  );

  test.each(READERS)(
    '$who: agreement { creditedTotal } only on its own projects',
    async ({ claims, sees }) => {
      const res = await asCaller(claims, lookUpAll());
      for (const key of ALL) {
        const p: SeedProject = PROJECTS[key];
        const agreement = res.data[key]?.agreement ?? null;
        const expected =
          sees.includes(key) && p.bank
            ? { bankCode: p.bank, creditedTotal: expectedCreditedTotal(key) }
            : null;
        expect({ key, agreement }).toEqual({ key, agreement: expected });
      }
    },
  );

  test('a malformed or unknown id is simply null, for every caller', async () => {
    for (const { claims } of READERS) {
      const res = await asCaller(
        claims,
        `{ a: project(id: "not-a-uuid") { id } b: project(id: "00000000-0000-4000-8000-000000000000") { id } }`,
      );
      expect(res).toEqual({ data: { a: null, b: null } });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// No token, or a bad one
// ---------------------------------------------------------------------------------------------

const FORGED_SECRET = 'another-secret-that-is-also-long-enough-for-hs256-9876';

const BAD_AUTHORIZATION: [string, () => string | null][] = [
  ['no Authorization header', () => null],
  ['an empty Authorization header', () => ''],
  ['a Basic header', () => `Basic ${Buffer.from('hrss:password').toString('base64')}`],
  ['a bearer that is not a JWT', () => 'Bearer not-a-jwt'],
  [
    'an expired token',
    () =>
      `Bearer ${jwt.sign({ ...validClaims, exp: nowSeconds() - 60 }, TEST_JWT_SECRET, { algorithm: 'HS256' })}`,
  ],
  [
    'a token not yet valid (nbf in the future)',
    () =>
      `Bearer ${jwt.sign({ ...validClaims, nbf: nowSeconds() + 3600 }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '2h' })}`,
  ],
  [
    'a forged token (another secret)',
    () => `Bearer ${jwt.sign(validClaims, FORGED_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`,
  ],
  [
    'a token signed with HS512, not HS256',
    () => `Bearer ${jwt.sign(validClaims, TEST_JWT_SECRET, { algorithm: 'HS512', expiresIn: '1h' })}`,
  ],
  [
    'an unsigned token (alg none)',
    () =>
      `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...validClaims, exp: nowSeconds() + 3600 })}.`,
  ],
  [
    'a token whose signature was cut off',
    () =>
      `Bearer ${jwt.sign(validClaims, TEST_JWT_SECRET, { expiresIn: '1h' }).split('.').slice(0, 2).join('.')}.`,
  ],
  [
    'an unknown org',
    () => `Bearer ${jwt.sign({ ...validClaims, org: 'MAYOR' }, TEST_JWT_SECRET, { expiresIn: '1h' })}`,
  ],
  [
    'an org in lower case',
    () => `Bearer ${jwt.sign({ ...validClaims, org: 'hrss' }, TEST_JWT_SECRET, { expiresIn: '1h' })}`,
  ],
  [
    'a non-Benxi district (210100 Shenyang)',
    () => `Bearer ${jwt.sign({ ...validClaims, district: '210100' }, TEST_JWT_SECRET, { expiresIn: '1h' })}`,
  ],
  [
    'the placeholder district 210501',
    () => `Bearer ${jwt.sign({ ...validClaims, district: '210501' }, TEST_JWT_SECRET, { expiresIn: '1h' })}`,
  ],
  [
    'a district given as a number',
    () => `Bearer ${jwt.sign({ ...validClaims, district: 210500 }, TEST_JWT_SECRET, { expiresIn: '1h' })}`,
  ],
  [
    'no district claim',
    () => `Bearer ${jwt.sign({ sub: 'probe', org: 'HRSS' }, TEST_JWT_SECRET, { expiresIn: '1h' })}`,
  ],
  [
    'no sub claim',
    () => `Bearer ${jwt.sign({ org: 'HRSS', district: '210500' }, TEST_JWT_SECRET, { expiresIn: '1h' })}`,
  ],
  [
    'a BANK token without a bank claim',
    () => `Bearer ${jwt.sign({ ...validClaims, org: 'BANK' }, TEST_JWT_SECRET, { expiresIn: '1h' })}`,
  ],
  [
    'a CONTRACTOR token without a uscc claim',
    () => `Bearer ${jwt.sign({ ...validClaims, org: 'CONTRACTOR' }, TEST_JWT_SECRET, { expiresIn: '1h' })}`,
  ],
];

// The scorecard (R22) counts the same library each caller sees; firms, banks and the credit
// platform are refused it outright.
describe('scorecard per caller', () => {
  test.each(READERS)('$who: the scorecard counts exactly its projects', async ({ claims, sees }) => {
    const res = await asCaller(
      claims,
      `{ scorecard(period: { year: 2026 }, evidence: 100) { k1 { projects } k2 { registered withoutEvidence { ids } } } }`,
    );
    if (['BANK', 'CONTRACTOR', 'CREDIT_PLATFORM'].includes(claims.org)) {
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      return;
    }
    expect(res.errors).toBeUndefined();
    expect(res.data.scorecard.k1.projects).toBe(sees.length);
    expect(res.data.scorecard.k2.registered).toBe(sees.length);
    const ids = new Set(sees.map((k) => idOf[k]));
    for (const id of res.data.scorecard.k2.withoutEvidence.ids) expect(ids.has(id)).toBe(true);
  });
});

describe('no token, or a bad one: UNAUTHENTICATED', () => {
  test.each(BAD_AUTHORIZATION)('%s: projects', async (_label, header) => {
    const res = await gqlWithHeader(header(), PROJECT_IDS);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data ?? null).toBeNull(); // refused before execution: no data at all
  });

  test.each(BAD_AUTHORIZATION)('%s: project(id:)', async (_label, header) => {
    const id = idOf.PINGSHAN_HOUSING;
    const res = await gqlWithHeader(header(), `query($id: ID!) { project(id: $id) { id name } }`, { id });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data?.project ?? null).toBeNull();
    expect(JSON.stringify(res)).not.toContain('PINGSHAN_HOUSING 工程');
  });

  test.each(BAD_AUTHORIZATION)('%s: registerProject stores nothing', async (_label, header) => {
    const name = `unauthenticated attempt ${Math.random()}`;
    const res = await gqlWithHeader(
      header(),
      `mutation($i: ProjectInput!) { registerProject(input: $i) { id } }`,
      {
        i: {
          name,
          districtCode: '210502',
          industry: 'HOUSING',
          ownerUscc: OWNER,
          contractorUscc: CONTRACTOR_1,
          contractPrice: '1.00',
          contractSignedOn: '2026-01-10',
        },
      },
    );
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(await countRows(`select 1 from project where name = $1`, [name])).toBe(0);
  });

  // The contract lists `exp` among the claims every token carries: one without it would never expire.
  test('a token without exp is refused', async () => {
    const res = await gqlWithHeader(
      `Bearer ${jwt.sign(validClaims, TEST_JWT_SECRET, { algorithm: 'HS256' })}`,
      PROJECT_IDS,
    );
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });
});

// ---------------------------------------------------------------------------------------------
// A filter narrows within the scope; it never widens it
// ---------------------------------------------------------------------------------------------

interface FilteredRead {
  who: string;
  claims: Claims;
  filter: Record<string, string>;
  sees: readonly ProjectKey[];
}

const FILTERED: FilteredRead[] = [
  {
    who: 'district HRSS 210502 asks for 210503',
    claims: { org: 'HRSS', district: '210502' },
    filter: { districtCode: '210503' },
    sees: NONE,
  },
  {
    who: 'district HRSS 210502 asks for its own district',
    claims: { org: 'HRSS', district: '210502' },
    filter: { districtCode: '210502' },
    sees: ['PINGSHAN_HOUSING', 'PINGSHAN_TRANSPORT', 'PINGSHAN_OTHER'],
  },
  {
    who: 'district HRSS 210502 asks for the city code',
    claims: { org: 'HRSS', district: '210502' },
    filter: { districtCode: '210500' },
    sees: NONE,
  },
  {
    who: 'HOUSING 210502 asks for TRANSPORT',
    claims: { org: 'HOUSING', district: '210502' },
    filter: { industry: 'TRANSPORT' },
    sees: NONE,
  },
  {
    who: 'HOUSING 210502 asks for HOUSING in 210503',
    claims: { org: 'HOUSING', district: '210502' },
    filter: { districtCode: '210503', industry: 'HOUSING' },
    sees: NONE,
  },
  {
    who: 'HOUSING city asks for WATER',
    claims: { org: 'HOUSING', district: '210500' },
    filter: { industry: 'WATER' },
    sees: NONE,
  },
  {
    who: 'POLICE 210503 asks for a 210502 project by name',
    claims: { org: 'POLICE', district: '210503' },
    filter: { nameContains: 'PINGSHAN' },
    sees: NONE,
  },
  {
    who: 'BANK A asks for contractor 2',
    claims: { org: 'BANK', bank: BANK_A },
    filter: { contractorUscc: CONTRACTOR_2 },
    sees: ['COUNTY_BENGANG'],
  },
  {
    who: 'BANK A asks for 210502 TRANSPORT (held at bank B)',
    claims: { org: 'BANK', bank: BANK_A },
    filter: { districtCode: '210502', industry: 'TRANSPORT' },
    sees: NONE,
  },
  {
    who: 'CONTRACTOR 1 asks for contractor 2',
    claims: { org: 'CONTRACTOR', uscc: CONTRACTOR_1 },
    filter: { contractorUscc: CONTRACTOR_2 },
    sees: NONE,
  },
  {
    who: 'CREDIT_PLATFORM asks for 210502',
    claims: { org: 'CREDIT_PLATFORM' },
    filter: { districtCode: '210502' },
    sees: NONE,
  },
  {
    who: 'city HRSS asks for 210503 (the filter works)',
    claims: { org: 'HRSS', district: '210500' },
    filter: { districtCode: '210503' },
    sees: ['XIHU_TRANSPORT', 'XIHU_HOUSING', 'XIHU_WATER'],
  },
  {
    who: 'city HRSS asks for contractor 1 in lower case',
    claims: { org: 'HRSS', district: '210500' },
    filter: { contractorUscc: CONTRACTOR_1.toLowerCase(), industry: 'HOUSING' },
    sees: ['PINGSHAN_HOUSING', 'MINGSHAN_HOUSING'],
  },
];

describe('the filter argument cannot widen scope', () => {
  test.each(FILTERED)('$who', async ({ claims, filter, sees }) => {
    expectExactly(await asCaller(claims, PROJECT_IDS, { filter }), sees);
  });
});

// ---------------------------------------------------------------------------------------------
// Who may register what. These run last: the writes they allow add projects, which the exact
// list assertions above must not see.
// ---------------------------------------------------------------------------------------------

type Outcome = 'OK' | 'FORBIDDEN' | 'FORBIDDEN or NOT_FOUND';

interface Write {
  who: string;
  claims: Claims;
  outcome: Outcome;
}

/** Asserts the outcome; for a refusal, that the answer carries no data. */
function expectOutcome(res: GqlResult<any>, outcome: Outcome, field: string): void {
  if (outcome === 'OK') {
    expect(res.errors).toBeUndefined();
    expect(res.data?.[field]).toBeTruthy();
    return;
  }
  const allowed = outcome === 'FORBIDDEN' ? ['FORBIDDEN'] : ['FORBIDDEN', 'NOT_FOUND'];
  expect(res.errors).toHaveLength(1);
  expect(allowed).toContain(res.errors![0].extensions?.code);
  expect(res.data?.[field] ?? null).toBeNull();
}

const CITY_HRSS: Claims = { org: 'HRSS', district: '210500' };
const PINGSHAN_HRSS: Claims = { org: 'HRSS', district: '210502' };
const CITY_HOUSING: Claims = { org: 'HOUSING', district: '210500' };
const PINGSHAN_HOUSING_AUTHORITY: Claims = { org: 'HOUSING', district: '210502' };
const BANK_A_CALLER: Claims = { org: 'BANK', bank: BANK_A };
const CONTRACTOR_1_CALLER: Claims = { org: 'CONTRACTOR', uscc: CONTRACTOR_1 };
const CREDIT_PLATFORM: Claims = { org: 'CREDIT_PLATFORM' };

describe('registerBank: city HRSS only', () => {
  const rows: Write[] = [
    { who: 'city HRSS', claims: CITY_HRSS, outcome: 'OK' },
    { who: 'district HRSS 210502', claims: PINGSHAN_HRSS, outcome: 'FORBIDDEN' },
    { who: 'HOUSING, city level', claims: CITY_HOUSING, outcome: 'FORBIDDEN' },
    { who: 'PBOC, city level', claims: { org: 'PBOC' }, outcome: 'FORBIDDEN' },
    { who: 'BANK A', claims: BANK_A_CALLER, outcome: 'FORBIDDEN' },
    { who: 'CONTRACTOR 1', claims: CONTRACTOR_1_CALLER, outcome: 'FORBIDDEN' },
    { who: 'CREDIT_PLATFORM', claims: CREDIT_PLATFORM, outcome: 'FORBIDDEN' },
  ];
  test.each(rows)('$who: $outcome', async ({ who, claims, outcome }) => {
    const code = `W_${who.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`.slice(0, 32);
    const res = await asCaller(claims, `mutation($i: BankInput!) { registerBank(input: $i) { code } }`, {
      i: { code, name: '测试银行', webhookSecret: newWebhookSecret() },
    });
    expectOutcome(res, outcome, 'registerBank');
    expect(await countRows(`select 1 from bank where code = $1`, [code])).toBe(outcome === 'OK' ? 1 : 0);
  });
});

describe('registerEnterprise: HRSS and the industry authorities', () => {
  const rows: Write[] = [
    { who: 'city HRSS', claims: CITY_HRSS, outcome: 'OK' },
    { who: 'district HRSS 210502', claims: PINGSHAN_HRSS, outcome: 'OK' },
    { who: 'HOUSING 210502', claims: PINGSHAN_HOUSING_AUTHORITY, outcome: 'OK' },
    {
      who: "POLICE 210503 (the hub's design: not a registrar)",
      claims: { org: 'POLICE', district: '210503' },
      outcome: 'FORBIDDEN',
    },
    { who: 'BANK A', claims: BANK_A_CALLER, outcome: 'FORBIDDEN' },
    { who: 'CONTRACTOR 1', claims: CONTRACTOR_1_CALLER, outcome: 'FORBIDDEN' },
    { who: 'CREDIT_PLATFORM', claims: CREDIT_PLATFORM, outcome: 'FORBIDDEN' },
  ];
  test.each(rows)('$who: $outcome', async ({ claims, outcome }) => {
    const uscc = freshUscc();
    const res = await asCaller(
      claims,
      `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`,
      {
        i: { uscc, name: '本溪测试企业有限公司' },
      },
    );
    expectOutcome(res, outcome, 'registerEnterprise');
    expect(await countRows(`select 1 from enterprise where uscc = $1`, [uscc])).toBe(
      outcome === 'OK' ? 1 : 0,
    );
  });
});

describe('registerProject: only where the registrar could then see it', () => {
  const rows: (Write & { district: string; industry: Industry })[] = [
    {
      who: 'city HRSS, 210522 OTHER',
      claims: CITY_HRSS,
      district: '210522',
      industry: 'OTHER',
      outcome: 'OK',
    },
    {
      who: 'district HRSS 210502, in 210502',
      claims: PINGSHAN_HRSS,
      district: '210502',
      industry: 'WATER',
      outcome: 'OK',
    },
    {
      who: 'district HRSS 210502, in 210503',
      claims: PINGSHAN_HRSS,
      district: '210503',
      industry: 'HOUSING',
      outcome: 'FORBIDDEN',
    },
    {
      who: 'HOUSING 210502, HOUSING in 210502',
      claims: PINGSHAN_HOUSING_AUTHORITY,
      district: '210502',
      industry: 'HOUSING',
      outcome: 'OK',
    },
    {
      who: 'HOUSING 210502, TRANSPORT in 210502',
      claims: PINGSHAN_HOUSING_AUTHORITY,
      district: '210502',
      industry: 'TRANSPORT',
      outcome: 'FORBIDDEN',
    },
    {
      who: 'HOUSING 210502, HOUSING in 210503',
      claims: PINGSHAN_HOUSING_AUTHORITY,
      district: '210503',
      industry: 'HOUSING',
      outcome: 'FORBIDDEN',
    },
    {
      who: 'HOUSING city, HOUSING in 210521',
      claims: CITY_HOUSING,
      district: '210521',
      industry: 'HOUSING',
      outcome: 'OK',
    },
    {
      who: 'HOUSING city, WATER in 210521',
      claims: CITY_HOUSING,
      district: '210521',
      industry: 'WATER',
      outcome: 'FORBIDDEN',
    },
    {
      who: 'TRANSPORT 210503, OTHER in 210503',
      claims: { org: 'TRANSPORT', district: '210503' },
      district: '210503',
      industry: 'OTHER',
      outcome: 'FORBIDDEN',
    },
    {
      who: 'BENGANG city, HOUSING in 210521',
      claims: { org: 'BENGANG' },
      district: '210521',
      industry: 'HOUSING',
      outcome: 'FORBIDDEN',
    },
    {
      who: "POLICE 210503, in 210503 (the hub's design)",
      claims: { org: 'POLICE', district: '210503' },
      district: '210503',
      industry: 'OTHER',
      outcome: 'FORBIDDEN',
    },
    { who: 'BANK A', claims: BANK_A_CALLER, district: '210502', industry: 'HOUSING', outcome: 'FORBIDDEN' },
    {
      who: 'CONTRACTOR 1, as its own contractor',
      claims: CONTRACTOR_1_CALLER,
      district: '210502',
      industry: 'HOUSING',
      outcome: 'FORBIDDEN',
    },
    {
      who: 'CREDIT_PLATFORM',
      claims: CREDIT_PLATFORM,
      district: '210502',
      industry: 'HOUSING',
      outcome: 'FORBIDDEN',
    },
  ];
  test.each(rows)('$who: $outcome', async ({ who, claims, district, industry, outcome }) => {
    const name = `write matrix: ${who}`;
    const res = await asCaller(
      claims,
      `mutation($i: ProjectInput!) { registerProject(input: $i) { id districtCode industry } }`,
      {
        i: {
          name,
          districtCode: district,
          industry,
          ownerUscc: OWNER,
          contractorUscc: CONTRACTOR_1,
          contractPrice: '1000.00',
          contractSignedOn: '2026-03-01',
        },
      },
    );
    expectOutcome(res, outcome, 'registerProject');
    if (outcome === 'OK') {
      expect(res.data.registerProject).toMatchObject({ districtCode: district, industry });
      // and the registrar sees what it registered
      const back = await asCaller(claims, `query($id: ID!) { project(id: $id) { id } }`, {
        id: res.data.registerProject.id,
      });
      expect(back.data?.project?.id).toBe(res.data.registerProject.id);
    }
    const stored = await admin(`query($f: ProjectFilter) { projects(filter: $f) { totalCount } }`, {
      f: { nameContains: name },
    });
    expect(stored.projects.totalCount).toBe(outcome === 'OK' ? 1 : 0);
  });
});

describe('registerTripartiteAgreement: registrars, on projects they see', () => {
  /** A fresh 210502 HOUSING project by contractor 1, no agreement yet. */
  async function freshProject(): Promise<string> {
    const res = await admin(`mutation($i: ProjectInput!) { registerProject(input: $i) { id } }`, {
      i: {
        name: 'agreement write matrix',
        districtCode: '210502',
        industry: 'HOUSING',
        ownerUscc: OWNER,
        contractorUscc: CONTRACTOR_1,
        contractPrice: '1000.00',
        contractSignedOn: '2026-03-01',
      },
    });
    return res.registerProject.id;
  }

  const rows: Write[] = [
    { who: 'city HRSS', claims: CITY_HRSS, outcome: 'OK' },
    { who: 'district HRSS 210502 (its district)', claims: PINGSHAN_HRSS, outcome: 'OK' },
    { who: 'HOUSING 210502 (its district and industry)', claims: PINGSHAN_HOUSING_AUTHORITY, outcome: 'OK' },
    {
      who: 'district HRSS 210503 (another district)',
      claims: { org: 'HRSS', district: '210503' },
      outcome: 'FORBIDDEN or NOT_FOUND',
    },
    {
      who: 'TRANSPORT city (another industry)',
      claims: { org: 'TRANSPORT' },
      outcome: 'FORBIDDEN or NOT_FOUND',
    },
    {
      who: 'POLICE 210502 (sees it, is no registrar)',
      claims: { org: 'POLICE', district: '210502' },
      outcome: 'FORBIDDEN',
    },
    { who: 'BANK A', claims: BANK_A_CALLER, outcome: 'FORBIDDEN or NOT_FOUND' },
    { who: 'CONTRACTOR 1 (its own project)', claims: CONTRACTOR_1_CALLER, outcome: 'FORBIDDEN' },
    { who: 'CREDIT_PLATFORM', claims: CREDIT_PLATFORM, outcome: 'FORBIDDEN or NOT_FOUND' },
  ];
  test.each(rows)('$who: $outcome', async ({ who, claims, outcome }) => {
    const projectId = await freshProject();
    const accountNo = `W-${who.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
    const res = await asCaller(
      claims,
      `mutation($i: TripartiteAgreementInput!) { registerTripartiteAgreement(input: $i) { id project { id } } }`,
      {
        i: {
          projectId,
          bankCode: BANK_A,
          accountNo,
          laborCostPerCycle: '1000.00',
          dueDay: 10,
          startsOn: '2026-04-01',
        },
      },
    );
    expectOutcome(res, outcome, 'registerTripartiteAgreement');
    if (outcome === 'OK') expect(res.data.registerTripartiteAgreement.project.id).toBe(projectId);
    const back = await admin(`query($id: ID!) { project(id: $id) { agreement { accountNo } } }`, {
      id: projectId,
    });
    expect(back.project.agreement).toEqual(outcome === 'OK' ? { accountNo } : null);
    expect(await countRows(`select 1 from special_account where account_no = $1`, [accountNo])).toBe(
      outcome === 'OK' ? 1 : 0,
    );
  });

  test('a bank cannot register a supplementary agreement even on an account it holds', async () => {
    const projectId = idOf.PINGSHAN_HOUSING;
    const before = await countRows(`select 1 from tripartite_agreement where project_id = $1`, [projectId]);
    const res = await asCaller(
      BANK_A_CALLER,
      `mutation($i: TripartiteAgreementInput!) { registerTripartiteAgreement(input: $i) { id } }`,
      {
        i: {
          projectId,
          bankCode: BANK_A,
          accountNo: accountNoOf('PINGSHAN_HOUSING'),
          laborCostPerCycle: '1.00',
          dueDay: 1,
          startsOn: '2026-09-01',
        },
      },
    );
    expectOutcome(res, 'FORBIDDEN', 'registerTripartiteAgreement');
    expect(await countRows(`select 1 from tripartite_agreement where project_id = $1`, [projectId])).toBe(
      before,
    );
  });
});
