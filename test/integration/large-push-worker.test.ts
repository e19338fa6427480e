/**
 * A large camt.054 push (3,000 entries, 4.5 MB) is read and stored by a large-push worker
 * (src/services/large-push), not on the hub's main thread: the hub counts it handed off and its
 * batches stored there; its answer is the one the main thread's own path gives for the same
 * document, byte for byte, a retry's too; and a worker ended mid-push (as a crash would) answers
 * 500 at once, keeps nothing of the push, and the same delivery pushed again is stored by a new one.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { buildCamt054 } from '../../bench/support/camt054-data';
import { accountNo } from '../../bench/support/intake-data';
import { must, registerAgreement, registerProject, seedBasics } from '../support/fixtures';
import { newWebhookSecret, startTestHub, type TestHub } from '../support/test-hub';
import { deliveryKey } from '../../src/services/webhook-deliveries';

const ENTRIES = 3000;
const MAX_BYTES = 16 * 1024 * 1024;
const XML = { contentType: 'application/xml' };

/** A document of 3,000 entries over three accounts (two of them the bank's), one entry in USD. */
function camt(run: string): Buffer {
  const text = buildCamt054(run, { entries: ENTRIES, accounts: 3 }).toString('utf8');
  let at = -1;
  for (let i = 0; i <= ENTRIES - 7; i++) at = text.indexOf('<Ntry>', at + 1);
  const end = text.indexOf('</Ntry>', at);
  const usd = text.slice(at, end).replace(/Ccy="CNY"/g, 'Ccy="USD"');
  return Buffer.from(text.slice(0, at) + usd + text.slice(end), 'utf8');
}

