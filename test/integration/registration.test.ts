/**
 * The registration mutations of the contract ("Core operations"), each with its happy path and its
 * refusals, through the public GraphQL API of a real hub. Every refusal is checked for its
 * `extensions.code`, for a message that names the field, and for having stored nothing (queried
 * back through the API where it can, or counted in the test database where the API has no reader,
 * as for enterprises and banks). Also: Money output, and `projects` pagination.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { uscc as withCheckCharacter, freshUscc, must, seedBasics } from '../support/fixtures';
import { newWebhookSecret, startTestHub, type GqlResult, type TestHub } from '../support/test-hub';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

let t: TestHub;
let admin: string; // city HRSS
let ownerUscc: string;
let contractorUscc: string;
let bankCode: string;

const PINGSHAN_HRSS = { org: 'HRSS', district: '210502' } as const;
const CITY_HOUSING = { org: 'HOUSING', district: '210500' } as const;

const REGISTER_ENTERPRISE = `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id uscc name } }`;
const REGISTER_BANK = `mutation($i: BankInput!) { registerBank(input: $i) { code name } }`;
const REGISTER_PROJECT = `mutation($i: ProjectInput!) { registerProject(input: $i) {
  id name districtCode industry owner { uscc } contractor { uscc } contractPrice contractSignedOn permitIssuedOn } }`;
const REGISTER_AGREEMENT = `mutation($i: TripartiteAgreementInput!) { registerTripartiteAgreement(input: $i) {
  id bankCode accountNo laborCostPerCycle dueDay startsOn endsOn creditedTotal project { id } } }`;
const PROJECT_AGREEMENT = `query($id: ID!) { project(id: $id) { agreement { id accountNo bankCode laborCostPerCycle startsOn creditedTotal } } }`;

const gql = (token: string, query: string, variables?: Record<string, unknown>) =>
  t.gql<any>(token, query, variables);

/** A refusal: one error with this code, whose message names the field, and no data for the mutation. */
function expectRefused(res: GqlResult<any>, code: string, field: string): void {
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect({
    code: error.extensions?.code,
    namesField: error.message.includes(field),
    message: error.message,
  }).toMatchObject({ code, namesField: true });
  if (res.data) for (const value of Object.values(res.data)) expect(value).toBeNull();
}

/** Rows in the test database: for what the API has no reader for (enterprises, banks, accounts). */
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

/** Projects named exactly so, as city HRSS sees them through the API. */
async function projectsNamed(name: string): Promise<number> {
  const res = await must(
    gql(admin, `query($f: ProjectFilter) { projects(filter: $f, first: 500) { edges { node { name } } } }`, {
      f: { nameContains: name },
    }),
  );
  return res.projects.edges.filter((e: { node: { name: string } }) => e.node.name === name).length;
}

const uniqueName = (what: string) => `${what} ${randomBytes(4).toString('hex')}`;
let accountCounter = 0;
const freshAccountNo = () => `6222-0707-${process.pid}-${++accountCounter}`;

function projectInput(overrides: Record<string, unknown> = {}) {
  return {
    name: uniqueName('平山区棚户区改造'),
    districtCode: '210502',
    industry: 'HOUSING',
    ownerUscc,
    contractorUscc,
    contractPrice: '12000000.00',
    contractSignedOn: '2026-01-10',
    permitIssuedOn: '2026-01-20',
    ...overrides,
  };
}

async function newProject(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await must(gql(admin, REGISTER_PROJECT, { i: projectInput(overrides) }));
  return res.registerProject.id;
}

function agreementInput(projectId: string, overrides: Record<string, unknown> = {}) {
  return {
    projectId,
    bankCode,
    accountNo: freshAccountNo(),
    laborCostPerCycle: '300000.00',
    dueDay: 15,
    startsOn: '2026-02-01',
    ...overrides,
  };
}

async function currentAgreement(projectId: string) {
  return (await must(gql(admin, PROJECT_AGREEMENT, { id: projectId }))).project.agreement;
}

