import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { cardNumber, workforceProject } from '../support/workforce-fixtures';

/**
 * The one-statement push (src/services/push-fast.ts) against the full transactional path, on one
 * database: one hub with it (the default), one with BANK_PUSH_FAST_PATH=false. The same pushes
 * (their event ids apart) get the same status and the same answer bytes either way, stored the
 * same; a retry of a one-statement push gets its first answer; deliveries of one webhook-id at
 * once, one path or both, store once and answer alike; what only the database can see (an event
 * stored before) makes the statement hand the push to the full path, which answers as always.
 */
describe('a small push in one statement', () => {
  let fast: TestHub;
  let full: TestHub;
  let pg: Client;
  let p: Awaited<ReturnType<typeof workforceProject>>;
  let accountNo: string;
  const q = async <T = any>(text: string, params: unknown[] = []) =>
    (await pg.query(text, params)).rows as T[];

  beforeAll(async () => {
    fast = await startTestHub({ RUN_JOBS: 'false', METRICS_TOKEN: 'm' });
    full = await startTestHub(
      { RUN_JOBS: 'false', BANK_PUSH_FAST_PATH: 'false' },
      { databaseUrl: fast.databaseUrl },
    );
    pg = new Client({ connectionString: fast.databaseUrl });
    await pg.connect();
    p = await workforceProject(fast);
    [{ account_no: accountNo }] = await q(`select account_no from special_account where project_id = $1`, [
      p.projectId,
    ]);
  });
  afterAll(async () => {
    await pg.end();
    await full.close();
    await fast.close();
  });

  const oneStatementPushes = async () => {
    const res = await fetch(`${fast.url}/metrics`, { headers: { authorization: 'Bearer m' } });
    const line = (await res.text())
      .split('\n')
      .find((l) => l.startsWith('wagewatch_bank_pushes_total{path="one_statement"}'));
    return line ? Number(line.split(' ')[1]) : 0;
  };

  /** A push's raw answer (status and body bytes), as the bank receives it. */
  const send = (hub: TestHub, events: unknown[], id = `msg_${randomBytes(6).toString('hex')}`) =>
    hub.push(p.bankCode, p.secret, JSON.stringify({ events }), { id }).then((r) => ({
      status: r.status,
      bytes: typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
    }));

  /** The same events under fresh ids (so both paths store them), in the same order. */
  const shapes = (): Record<string, (tag: string) => unknown[]> => {
    const stranger = cardNumber();
    const ev = (tag: string, i: number, more: Record<string, unknown>) => ({
      bankEventId: `${tag}-${i}`,
      accountNo,
      type: 'CREDIT',
      amount: '1000.00',
      bookedAt: '2026-11-20T10:00:00+08:00',
      counterpartyName: '本溪市城建投资有限公司',
      ...more,
    });
    return {
      credits: (tag) => [ev(tag, 1, {}), ev(tag, 2, { amount: '0.01' })],
      'an account the hub does not know': (tag) => [ev(tag, 1, {}), ev(tag, 2, { accountNo: `NOPE-${tag}` })],
      'debits (pay alerts marked)': (tag) => [
        ev(tag, 1, {
          type: 'DEBIT',
          amount: '300.00',
          counterpartyAccount: stranger,
          counterpartyName: '李四',
        }),
      ],
      'refused events beside stored ones': (tag) => [
        ev(tag, 1, {}),
        ev(tag, 2, { bookedAt: '2099-01-01T00:00:00Z' }),
        ev(tag, 3, { amount: '-5.00' }),
        ev(tag, 4, { counterpartyName: 'x'.repeat(5000) }),
      ],
    };
  };

  it('answers the same pushes with the same bytes both ways, and stores them alike', async () => {
    const before = await oneStatementPushes();
    const made = shapes();
    for (const [what, events] of Object.entries(made)) {
      const tag = randomBytes(3).toString('hex');
      const a = await send(fast, events(`F${tag}`));
      const b = await send(full, events(`S${tag}`));
      expect({ what, ...a }).toEqual({ what, ...b });
      if (what.startsWith('refused')) expect(JSON.parse(a.bytes).rejected.length).toBeGreaterThanOrEqual(2);
      const stored = async (prefix: string) =>
        q(
          `select d.accepted, d.duplicates, d.unmatched, d.rejected, w.status, w.answer,
                  (select count(*)::int from account_event e where e.document_id = d.id) as events
             from inbound_document d join webhook_delivery w
               on w.bank_code = d.bank_code and w.webhook_id_sha256 = encode(sha256(d.webhook_id::bytea), 'hex')
            where d.id = (select document_id from account_event where bank_event_id = $1 || '-1')`,
          [prefix],
        );
      expect({ what, rows: await stored(`F${tag}`) }).toEqual({ what, rows: await stored(`S${tag}`) });
    }
    await Promise.all([fast.hub.payAlertFollowUp.settled(), full.hub.payAlertFollowUp.settled()]);
    expect(await q(`select count(*)::int as n from pay_alert_pending`)).toEqual([{ n: 0 }]);
    // every shape took the one statement on the hub that has it
    expect((await oneStatementPushes()) - before).toBe(Object.keys(made).length);
  });

  it('answers a retry of a one-statement push with its first answer, storing nothing again', async () => {
    const tag = randomBytes(3).toString('hex');
    const events = shapes()['refused events beside stored ones'](`R${tag}`);
    const id = `msg_${tag}`;
    const first = await send(fast, events, id);
    expect(first.status).toBe(200);
    expect(await send(fast, events, id)).toEqual(first);
    expect(await send(full, events, id)).toEqual(first);
    // another webhook-id with the same events: duplicates, the full path's answer
    const again = await send(fast, events, `msg_other_${tag}`);
    expect(JSON.parse(again.bytes)).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await send(full, events, `msg_other2_${tag}`)).toEqual(again);
    const rows = await q(`select count(*)::int as n from account_event where bank_event_id like $1`, [
      `R${tag}-%`,
    ]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('stores concurrent deliveries of one webhook-id once, fast and full alike', async () => {
    for (let round = 0; round < 3; round++) {
      const tag = randomBytes(3).toString('hex');
      const events = shapes().credits(`C${tag}`);
      const id = `msg_${tag}`;
      const answers = await Promise.all([
        send(fast, events, id),
        send(full, events, id),
        send(fast, events, id),
        send(full, events, id),
      ]);
      for (const a of answers) expect(a).toEqual(answers[0]);
      expect(JSON.parse(answers[0].bytes)).toMatchObject({ accepted: 2, duplicates: 0 });
      expect(await q(`select count(*)::int as n from inbound_document where webhook_id = $1`, [id])).toEqual([
        { n: 1 },
      ]);
      expect(
        await q(`select count(*)::int as n from account_event where bank_event_id like $1`, [`C${tag}-%`]),
      ).toEqual([{ n: 2 }]);
    }
  });

  it('hands a push with an event stored before to the full path, which answers it as always', async () => {
    const tag = randomBytes(3).toString('hex');
    const [one, two] = shapes().credits(`D${tag}`);
    await send(fast, [one]);
    const before = await oneStatementPushes();
    const a = await send(fast, [one, two]);
    expect(JSON.parse(a.bytes)).toEqual({ accepted: 1, duplicates: 1, unmatched: 0, rejected: [] });
    expect(await oneStatementPushes()).toBe(before);
  });
});