describe('a large push, stored by a worker thread', () => {
  let t: TestHub;
  let pg: Client;
  let bank: { code: string; secret: string };

  const q = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await pg.query(text, params)).rows as T[];
  // building a document holds this process for a while: see bank-push-big.test.ts
  const push = async (...args: Parameters<TestHub['push']>) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return t.push(...args);
  };
  /** The push's answer as sent: status and body text. */
  async function pushRaw(body: Buffer, id: string) {
    const res = await push(bank.code, bank.secret, body, { ...XML, id });
    return { status: res.status, text: JSON.stringify(res.body) };
  }
  /** Runs `fn` with large pushes taken on the main thread, as before the workers. */
  async function onMainThread<T>(fn: () => Promise<T>): Promise<T> {
    const lanes = t.hub.largePushes;
    const takes = lanes.takes.bind(lanes);
    lanes.takes = () => false;
    try {
      return await fn();
    } finally {
      lanes.takes = takes;
    }
  }

  beforeAll(async () => {
    t = await startTestHub({ BANK_PUSH_MAX_BYTES: String(MAX_BYTES) });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    const seed = await seedBasics(t);
    bank = { code: `LPW_${randomBytes(4).toString('hex').toUpperCase()}`, secret: newWebhookSecret() };
    await must(
      t.gql(seed.admin, `mutation($i: BankInput!) { registerBank(input: $i) { code } }`, {
        i: { code: bank.code, name: '测试银行本溪分行', webhookSecret: bank.secret },
      }),
    );
    await pg.query(`update bank set adapter_options = adapter_options || $1::jsonb where code = $2`, [
      JSON.stringify({ maxBytes: MAX_BYTES }),
      bank.code,
    ]);
    for (const i of [0, 1]) {
      const projectId = await registerProject(t, seed.admin, { ...seed, name: `工作线程项目${i}` });
      await registerAgreement(t, seed.admin, { projectId, bankCode: bank.code, accountNo: accountNo(i) });
    }
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('is stored by the worker and answered as the main thread answers the same document', async () => {
    const before = t.hub.largePushes.stats();
    const inWorker = await pushRaw(camt('W'), 'msg_lpw_w');
    const stats = t.hub.largePushes.stats();
    expect(stats.handedOff).toBe(before.handedOff + 1);
    expect(stats.batchesStored - before.batchesStored).toBe(ENTRIES / 100);

    // another run of the same document (its references say M instead of W), stored on the main thread
    const runW = (answer: { status: number; text: string }) => ({
      ...answer,
      text: answer.text.replace(/SVM/g, 'SVW'),
    });
    const onMain = await onMainThread(() => pushRaw(camt('M'), 'msg_lpw_m'));
    expect(t.hub.largePushes.stats().handedOff).toBe(before.handedOff + 1);
    expect(inWorker).toEqual(runW(onMain));
    expect(inWorker.status).toBe(200);
    expect(JSON.parse(inWorker.text)).toMatchObject({
      accepted: ENTRIES - 1,
      duplicates: 0,
      rejected: [{ index: ENTRIES - 7, code: 'CURRENCY_NOT_CNY' }],
    });
    // a retried delivery gets the first answer, from either path
    expect(await pushRaw(camt('W'), 'msg_lpw_w')).toEqual(inWorker);
    expect(await onMainThread(() => pushRaw(camt('W'), 'msg_lpw_w'))).toEqual(inWorker);
    // the same document again under a new id: all duplicates, in the worker as on the main thread
    const again = await pushRaw(camt('W'), 'msg_lpw_w2');
    expect(again).toEqual(runW(await onMainThread(() => pushRaw(camt('M'), 'msg_lpw_m2'))));
    expect(JSON.parse(again.text)).toMatchObject({ accepted: 0, duplicates: ENTRIES - 1 });
  });

  it("leaves its debits' pay alerts to the main thread's follow-up, told as the push is answered", async () => {
    const poke = jest.spyOn(t.hub.payAlertFollowUp, 'poke');
    try {
      const res = await pushRaw(camt('P'), 'msg_lpw_pay');
      expect(res.status).toBe(200);
      // told by the worker's outcome, not left to the relay's next tick
      expect(poke).toHaveBeenCalled();
    } finally {
      poke.mockRestore();
    }
    await t.hub.payAlertFollowUp.settled();
    const [{ marks, outside }] = await q(
      `select (select count(*)::int from pay_alert_pending) marks,
              (select count(*)::int from alert a join special_account s on s.project_id = a.project_id
                where s.bank_code = $1 and a.kind = 'PAID_OUTSIDE_PAYROLL' and a.status = 'OPEN') outside`,
      [bank.code],
    );
    // the document's debits left both projects' special accounts with no payroll behind them
    expect({ marks, outside }).toEqual({ marks: 0, outside: expect.any(Number) });
    expect(outside).toBeGreaterThan(0);
  });

  it('answers 503 OVERLOADED, storing nothing, to a push that waited too long for a worker; taken when sent again', async () => {
    const lanes = t.hub.largePushes;
    const bodies = ['B1', 'B2', 'B3'].map((run) => camt(run));
    lanes.maxWaitMs = 300;
    let answers;
    try {
      // two workers at most: one of three pushes at once waits, and stops waiting after 300 ms
      answers = await Promise.all(
        bodies.map((body, i) => t.push(bank.code, bank.secret, body, { ...XML, id: `msg_lpw_busy_${i}` })),
      );
    } finally {
      lanes.maxWaitMs = 30_000;
    }
    const refused = answers.flatMap((res, i) => (res.status === 503 ? [i] : []));
    expect(refused).toHaveLength(1);
    const [i] = refused;
    expect(answers[i].body).toMatchObject({ code: 'OVERLOADED' });
    expect(answers[i].headers.get('retry-after')).toBe('10');
    expect(answers.filter((res) => res.status === 200)).toHaveLength(2);
    const stored = async () =>
      (
        await q(
          `select (select count(*)::int from inbound_document where bank_code = $1 and webhook_id = $2) documents,
                  (select count(*)::int from webhook_delivery where bank_code = $1 and webhook_id_sha256 = $3) deliveries`,
          [bank.code, `msg_lpw_busy_${i}`, deliveryKey(`msg_lpw_busy_${i}`)],
        )
      )[0];
    expect(await stored()).toEqual({ documents: 0, deliveries: 0 });
    // its retry is taken, not answered with the 503
    const again = await push(bank.code, bank.secret, bodies[i], { ...XML, id: `msg_lpw_busy_${i}` });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: ENTRIES - 1 });
    expect(await stored()).toEqual({ documents: 1, deliveries: 1 });
  });

  it('answers 500 when its worker dies mid-push, keeps nothing of it, and stores it when pushed again', async () => {
    const body = camt('D');
    const { batchesStored } = t.hub.largePushes.stats();
    const [{ n: deliveries }] = await q(`select count(*)::int n from webhook_delivery where bank_code = $1`, [
      bank.code,
    ]);
    const pushing = push(bank.code, bank.secret, body, { ...XML, id: 'msg_lpw_dies' });
    // ended once a few batches are stored in the push's transaction
    while (t.hub.largePushes.stats().batchesStored < batchesStored + 3)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await t.hub.largePushes.endWorkers();
    const res = await pushing;
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    const kept = async () =>
      (
        await q(
          `select (select count(*)::int from inbound_document where bank_code = $1 and webhook_id = $2) documents,
                  (select count(*)::int from account_event e join inbound_document d on d.id = e.document_id
                    where d.bank_code = $1 and d.webhook_id = $2) events,
                  (select count(*)::int from webhook_delivery where bank_code = $1) deliveries`,
          [bank.code, 'msg_lpw_dies'],
        )
      )[0];
    expect(await kept()).toEqual({ documents: 0, events: 0, deliveries });

    // the same delivery again: its claim was rolled back with the worker's connection
    const again = await push(bank.code, bank.secret, body, { ...XML, id: 'msg_lpw_dies' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: ENTRIES - 1, duplicates: 0 });
    expect(await kept()).toEqual({ documents: 1, events: ENTRIES - 1, deliveries: deliveries + 1 });
    expect(t.hub.largePushes.stats().workers).toBe(1);
  });
});
