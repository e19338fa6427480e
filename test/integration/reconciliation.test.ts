import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { iso20022 } from '../../adapters/iso20022';
import { ingestForBank } from '../../src/services/ingestion';
import { startTestHub, type TestHub } from '../support/test-hub';
import { ALERT_FIELDS } from '../support/compliance-fixtures';
import { must, registerAgreement, registerProject, seedBasics } from '../support/fixtures';
import { now as clockNow } from '../../src/clock';

const FIXTURE = readFileSync(path.join(__dirname, '..', 'fixtures', 'iso20022', 'derived-camt053-cny.xml'));
const ACCOUNT = '6222020200012345678'; // the statement's account

/**
 * Issue #4 point 7: a camt.053 states opening 100,000.00 and closing 141,500.00 for 2024-03-01…05;
 * its booked CNY entries explain exactly that. The hub checks the sum of what it holds.
 */
describe('statement reconciliation', () => {
  let t: TestHub;
  let pg: Client;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  let projectId: string;

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    seed = await seedBasics(t);
    projectId = await registerProject(t, seed.admin, seed);
    await registerAgreement(t, seed.admin, {
      projectId,
      bankCode: seed.bankCode,
      accountNo: ACCOUNT,
      startsOn: '2024-01-01',
    });
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const ingest = (body: Buffer) => {
    const doc = { bankCode: seed.bankCode, contentType: 'application/xml', charset: null, body };
    const parsed = iso20022.parse(doc, {});
    const em = t.hub.orm.em.fork() as EntityManager;
    return em.transactional((tx) => ingestForBank(tx as EntityManager, seed.bankCode, parsed, clockNow()));
  };
  const alerts = async () =>
    (
      await must(
        t.gql<{ alerts: { edges: { node: any }[] } }>(
          seed.admin,
          `{ alerts(filter: { kind: RECONCILIATION_MISMATCH }) { edges { node { ${ALERT_FIELDS}
             reconciliation { periodFrom periodTo opening closing credits debits expectedClosing difference } } } } }`,
        ),
      )
    ).alerts.edges.map((e) => e.node);

  it('opens nothing when the events explain the balances', async () => {
    const result = await ingest(FIXTURE);
    expect(result.accepted).toBeGreaterThan(0);
    expect(await alerts()).toEqual([]);
  });

  it('opens a RECONCILIATION_MISMATCH with the difference when they do not, and tells the bank and HRSS', async () => {
    // The same statement, but the bank says the account closed 500.00 higher than its entries explain.
    const off = Buffer.from(
      FIXTURE.toString('utf8').replace('<Amt Ccy="CNY">141500.00</Amt>', '<Amt Ccy="CNY">142000.00</Amt>'),
    );
    const result = await ingest(off);
    expect(result.accepted).toBe(0); // every entry is a duplicate: only the balance differs
    const [alert] = await alerts();
    expect(alert).toMatchObject({
      kind: 'RECONCILIATION_MISMATCH',
      status: 'OPEN',
      dueDate: '2024-03-05',
      shortfall: '500.00',
      project: { id: projectId },
      reconciliation: {
        periodFrom: '2024-03-01',
        periodTo: '2024-03-05',
        opening: '100000.00',
        closing: '142000.00',
        credits: '57000.50',
        debits: '15500.50',
        expectedClosing: '141500.00',
        difference: '500.00',
      },
    });
    const notices = await pg.query(
      `select recipient from outbox_notice where topic = 'RECONCILIATION_MISMATCH' order by recipient`,
    );
    expect(notices.rows.map((r) => r.recipient)).toEqual([`BANK:${seed.bankCode}`, 'HRSS:210502']);
  });

  it('resolves the mismatch when a corrected statement agrees, and has no notification chain', async () => {
    const [open] = await alerts();
    const chain = await t.gql(
      t.token({ org: 'BANK', bank: seed.bankCode }),
      `mutation($id: ID!) { recordContractorNotified(alertId: $id, at: "2024-03-06T10:00:00+08:00") { id } }`,
      { id: open.id },
    );
    expect(chain.errors?.[0].extensions?.code).toBe('CONFLICT');
    await ingest(FIXTURE);
    const [resolved] = await alerts();
    expect(resolved).toMatchObject({ id: open.id, status: 'RESOLVED' });
  });

  it('is left alone by the compliance sweep', async () => {
    await must(t.gql(seed.admin, `mutation { runComplianceSweep(asOf: "2024-03-31") { asOf } }`));
    const [still] = await alerts();
    expect(still.status).toBe('RESOLVED');
  });
});