/** Pushes CREDITs as the bank, through GraphQL. */
async function credit(accountNo: string, ...amounts: string[]): Promise<void> {
  const res = await must(
    t.gql<any>(
      t.token({ org: 'BANK', bank: bankCode }),
      `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted rejected { message } } }`,
      {
        e: amounts.map((amount) => ({
          bankEventId: `ev-${randomUUID()}`,
          accountNo,
          type: 'CREDIT',
          amount,
          bookedAt: '2026-02-10T09:30:00+08:00',
        })),
      },
    ),
  );
  expect(res.ingestAccountEvents).toEqual({ accepted: amounts.length, rejected: [] });
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const MONEY_OUT = /^\d+\.\d{2}$/;

beforeAll(async () => {
  t = await startTestHub();
  ({ admin, ownerUscc, contractorUscc, bankCode } = await seedBasics(t));
});

afterAll(async () => {
  await t?.close();
});

// ---------------------------------------------------------------------------------------------
// registerEnterprise
// ---------------------------------------------------------------------------------------------

/** Really issued (Fujian) and failing the GB 32100 check character; see shared/data/identifiers. */
const FUJIAN_CODE = '91350211M0000XUF46';

describe('registerEnterprise', () => {
  test('registers a valid code and returns it', async () => {
    const uscc = freshUscc();
    const res = await must(gql(admin, REGISTER_ENTERPRISE, { i: { uscc, name: '  本溪钢铁建设有限公司 ' } }));
    expect(res.registerEnterprise).toEqual({ id: expect.any(String), uscc, name: '本溪钢铁建设有限公司' });
    expect(await countRows(`select 1 from enterprise where uscc = $1 and uscc_check_verified`, [uscc])).toBe(
      1,
    );
  });

  test('lower-case input is stored upper-case, and is then the same enterprise', async () => {
    const uscc = withCheckCharacter('91210502MA0Q8L7K3');
    const res = await must(
      gql(admin, REGISTER_ENTERPRISE, { i: { uscc: uscc.toLowerCase(), name: '本溪小写测试有限公司' } }),
    );
    expect(res.registerEnterprise.uscc).toBe(uscc);
    expectRefused(await gql(admin, REGISTER_ENTERPRISE, { i: { uscc, name: 'again' } }), 'CONFLICT', 'uscc');
    // and a project may name it in either case
    const project = await must(
      gql(admin, REGISTER_PROJECT, { i: projectInput({ ownerUscc: uscc.toLowerCase() }) }),
    );
    expect(project.registerProject.owner.uscc).toBe(uscc);
  });

  test.each([
    ['17 characters', '91210500MA0Q8L7K3'],
    ['19 characters', '91210500MA0Q8L7K3XX'],
    ['an I (not in the alphabet)', '91210500MA0I8L7K3X'],
    ['an O', '91210500MA0O8L7K3X'],
    ['a Z', '91210500MA0Z8L7K3X'],
    ['an S', '91210500MA0S8L7K3X'],
    ['a V', '91210500MA0V8L7K3X'],
    ['a space inside', '91210500MA 08L7K3X'],
    ['a hyphen', '91210500-A08L7K3X1'],
    ['empty', ''],
  ])('bad format (%s): BAD_USER_INPUT on uscc, nothing stored', async (_label, uscc) => {
    expectRefused(
      await gql(admin, REGISTER_ENTERPRISE, { i: { uscc, name: '格式错误有限公司' } }),
      'BAD_USER_INPUT',
      'uscc',
    );
    expect(await countRows(`select 1 from enterprise where uscc = upper($1)`, [uscc])).toBe(0);
  });

  test('a failed check character: BAD_USER_INPUT on uscc that says so, nothing stored', async () => {
    const good = freshUscc();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await gql(admin, REGISTER_ENTERPRISE, { i: { uscc: bad, name: '校验位错误有限公司' } });
    expectRefused(res, 'BAD_USER_INPUT', 'uscc');
    expect(res.errors![0].message).toMatch(/check character/);
    expect(await countRows(`select 1 from enterprise where uscc = $1`, [bad])).toBe(0);
  });

  test('the Fujian code: refused without acceptFailedCheckCharacter, and from anyone but city HRSS', async () => {
    const input = { uscc: FUJIAN_CODE, name: '厦门某建设工程有限公司' };
    expectRefused(await gql(admin, REGISTER_ENTERPRISE, { i: input }), 'BAD_USER_INPUT', 'uscc');
    expectRefused(
      await gql(admin, REGISTER_ENTERPRISE, { i: { ...input, acceptFailedCheckCharacter: false } }),
      'BAD_USER_INPUT',
      'uscc',
    );
    for (const caller of [PINGSHAN_HRSS, CITY_HOUSING]) {
      expectRefused(
        await gql(t.token(caller), REGISTER_ENTERPRISE, {
          i: { ...input, acceptFailedCheckCharacter: true },
        }),
        'FORBIDDEN',
        'acceptFailedCheckCharacter',
      );
    }
    expect(await countRows(`select 1 from enterprise where uscc = $1`, [FUJIAN_CODE])).toBe(0);

    const res = await must(
      gql(admin, REGISTER_ENTERPRISE, { i: { ...input, acceptFailedCheckCharacter: true } }),
    );
    expect(res.registerEnterprise).toMatchObject({ uscc: FUJIAN_CODE, name: input.name });
    expect(
      await countRows(`select 1 from enterprise where uscc = $1 and not uscc_check_verified`, [FUJIAN_CODE]),
    ).toBe(1);
    // once registered, it is an enterprise like any other
    expectRefused(
      await gql(admin, REGISTER_ENTERPRISE, { i: { ...input, acceptFailedCheckCharacter: true } }),
      'CONFLICT',
      'uscc',
    );
    const project = await must(
      gql(admin, REGISTER_PROJECT, { i: projectInput({ contractorUscc: FUJIAN_CODE.toLowerCase() }) }),
    );
    expect(project.registerProject.contractor.uscc).toBe(FUJIAN_CODE);
  });

  test('a duplicate: CONFLICT on uscc, the first registration kept', async () => {
    const uscc = freshUscc();
    await must(gql(admin, REGISTER_ENTERPRISE, { i: { uscc, name: '第一家有限公司' } }));
    expectRefused(
      await gql(t.token(PINGSHAN_HRSS), REGISTER_ENTERPRISE, { i: { uscc, name: '第二家有限公司' } }),
      'CONFLICT',
      'uscc',
    );
    expect(
      await countRows(`select 1 from enterprise where uscc = $1 and name = '第一家有限公司'`, [uscc]),
    ).toBe(1);
    expect(await countRows(`select 1 from enterprise where uscc = $1`, [uscc])).toBe(1);
  });

  test('an empty name: BAD_USER_INPUT on name, nothing stored', async () => {
    const uscc = freshUscc();
    expectRefused(
      await gql(admin, REGISTER_ENTERPRISE, { i: { uscc, name: '   ' } }),
      'BAD_USER_INPUT',
      'name',
    );
    expect(await countRows(`select 1 from enterprise where uscc = $1`, [uscc])).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// registerBank
// ---------------------------------------------------------------------------------------------

const secretOf = (bytes: number) => `whsec_${randomBytes(bytes).toString('base64')}`;

describe('registerBank', () => {
  test('registers a bank and returns its code and name only', async () => {
    const secret = newWebhookSecret();
    const res = await gql(admin, REGISTER_BANK, {
      i: { code: 'CCB_BENXI', name: '中国建设银行本溪分行', webhookSecret: secret },
    });
    expect(res).toEqual({ data: { registerBank: { code: 'CCB_BENXI', name: '中国建设银行本溪分行' } } });
    expect(JSON.stringify(res)).not.toContain(secret.slice(6));
  });

  test.each(['icbc_benxi', 'A', 'ICBC-BENXI', 'ICBC BENXI', 'X'.repeat(33), '', '工行'])(
    'bad code %j: BAD_USER_INPUT on code, nothing stored',
    async (code) => {
      expectRefused(
        await gql(admin, REGISTER_BANK, { i: { code, name: '某银行', webhookSecret: newWebhookSecret() } }),
        'BAD_USER_INPUT',
        'code',
      );
      expect(await countRows(`select 1 from bank where code = $1`, [code])).toBe(0);
    },
  );

  test.each([
    ['not whsec_ at all', 'secret'],
    ['no whsec_ prefix', randomBytes(32).toString('base64')],
    ['too short (16 bytes)', secretOf(16)],
    ['too long (65 bytes)', secretOf(65)],
    ['not base64', 'whsec_!!!!not-base64!!!!not-base64!!!!not-base64'],
    ['empty key', 'whsec_'],
  ])(
    'bad webhookSecret (%s): BAD_USER_INPUT on webhookSecret, not echoed, nothing stored',
    async (_label, webhookSecret) => {
      const code = `BAD_SECRET_${randomBytes(3).toString('hex').toUpperCase()}`;
      const res = await gql(admin, REGISTER_BANK, { i: { code, name: '某银行', webhookSecret } });
      expectRefused(res, 'BAD_USER_INPUT', 'webhookSecret');
      if (webhookSecret.length > 6) expect(res.errors![0].message).not.toContain(webhookSecret);
      expect(await countRows(`select 1 from bank where code = $1`, [code])).toBe(0);
    },
  );

  test('a duplicate: CONFLICT on code, the first secret kept', async () => {
    const first = newWebhookSecret();
    await must(
      gql(admin, REGISTER_BANK, { i: { code: 'BOC_BENXI', name: '中国银行本溪分行', webhookSecret: first } }),
    );
    const second = newWebhookSecret();
    const res = await gql(admin, REGISTER_BANK, {
      i: { code: 'BOC_BENXI', name: '冒名银行', webhookSecret: second },
    });
    expectRefused(res, 'CONFLICT', 'code');
    expect(JSON.stringify(res)).not.toContain(second.slice(6));
    expect(
      await countRows(
        `select 1 from bank where code = 'BOC_BENXI' and webhook_secret = $1 and name = '中国银行本溪分行'`,
        [first],
      ),
    ).toBe(1);
  });

  test('district HRSS: FORBIDDEN, nothing stored', async () => {
    const res = await gql(t.token(PINGSHAN_HRSS), REGISTER_BANK, {
      i: { code: 'ABC_PINGSHAN', name: '农行平山支行', webhookSecret: newWebhookSecret() },
    });
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await countRows(`select 1 from bank where code = 'ABC_PINGSHAN'`, [])).toBe(0);
  });

  test('the schema has no way to read a secret back: Bank is { code name }, no output field holds a secret', async () => {
    const res = await must(gql(admin, `{ __schema { types { name kind fields { name } } } }`));
    const types: { name: string; kind: string; fields: { name: string }[] | null }[] = res.__schema.types;
    const bank = types.find((ty) => ty.name === 'Bank')!;
    // Fields may be added (the contract allows it); none of them may be the secret.
    expect(bank.fields!.map((f) => f.name)).toEqual(expect.arrayContaining(['code', 'name']));
    expect(bank.fields!.map((f) => f.name)).not.toContain('webhookSecret');
    const secretFields = types
      .filter((ty) => ty.kind === 'OBJECT' && !ty.name.startsWith('__'))
      .flatMap((ty) => (ty.fields ?? []).map((f) => `${ty.name}.${f.name}`))
      .filter((f) => /secret|whsec/i.test(f))
      // the rotation answers its caller once with a secret the hub generated; nothing reads one back
      .filter((f) => f !== 'Mutation.rotateBankWebhookSecret' && !f.startsWith('BankWebhookSecretRotation.'));
    expect(secretFields).toEqual([]);
    const asked = await gql(
      admin,
      `mutation($i: BankInput!) { registerBank(input: $i) { code webhookSecret } }`,
      {
        i: { code: 'NEVER_STORED', name: 'x', webhookSecret: newWebhookSecret() },
      },
    );
    expect(asked.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await countRows(`select 1 from bank where code = 'NEVER_STORED'`, [])).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// registerProject
// ---------------------------------------------------------------------------------------------

describe('registerProject', () => {
  test('registers a project and returns every field', async () => {
    const input = projectInput({ contractPrice: '12000000.5', permitIssuedOn: null });
    const res = await must(gql(admin, REGISTER_PROJECT, { i: input }));
    expect(res.registerProject).toEqual({
      id: expect.any(String),
      name: input.name,
      districtCode: '210502',
      industry: 'HOUSING',
      owner: { uscc: ownerUscc },
      contractor: { uscc: contractorUscc },
      contractPrice: '12000000.50',
      contractSignedOn: '2026-01-10',
      permitIssuedOn: null,
    });
    expect(await projectsNamed(input.name)).toBe(1);
  });

  test.each([
    ['210100 (Shenyang)', '210100'],
    ['210500 (the city itself)', '210500'],
    ['210501 (statistical placeholder)', '210501'],
    ['five digits', '21050'],
    ['letters', 'toString'],
    ['empty', ''],
  ])('districtCode %s: BAD_USER_INPUT on districtCode, nothing stored', async (_label, districtCode) => {
    const input = projectInput({ districtCode });
    expectRefused(await gql(admin, REGISTER_PROJECT, { i: input }), 'BAD_USER_INPUT', 'districtCode');
    expect(await projectsNamed(input.name)).toBe(0);
  });

  test.each(['ownerUscc', 'contractorUscc'])(
    'an unregistered %s: BAD_USER_INPUT naming it, nothing stored',
    async (field) => {
      const input = projectInput({ [field]: freshUscc() });
      expectRefused(await gql(admin, REGISTER_PROJECT, { i: input }), 'BAD_USER_INPUT', field);
      expect(await projectsNamed(input.name)).toBe(0);
    },
  );

  test.each<[string, unknown]>([
    ['exponent "1e5"', '1e5'],
    ['negative "-5"', '-5'],
    ['three decimals "1.234"', '1.234'],
    ['a float 5.5 as a variable', 5.5],
    ['an integer 5 as a variable', 5],
    ['empty ""', ''],
    ['leading space " 5"', ' 5'],
    ['thousands separator "1,000.00"', '1,000.00'],
    ['hex "0x10"', '0x10'],
    ['"NaN"', 'NaN'],
    ['"Infinity"', 'Infinity'],
    ['leading zero "007.00"', '007.00'],
    ['trailing dot "5."', '5.'],
    ['plus sign "+5"', '+5'],
    ['above the maximum', '1000000000000.00'],
    ['null', null],
  ])(
    'contractPrice %s: BAD_USER_INPUT naming contractPrice, nothing stored',
    async (_label, contractPrice) => {
      const input = projectInput({ contractPrice });
      expectRefused(await gql(admin, REGISTER_PROJECT, { i: input }), 'BAD_USER_INPUT', 'contractPrice');
      expect(await projectsNamed(input.name)).toBe(0);
    },
  );

  test.each([
    ['contractSignedOn', '2026-02-30'],
    ['contractSignedOn', '2025-02-29'],
    ['contractSignedOn', '2026-13-01'],
    ['contractSignedOn', '2026-2-3'],
    ['contractSignedOn', '20260203'],
    ['contractSignedOn', '2026-02-03T00:00:00+08:00'],
    ['permitIssuedOn', '2026-04-31'],
    ['permitIssuedOn', '2026-00-10'],
  ])('%s %j: BAD_USER_INPUT naming it, nothing stored', async (field, date) => {
    const input = projectInput({ [field]: date });
    expectRefused(await gql(admin, REGISTER_PROJECT, { i: input }), 'BAD_USER_INPUT', field);
    expect(await projectsNamed(input.name)).toBe(0);
  });

  test('a leap day is a real date', async () => {
    const res = await must(
      gql(admin, REGISTER_PROJECT, { i: projectInput({ contractSignedOn: '2028-02-29' }) }),
    );
    expect(res.registerProject.contractSignedOn).toBe('2028-02-29');
  });

  test('an empty name: BAD_USER_INPUT on name', async () => {
    expectRefused(
      await gql(admin, REGISTER_PROJECT, { i: projectInput({ name: ' ' }) }),
      'BAD_USER_INPUT',
      'name',
    );
  });

  // Written inline, a bad Money fails GraphQL validation, not a resolver: the answer must still be
  // BAD_USER_INPUT and name the field, as for a variable.
  test('a malformed Money written inline: BAD_USER_INPUT naming contractPrice', async () => {
    const res = await gql(
      admin,
      `mutation { registerProject(input: {
      name: "inline", districtCode: "210502", industry: HOUSING, ownerUscc: "${ownerUscc}", contractorUscc: "${contractorUscc}",
      contractPrice: "-5", contractSignedOn: "2026-01-10" }) { id } }`,
    );
    expectRefused(res, 'BAD_USER_INPUT', 'contractPrice');
  });
});

// ---------------------------------------------------------------------------------------------
// registerTripartiteAgreement
// ---------------------------------------------------------------------------------------------

describe('registerTripartiteAgreement', () => {
  test('registers an agreement and returns every field', async () => {
    const projectId = await newProject();
    const input = agreementInput(projectId, { laborCostPerCycle: '300000', endsOn: '2027-12-31' });
    const res = await must(gql(admin, REGISTER_AGREEMENT, { i: input }));
    expect(res.registerTripartiteAgreement).toEqual({
      id: expect.any(String),
      bankCode,
      accountNo: input.accountNo,
      laborCostPerCycle: '300000.00',
      dueDay: 15,
      startsOn: '2026-02-01',
      endsOn: '2027-12-31',
      creditedTotal: '0.00',
      project: { id: projectId },
    });
    expect((await currentAgreement(projectId)).id).toBe(res.registerTripartiteAgreement.id);
  });

  test('events the bank sent before the agreement join it on registration', async () => {
    const projectId = await newProject();
    const accountNo = freshAccountNo();
    await credit(accountNo, '150000.25');
    const res = await must(gql(admin, REGISTER_AGREEMENT, { i: agreementInput(projectId, { accountNo }) }));
    expect(res.registerTripartiteAgreement.creditedTotal).toBe('150000.25');
  });

  describe('refusals store nothing', () => {
    let projectId: string;
    beforeAll(async () => {
      projectId = await newProject();
    });
    afterEach(async () => {
      expect(await currentAgreement(projectId)).toBeNull();
    });

    test.each<[string, string, string, Record<string, unknown>]>([
      ['dueDay 0', 'BAD_USER_INPUT', 'dueDay', { dueDay: 0 }],
      ['dueDay 29', 'BAD_USER_INPUT', 'dueDay', { dueDay: 29 }],
      ['dueDay -1', 'BAD_USER_INPUT', 'dueDay', { dueDay: -1 }],
      ['laborCostPerCycle "0.00"', 'BAD_USER_INPUT', 'laborCostPerCycle', { laborCostPerCycle: '0.00' }],
      ['laborCostPerCycle "0"', 'BAD_USER_INPUT', 'laborCostPerCycle', { laborCostPerCycle: '0' }],
      ['laborCostPerCycle "-1.00"', 'BAD_USER_INPUT', 'laborCostPerCycle', { laborCostPerCycle: '-1.00' }],
      [
        'laborCostPerCycle 300000 (a number)',
        'BAD_USER_INPUT',
        'laborCostPerCycle',
        { laborCostPerCycle: 300000 },
      ],
      [
        'endsOn before startsOn',
        'BAD_USER_INPUT',
        'endsOn',
        { startsOn: '2026-03-01', endsOn: '2026-02-28' },
      ],
      ['startsOn 2026-02-30', 'BAD_USER_INPUT', 'startsOn', { startsOn: '2026-02-30' }],
      ['endsOn 2026-06-31', 'BAD_USER_INPUT', 'endsOn', { endsOn: '2026-06-31' }],
      ['accountNo too short', 'BAD_USER_INPUT', 'accountNo', { accountNo: 'ab1' }],
      ['accountNo with a space', 'BAD_USER_INPUT', 'accountNo', { accountNo: '6222 0707 0001' }],
      ['accountNo in Chinese', 'BAD_USER_INPUT', 'accountNo', { accountNo: '专户账号00001' }],
      ['an unknown bank', 'BAD_USER_INPUT', 'bankCode', { bankCode: 'NO_SUCH_BANK' }],
    ])('%s: %s naming %s', async (_label, code, field, overrides) => {
      const input = agreementInput(projectId, overrides);
      expectRefused(await gql(admin, REGISTER_AGREEMENT, { i: input }), code, field);
      expect(await countRows(`select 1 from special_account where account_no = $1`, [input.accountNo])).toBe(
        0,
      );
    });

    test.each([
      ['a random UUID', '00000000-0000-4000-8000-000000000000'],
      ['not a UUID', 'project-1'],
    ])('an unknown project id (%s): NOT_FOUND naming projectId', async (_label, unknownId) => {
      const input = agreementInput(unknownId);
      expectRefused(await gql(admin, REGISTER_AGREEMENT, { i: input }), 'NOT_FOUND', 'projectId');
      expect(await countRows(`select 1 from special_account where account_no = $1`, [input.accountNo])).toBe(
        0,
      );
    });
  });

  test('a second agreement with a different account for the same project: CONFLICT, the first stays current', async () => {
    const projectId = await newProject();
    const first = await must(gql(admin, REGISTER_AGREEMENT, { i: agreementInput(projectId) }));
    const otherAccount = agreementInput(projectId, { startsOn: '2026-06-01' });
    expectRefused(await gql(admin, REGISTER_AGREEMENT, { i: otherAccount }), 'CONFLICT', 'accountNo');
    expect(
      await countRows(`select 1 from special_account where account_no = $1`, [otherAccount.accountNo]),
    ).toBe(0);
    expect((await currentAgreement(projectId)).id).toBe(first.registerTripartiteAgreement.id);
    expect(await countRows(`select 1 from tripartite_agreement where project_id = $1`, [projectId])).toBe(1);
  });

  test('the same account number at another bank: CONFLICT (one account per project)', async () => {
    const projectId = await newProject();
    const first = await must(gql(admin, REGISTER_AGREEMENT, { i: agreementInput(projectId) }));
    const otherBank = `OTHER_${randomBytes(3).toString('hex').toUpperCase()}`;
    await must(
      gql(admin, REGISTER_BANK, {
        i: { code: otherBank, name: '另一家银行', webhookSecret: newWebhookSecret() },
      }),
    );
    const input = agreementInput(projectId, {
      bankCode: otherBank,
      accountNo: first.registerTripartiteAgreement.accountNo,
      startsOn: '2026-06-01',
    });
    expectRefused(await gql(admin, REGISTER_AGREEMENT, { i: input }), 'CONFLICT', 'accountNo');
    expect(await countRows(`select 1 from special_account where bank_code = $1`, [otherBank])).toBe(0);
    expect((await currentAgreement(projectId)).bankCode).toBe(bankCode);
  });

  test('an account already used by another project: CONFLICT, the other project gets no agreement', async () => {
    const [taken, other] = [await newProject(), await newProject()];
    const first = await must(gql(admin, REGISTER_AGREEMENT, { i: agreementInput(taken) }));
    const input = agreementInput(other, { accountNo: first.registerTripartiteAgreement.accountNo });
    expectRefused(await gql(admin, REGISTER_AGREEMENT, { i: input }), 'CONFLICT', 'accountNo');
    expect(await currentAgreement(other)).toBeNull();
    expect(await countRows(`select 1 from special_account where account_no = $1`, [input.accountNo])).toBe(1);
  });

  test('a supplementary agreement on the same account is accepted and is current once it starts later', async () => {
    const projectId = await newProject();
    const accountNo = freshAccountNo();
    const original = await must(
      gql(admin, REGISTER_AGREEMENT, { i: agreementInput(projectId, { accountNo }) }),
    );
    await credit(accountNo, '100.10', '0.90');
    const supplementary = await must(
      gql(admin, REGISTER_AGREEMENT, {
        i: agreementInput(projectId, {
          accountNo,
          laborCostPerCycle: '350000.5',
          dueDay: 20,
          startsOn: '2026-07-01',
        }),
      }),
    );
    expect(supplementary.registerTripartiteAgreement).toMatchObject({
      accountNo,
      laborCostPerCycle: '350000.50',
      creditedTotal: '101.00',
    });
    expect(await currentAgreement(projectId)).toEqual({
      id: supplementary.registerTripartiteAgreement.id,
      accountNo,
      bankCode,
      laborCostPerCycle: '350000.50',
      startsOn: '2026-07-01',
      creditedTotal: '101.00',
    });
    expect(supplementary.registerTripartiteAgreement.id).not.toBe(original.registerTripartiteAgreement.id);
    expect(await countRows(`select 1 from special_account where account_no = $1`, [accountNo])).toBe(1);
  });

  // "Current" is as of today in Asia/Shanghai; these dates sit well around the test's own today.
  test('the current agreement is the one in force; before that the next to start; none once all ended', async () => {
    const projectId = await newProject();
    const accountNo = freshAccountNo();
    const register = (startsOn: string, endsOn: string | null) =>
      must(gql(admin, REGISTER_AGREEMENT, { i: agreementInput(projectId, { accountNo, startsOn, endsOn }) }));
    const ended = await register('2020-01-01', '2020-12-31');
    expect(await currentAgreement(projectId)).toBeNull();
    const future = await register('2099-01-01', null);
    expect((await currentAgreement(projectId)).id).toBe(future.registerTripartiteAgreement.id);
    const inForce = await register('2021-01-01', null);
    expect((await currentAgreement(projectId)).id).toBe(inForce.registerTripartiteAgreement.id);
    expect(ended.registerTripartiteAgreement.id).not.toBe(inForce.registerTripartiteAgreement.id);
  });

  // Regression: the read-then-write checks above race; the database's unique constraints used to
  // surface as INTERNAL_SERVER_ERROR for the loser.
  test('two concurrent registrations of one account for two projects: one wins, the other gets CONFLICT', async () => {
    for (let round = 0; round < 5; round += 1) {
      const [a, b] = [await newProject(), await newProject()];
      const accountNo = freshAccountNo();
      const results = await Promise.all(
        [a, b].map((projectId) =>
          gql(admin, REGISTER_AGREEMENT, { i: agreementInput(projectId, { accountNo }) }),
        ),
      );
      const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'OK']);
      expectRefused(
        results.find((r) => r.errors)!,
        'CONFLICT',
        'accountNo',
      );
      expect(await countRows(`select 1 from special_account where account_no = $1`, [accountNo])).toBe(1);
    }
  });

  test('two concurrent registrations of two accounts for one project: one wins, the other gets CONFLICT', async () => {
    for (let round = 0; round < 5; round += 1) {
      const projectId = await newProject();
      const inputs = [agreementInput(projectId), agreementInput(projectId)];
      const results = await Promise.all(inputs.map((i) => gql(admin, REGISTER_AGREEMENT, { i })));
      const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'OK']);
      expectRefused(
        results.find((r) => r.errors)!,
        'CONFLICT',
        'accountNo',
      );
      expect(await countRows(`select 1 from tripartite_agreement where project_id = $1`, [projectId])).toBe(
        1,
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Money output
// ---------------------------------------------------------------------------------------------

describe('Money output always has exactly two decimals', () => {
  test.each([
    ['12.5', '12.50'],
    ['12', '12.00'],
    ['0', '0.00'],
    ['0.05', '0.05'],
    ['0.5', '0.50'],
    ['10.10', '10.10'],
    ['500000', '500000.00'],
    ['999999999999.99', '999999999999.99'],
  ])('contractPrice %j comes back as %j', async (input, output) => {
    const res = await must(gql(admin, REGISTER_PROJECT, { i: projectInput({ contractPrice: input }) }));
    expect(res.registerProject.contractPrice).toBe(output);
    const back = await must(
      gql(admin, `query($id: ID!) { project(id: $id) { contractPrice } }`, { id: res.registerProject.id }),
    );
    expect(back.project.contractPrice).toBe(output);
  });

  test('laborCostPerCycle and creditedTotal too', async () => {
    const projectId = await newProject();
    const accountNo = freshAccountNo();
    const registered = await must(
      gql(admin, REGISTER_AGREEMENT, {
        i: agreementInput(projectId, { accountNo, laborCostPerCycle: '1.5' }),
      }),
    );
    expect(registered.registerTripartiteAgreement).toMatchObject({
      laborCostPerCycle: '1.50',
      creditedTotal: '0.00',
    });
    await credit(accountNo, '0.1', '7');
    const agreement = await currentAgreement(projectId);
    expect(agreement).toMatchObject({ laborCostPerCycle: '1.50', creditedTotal: '7.10' });
  });

  test('every Money in a full project listing matches /^\\d+\\.\\d{2}$/', async () => {
    const res = await must(
      gql(
        admin,
        `{ projects(first: 500) { edges { node { contractPrice agreement { laborCostPerCycle creditedTotal } } } } }`,
      ),
    );
    const amounts = res.projects.edges
      .flatMap((e: any) => [
        e.node.contractPrice,
        e.node.agreement?.laborCostPerCycle,
        e.node.agreement?.creditedTotal,
      ])
      .filter((v: unknown) => v !== undefined);
    expect(amounts.length).toBeGreaterThan(10);
    for (const amount of amounts) expect(amount).toMatch(MONEY_OUT);
  });
});

// ---------------------------------------------------------------------------------------------
// projects pagination
// ---------------------------------------------------------------------------------------------

describe('projects pagination', () => {
  const PAGE = `query($f: ProjectFilter, $first: Int, $after: String) {
    projects(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
  let walkContractor: string;
  const registered: string[] = [];

  beforeAll(async () => {
    walkContractor = freshUscc();
    await must(
      gql(admin, REGISTER_ENTERPRISE, { i: { uscc: walkContractor, name: '分页测试建设有限公司' } }),
    );
    for (let i = 0; i < 25; i += 1)
      registered.push(await newProject({ contractorUscc: walkContractor, name: `分页项目 ${i}` }));
  });

  /** Follows endCursor until hasNextPage is false; returns every page. */
  async function walk(filter: Record<string, unknown> | null, first: number) {
    const pages: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { cursor: string; node: { id: string } }[];
    }[] = [];
    let after: string | null = null;
    do {
      const res: any = await must(gql(admin, PAGE, { f: filter, first, after }));
      pages.push(res.projects);
      after = res.projects.pageInfo.hasNextPage ? res.projects.pageInfo.endCursor : null;
      expect(pages.length).toBeLessThan(100);
    } while (after);
    return pages;
  }

  test('first: 10 over 25 projects: pages of 10, 10, 5, each project once, in registration order, totalCount stable', async () => {
    const pages = await walk({ contractorUscc: walkContractor }, 10);
    expect(pages.map((p) => p.edges.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.totalCount)).toEqual([25, 25, 25]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    for (const page of pages) expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
    expect(pages.flatMap((p) => p.edges.map((e) => e.node.id))).toEqual(registered);
  });

  test('an unfiltered walk visits every project exactly once', async () => {
    const { projects } = await must(
      gql(admin, `{ projects(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }`),
    );
    expect(projects.edges).toEqual([]);
    expect(projects.pageInfo.hasNextPage).toBe(true);
    const pages = await walk(null, 7);
    const ids = pages.flatMap((p) => p.edges.map((e) => e.node.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(projects.totalCount);
    for (const page of pages) expect(page.totalCount).toBe(projects.totalCount);
    expect(ids).toEqual(expect.arrayContaining(registered));
  });

  test('a project registered during a walk shows up once, at the end', async () => {
    const filter = { contractorUscc: walkContractor };
    const firstPage: any = await must(gql(admin, PAGE, { f: filter, first: 10 }));
    const late = await newProject({ contractorUscc: walkContractor, name: '分页项目 late' });
    let after = firstPage.projects.pageInfo.endCursor;
    const ids: string[] = firstPage.projects.edges.map((e: any) => e.node.id);
    while (after) {
      const res: any = await must(gql(admin, PAGE, { f: filter, first: 10, after }));
      ids.push(...res.projects.edges.map((e: any) => e.node.id));
      expect(res.projects.totalCount).toBe(26);
      after = res.projects.pageInfo.hasNextPage ? res.projects.pageInfo.endCursor : null;
    }
    expect(ids).toEqual([...registered, late]);
  });

  test.each<[string, string]>([
    ['plain garbage', 'garbage'],
    ['not base64 at all', '%%%'],
    ['base64 of a JSON object', b64url({ createdAt: '2026-01-01T00:00:00.000Z' })],
    ['base64 of a one-element key', b64url(['2026-01-01T00:00:00.000Z'])],
    ['base64 of two words', b64url(['x', 'y'])],
    ['base64 of two numbers', b64url([1, 2])],
    ['base64 of two nulls', b64url([null, null])],
    ['a real instant with a non-UUID id', b64url(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])],
    [
      'an impossible instant with a UUID',
      b64url(['2026-02-30T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']),
    ],
  ])('a garbage after (%s): BAD_USER_INPUT naming after', async (_label, after) => {
    expectRefused(await gql(admin, PAGE, { first: 10, after }), 'BAD_USER_INPUT', 'after');
  });

  test.each([501, 10_000, -1])('first: %i is BAD_USER_INPUT naming first', async (first) => {
    expectRefused(await gql(admin, PAGE, { first }), 'BAD_USER_INPUT', 'first');
  });

  test('first: 500 is allowed', async () => {
    const res = await must(gql(admin, PAGE, { first: 500 }));
    expect(res.projects.edges.length).toBe(res.projects.totalCount);
  });
});
