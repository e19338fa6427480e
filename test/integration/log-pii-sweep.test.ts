import { Writable } from 'node:stream';
import { Client } from 'pg';
import { createLogger } from '../../src/logger';
import { startTestHub, type TestHub } from '../support/test-hub';
import {
  CITY_HRSS,
  freshUscc,
  must,
  registerAgreement,
  registerProject,
  seedBasics,
} from '../support/fixtures';
import { freshResidentId } from '../support/blacklist-fixtures';

// Every kind of failure a caller can provoke, each carrying a resident ID number, a bank card
// number and a name in its input, against one hub whose whole log (debug level) is captured.
// The log must show that each failure happened, and none of the personal data.
const NAME = '欧阳铁柱';
const CARD = '6222021234567890128';

describe('no personal data reaches the log, whatever fails', () => {
  let t: TestHub;
  const lines: string[] = [];
  const idNumber = freshResidentId();
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  let bankToken: string;
  const accountNo = '6222020705009990001';

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await startTestHub({ RUN_JOBS: 'false' }, { log: createLogger('debug', sink) });
    seed = await seedBasics(t);
    bankToken = t.token({ org: 'BANK', bank: seed.bankCode });
    const projectId = await registerProject(t, seed.admin, seed);
    await registerAgreement(t, seed.admin, { projectId, bankCode: seed.bankCode, accountNo });
    // Database failures a caller cannot normally reach: constraints that refuse exactly the
    // personal data, so PostgreSQL's error ("Failing row contains (…)") quotes it.
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query(`alter table wage_case_line add constraint pii_probe check (worker_name <> '${NAME}')`);
    await db.query(
      `alter table account_event add constraint pii_probe check (counterparty_name <> '${NAME}')`,
    );
    await db.end();
  });
  afterAll(() => t.close());

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${t.url}${path}`, { method: 'POST', headers, body }).then((r) => r.status);

  const gqlBody = (query: string, variables?: unknown) => JSON.stringify({ query, variables });

  it('provokes each failure, then finds none of the personal data in the log', async () => {
    const statuses: Record<string, number | string | undefined> = {};
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${seed.admin}` };

    // GraphQL: syntax, validation, variable coercion, input checks, an internal database error.
    statuses.syntax = await post(
      '/graphql',
      `{"query":"{ projects(nameContains: \\"${idNumber} ${NAME}"}`,
      auth,
    );
    statuses.validation = await post(
      '/graphql',
      gqlBody(
        `{ projects(filter: { nameContains: "${idNumber}" }, noSuchArgument: "${NAME} ${CARD}") { totalCount } }`,
      ),
      auth,
    );
    statuses.coercion = await post(
      '/graphql',
      gqlBody(`query($n: Int) { projects(first: $n) { totalCount } }`, { n: `${idNumber}${NAME}` }),
      auth,
    );
    const badId = idNumber.slice(0, 17) + (idNumber.endsWith('0') ? '1' : '0');
    const badLegalRep = await t.gql(
      seed.admin,
      `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`,
      { i: { uscc: freshUscc(), name: NAME, legalRepresentative: { name: NAME, idNumber: badId } } },
    );
    statuses.badInput = badLegalRep.errors?.[0]?.extensions?.code;
    const employerUscc = freshUscc();
    await must(
      t.gql(seed.admin, `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
        i: { uscc: employerUscc, name: '本溪某劳务有限公司', legalRepresentative: { name: NAME, idNumber } },
      }),
    );
    const claim = await must(
      t.gql<{ fileWageClaim: { id: string } }>(
        seed.admin,
        `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`,
        {
          i: {
            source: 'HOTLINE',
            districtCode: '210502',
            employerUscc,
            workers: 1,
            amount: '3000.00',
            receivedOn: '2026-02-02',
          },
        },
      ),
    );
    const internal = await t.gql(
      seed.admin,
      `mutation($c: ID!, $i: VerificationInput!) { verifyWageClaim(caseId: $c, input: $i) { id } }`,
      {
        c: claim.fileWageClaim.id,
        i: {
          debtorUscc: employerUscc,
          verifiedOn: '2026-02-10',
          lines: [{ workerName: NAME, workerIdNumber: idNumber, monthsOwed: 1, amount: '3000.00' }],
        },
      },
    );
    statuses.internal = internal.errors?.[0]?.extensions?.code;
    statuses.tooComplex = (
      await t.gql(
        seed.admin,
        `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: projects(filter: { nameContains: "${idNumber}" }) { totalCount }`).join(' ')} }`,
      )
    ).errors?.[0]?.extensions?.code;
    statuses.forgedToken = await post('/graphql', gqlBody('{ projects(first: 1) { totalCount } }'), {
      'content-type': 'application/json',
      authorization: `Bearer eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: idNumber, name: NAME })).toString('base64url')}.x`,
    });
    statuses.malformedJson = await post('/graphql', `{"query": "${idNumber} ${NAME}`, auth);
    statuses.tooLarge = await post(
      '/graphql',
      gqlBody(`{ a }`, { pad: `${idNumber}${NAME}`.repeat(300_000) }),
      auth,
    );

    // Bank pushes: unreadable JSON, per-event refusals, a bad signature, broken XML, an internal
    // database error, and the GraphQL intake's refusals.
    statuses.pushBadJson = (
      await t.push(seed.bankCode, seed.secret, `{"events":[{"memo":"${idNumber} ${NAME}"`)
    ).status;
    const event = (over: Record<string, unknown>) => ({
      bankEventId: `pii-${Math.random().toString(36).slice(2)}`,
      accountNo,
      type: 'CREDIT',
      amount: '100.00',
      bookedAt: '2026-03-10T09:00:00+08:00',
      counterpartyName: '本溪市城建投资有限公司',
      ...over,
    });
    const refused = await t.push(
      seed.bankCode,
      seed.secret,
      JSON.stringify({
        events: [
          event({ amount: idNumber, counterpartyName: NAME }),
          event({ bookedAt: `${idNumber}`, counterpartyAccount: CARD }),
          // an unknown account is accepted as unmatched: its memo is stored, never logged
          event({ accountNo: CARD, memo: `${NAME} ${idNumber}` }),
        ],
      }),
    );
    statuses.pushRefusedEvents = refused.body?.rejected?.length;
    statuses.pushBadSignature = (
      await t.push(
        seed.bankCode,
        'whsec_' + Buffer.alloc(32, 7).toString('base64'),
        JSON.stringify({
          events: [event({ counterpartyName: NAME, memo: idNumber })],
        }),
      )
    ).status;
    statuses.pushBrokenXml = (
      await t.push(
        seed.bankCode,
        seed.secret,
        `<?xml version="1.0"?><Document><Nm>${NAME}</Nm><Id>${idNumber}`,
        {
          contentType: 'application/xml',
        },
      )
    ).status;
    statuses.pushInternal = (
      await t.push(
        seed.bankCode,
        seed.secret,
        JSON.stringify({ events: [event({ counterpartyName: NAME, memo: idNumber })] }),
      )
    ).status;
    const viaGraphql = await t.gql<{ ingestAccountEvents: { rejected: unknown[] } }>(
      bankToken,
      `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { rejected { index code } } }`,
      { e: [event({ amount: idNumber, counterpartyName: NAME, counterpartyAccount: CARD })] },
    );
    statuses.graphqlRefusedEvents = viaGraphql.errors?.[0]?.extensions?.code;

    // Each failure did happen, as its caller sees it.
    expect(statuses).toEqual({
      syntax: 400,
      validation: 400,
      coercion: 400,
      badInput: 'BAD_USER_INPUT',
      internal: 'INTERNAL_SERVER_ERROR',
      tooComplex: 'QUERY_TOO_COMPLEX',
      forgedToken: 401,
      malformedJson: 400,
      tooLarge: 413,
      pushBadJson: expect.any(Number),
      pushRefusedEvents: 2,
      pushBadSignature: 401,
      pushBrokenXml: expect.any(Number),
      pushInternal: 500,
      graphqlRefusedEvents: 'BAD_USER_INPUT',
    });
    expect(statuses.pushBadJson).toBeGreaterThanOrEqual(400);
    expect(statuses.pushBrokenXml).toBeGreaterThanOrEqual(400);

    // The log saw them: one line per request, and the two internal errors with their SQLSTATE.
    const entries = lines.map((l) => JSON.parse(l) as Record<string, any>);
    expect(entries.filter((e) => e.msg === 'request').length).toBeGreaterThanOrEqual(15);
    const errors = entries.filter((e) => e.err?.sqlState === '23514');
    expect(errors.length).toBe(2);

    // …and nothing of the person, whole or in its usual pieces.
    const logged = lines.join('\n');
    for (const secret of [idNumber, idNumber.slice(0, 17), badId, NAME, CARD, CARD.slice(0, 16)]) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).not.toMatch(/\d{17}[\dX]/);
  });

  it('city HRSS tokens used above are in scope (the failures were not mere refusals)', async () => {
    const res = await must(
      t.gql<{ projects: { totalCount: number } }>(
        t.token(CITY_HRSS),
        `{ projects(first: 1) { totalCount } }`,
      ),
    );
    expect(res.projects.totalCount).toBeGreaterThan(0);
  });
});
