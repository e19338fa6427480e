import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJsonAdapter } from '../adapters/canonical-json';
import type { AccountEvent } from '../src/domain/account-event';
import { verifySignature, signedHeaders } from '../src/http/webhook-signature';
import { ingestForBank } from '../src/services/ingestion';
import { startBenchHub, type BenchHub } from './support/bench-hub';
import {
  BANK,
  SECRET,
  hubRun,
  inProcess,
  inFlight,
  rawRun,
  reset,
  setUp,
  timed,
  type Load,
} from './support/intake-runs';
import { makeBatches } from './support/intake-data';

/**
 * Where the intake's time goes: `node -r ./src/register.js bench/intake-profile.ts`. Not a
 * *.bench.ts, so `npm run bench` skips it. Each step runs the same 100 batches and prints ms per
 * batch of 1,000 and events/s, from the pure CPU work of one request down to the SQL alone.
 * The SQL variants copy src/services/ingestion.ts (as of this commit) to test alternatives.
 */
const load: Load = { events: 100_000, batch: 1000, accounts: 100 };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const report = (what: string, seconds: number, extra = '') =>
  console.log(
    `  ${what.padEnd(58)} ${((seconds * 1000) / (load.events / load.batch)).toFixed(2).padStart(7)} ms/batch  ${fmt(load.events / seconds).padStart(9)} ev/s ${extra}`,
  );

function cpuSteps(): AccountEvent[][] {
  const bodies = makeBatches('cpu', load.events, load.batch, load.accounts).map((b) =>
    Buffer.from(JSON.stringify({ events: b })),
  );
  const doc = (body: Buffer) => ({ bankCode: BANK, contentType: 'application/json', charset: null, body });
  console.log(`CPU in one thread (body ${fmt(bodies[0].length)} bytes):`);
  let t = process.hrtime.bigint();
  const secs = () => {
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    t = process.hrtime.bigint();
    return s;
  };
  for (const body of bodies)
    verifySignature(SECRET, { id: 'm', ...pick(signedHeaders(SECRET, body, 'm')) }, body, new Date());
  report('HMAC-SHA256 signature check', secs());
  for (const body of bodies) JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  report('UTF-8 decode + JSON.parse', secs());
  const parsed = bodies.map((body) => canonicalJsonAdapter.parse(doc(body), {}).events);
  report('canonical-json adapter (decode, parse, validate)', secs());
  for (const events of parsed) JSON.stringify(insertRows(events));
  report('JSON.stringify of the rows for jsonb_to_recordset', secs());
  return parsed;
}

const pick = (h: Record<string, string>) => ({
  timestamp: h['webhook-timestamp'],
  signature: h['webhook-signature'],
});

/** The row objects insertEvents() in src/services/ingestion.ts builds. */
function insertRows(events: AccountEvent[], withRaw = true) {
  return events.map((e) => ({
    bank_event_id: e.bankEventId,
    account_no: e.accountNo,
    type: e.type,
    amount_fen: e.amountFen === null ? null : e.amountFen.toString(),
    booked_at: e.bookedAt.toISOString(),
    counterparty_name: e.counterpartyName,
    counterparty_account: e.counterpartyAccount,
    memo: e.memo,
    raw: withRaw ? (e.raw ?? null) : null,
  }));
}

const RECORDSET = `from jsonb_to_recordset($2::jsonb) as e(bank_event_id text, account_no text, type text, amount_fen bigint,
  booked_at timestamptz, counterparty_name text, counterparty_account text, memo text, raw jsonb)`;
const INSERT = `insert into account_event (bank_code, bank_event_id, account_no, type, amount_fen, booked_at,
  counterparty_name, counterparty_account, memo, raw)
  select $1, e.bank_event_id, e.account_no, e.type, e.amount_fen, e.booked_at,
         e.counterparty_name, e.counterparty_account, e.memo, coalesce(e.raw, 'null'::jsonb) ${RECORDSET}
  on conflict (bank_code, bank_event_id) do nothing`;
const MATCHED = `returning account_no, type, exists (select 1 from special_account sa
  where sa.bank_code = account_event.bank_code and sa.account_no = account_event.account_no) as matched`;
const HELD_ELSEWHERE = `select distinct a.account_no from special_account a
  where a.account_no in (select jsonb_array_elements_text($1::jsonb)) and a.bank_code <> $2
    and not exists (select 1 from special_account mine where mine.bank_code = $3 and mine.account_no = a.account_no)`;

const REPEAT = Number(process.env.PROFILE_REPEAT ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One way of storing all batches, on one connection, from an empty table; the median of REPEAT runs. */
async function sqlStep(
  b: BenchHub,
  what: string,
  batches: AccountEvent[][],
  run: (c: Client, events: AccountEvent[]) => Promise<unknown>,
) {
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    await reset(b);
    const c = new Client({ connectionString: b.databaseUrl });
    await c.connect();
    times.push(
      (
        await timed(async () => {
          for (const events of batches) await run(c, events);
        })
      ).seconds,
    );
    await c.end();
  }
  report(what, median(times));
}

/** The same, through the hub's MikroORM: a fork and a transaction per batch, `n` in flight. */
async function ormStep(
  b: BenchHub,
  what: string,
  n: number,
  batches: AccountEvent[][],
  run: (em: EntityManager, events: AccountEvent[]) => Promise<unknown>,
) {
  const times: number[] = [];
  let cpu = 0;
  for (let i = 0; i < REPEAT; i++) {
    await reset(b);
    const t = await timed(() =>
      inFlight(n, batches, async (events) => {
        await b.hub.orm.em.fork().transactional((tx) => run(tx as EntityManager, events));
      }),
    );
    times.push(t.seconds);
    cpu = Math.max(cpu, t.nodeCpu);
  }
  report(what, median(times), `node CPU ${cpu.toFixed(2)}`);
}

const distinctAccounts = (ev: AccountEvent[]) => JSON.stringify([...new Set(ev.map((e) => e.accountNo))]);

async function main(): Promise<void> {
  const batches = cpuSteps();
  const b = await startBenchHub();
  try {
    await setUp(b, load.accounts);
    await hubRun(inProcess(b), 'warm', 2, { ...load, events: 10_000 });
    const platform = b.hub.orm.em.getPlatform();
    const json = (events: AccountEvent[], withRaw = true) => JSON.stringify(insertRows(events, withRaw));
    let t = process.hrtime.bigint();
    for (const ev of batches)
      platform.formatQuery(`${INSERT} ${MATCHED}`.replace('$1', '?').replace('$2', '?'), [BANK, json(ev)]);
    report(
      'JSON.stringify + MikroORM formatQuery (inlines the JSON literal)',
      Number(process.hrtime.bigint() - t) / 1e9,
    );
    t = process.hrtime.bigint();

    console.log(`SQL alone, one connection, one statement per batch (median of ${REPEAT}):`);
    await sqlStep(b, 'accountsHeldElsewhere query only', batches, (c, ev) =>
      c.query(HELD_ELSEWHERE, [distinctAccounts(ev), BANK, BANK]),
    );
    await sqlStep(b, 'hub insert, bind parameters (jsonb_to_recordset + RETURNING)', batches, (c, ev) =>
      c.query(`${INSERT} ${MATCHED}`, [BANK, json(ev)]),
    );
    await sqlStep(b, 'hub insert, JSON inlined as a literal (what MikroORM sends)', batches, (c, ev) =>
      c.query(
        platform.formatQuery(`${INSERT} ${MATCHED}`.replace('$1', '?').replace('$2', '?'), [BANK, json(ev)]),
      ),
    );
    await sqlStep(b, 'hub insert, bind parameters, no RETURNING', batches, (c, ev) =>
      c.query(INSERT, [BANK, json(ev)]),
    );
    await sqlStep(b, 'hub insert, bind parameters, raw column null', batches, (c, ev) =>
      c.query(`${INSERT} ${MATCHED}`, [BANK, json(ev, false)]),
    );
    await sqlStep(b, 'hub insert, raw as a JSON string field cast ::jsonb', batches, (c, ev) =>
      c.query(
        `${INSERT.replace('raw jsonb)', 'raw text)').replace("coalesce(e.raw, 'null'::jsonb)", "coalesce(e.raw::jsonb, 'null'::jsonb)")} ${MATCHED}`,
        [BANK, JSON.stringify(insertRows(ev).map((r) => ({ ...r, raw: JSON.stringify(r.raw) })))],
      ),
    );
    await sqlStep(b, 'unnest() of 9 array parameters + RETURNING account_no', batches, (c, ev) =>
      c.query(UNNEST, unnestParams(ev)),
    );

    console.log(`The hub's service path, without HTTP or parsing (median of ${REPEAT}):`);
    for (const n of [1, 2]) {
      await ormStep(b, `ingestForBank() as is, ${n} in flight`, n, batches, (em, events) =>
        ingestForBank(em, BANK, { events, rejected: [], statements: [] }, new Date()),
      );
    }
    for (const n of [1, 2]) {
      await ormStep(
        b,
        `same SQL via knex bindings (no inlining), ${n} in flight`,
        n,
        batches,
        async (em, ev) => {
          const knex = em.getConnection().getKnex();
          const trx = em.getTransactionContext();
          await knex.raw('select 1 from bank where code = ?', [BANK]).transacting(trx);
          await knex
            .raw(HELD_ELSEWHERE.replace(/\$\d/g, '?'), [distinctAccounts(ev), BANK, BANK])
            .transacting(trx);
          await knex.raw(`${INSERT} ${MATCHED}`.replace(/\$\d/g, '?'), [BANK, json(ev)]).transacting(trx);
        },
      );
    }
    for (const n of [1, 2]) {
      await ormStep(
        b,
        `unnest() via knex bindings, one account query, ${n} in flight`,
        n,
        batches,
        async (em, ev) => {
          const knex = em.getConnection().getKnex();
          const trx = em.getTransactionContext();
          await knex.raw(ACCOUNTS_SEEN.replace(/\$\d/g, '?'), [BANK, distinctAccounts(ev)]).transacting(trx);
          await knex.raw(UNNEST.replace(/\$\d+/g, '?'), unnestParams(ev) as never).transacting(trx); // knex types lack arrays with nulls
        },
      );
    }

    console.log(`Over HTTP (one run each):`);
    for (const n of [1, 2, 3]) {
      await reset(b);
      const h = await hubRun(inProcess(b), `p${n}`, n, load);
      report(`full signed HTTP push, ${n} in flight`, h.seconds, `node CPU ${h.nodeCpu.toFixed(2)}`);
    }
    bindInsteadOfInlining(b);
    for (const n of [1, 2, 3]) {
      await reset(b);
      const h = await hubRun(inProcess(b), `s${n}`, n, load);
      report(
        `full HTTP push, execute() patched to bind, ${n} in flight`,
        h.seconds,
        `node CPU ${h.nodeCpu.toFixed(2)}`,
      );
    }
    for (const n of [1, 2]) {
      await reset(b);
      const r = await rawRun(b, `q${n}`, n, load);
      report(
        `raw pg multi-row VALUES baseline, ${n} in flight`,
        r.seconds,
        `node CPU ${r.nodeCpu.toFixed(2)}`,
      );
    }
  } finally {
    await b.close();
  }
}

/**
 * Simulates the suggested fix without touching src/: em.execute(sql, params) ends in
 * Connection.execute(sql, params, method, trx), which this replaces for this hub so that it
 * sends the parameters as bind parameters through knex instead of inlining them (MikroORM's
 * Platform.formatQuery). Query builders and parameterless SQL keep the original path.
 */
function bindInsteadOfInlining(b: BenchHub): void {
  const conn = b.hub.orm.em.getConnection();
  const original = conn.execute.bind(conn);
  const transform = (
    conn as unknown as { transformRawResult(res: unknown, method: string): unknown }
  ).transformRawResult.bind(conn);
  type Raw = { raw(sql: string, bindings: never): PromiseLike<unknown> };
  conn.execute = (async (sql: unknown, params: unknown[] = [], method = 'all', ctx?: Raw) => {
    if (typeof sql !== 'string' || params.length === 0)
      return original(sql as string, params, method as 'all', ctx as never);
    const knex: Raw = ctx ?? (conn.getKnex() as unknown as Raw);
    return transform(await knex.raw(sql, params as never), method);
  }) as typeof conn.execute;
}

/** A candidate: one parameter per column as a Postgres array; no JSON document to build or parse. */
const UNNEST = `insert into account_event (bank_code, bank_event_id, account_no, type, amount_fen, booked_at,
  counterparty_name, counterparty_account, memo, raw)
  select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::jsonb[])
  on conflict (bank_code, bank_event_id) do nothing returning account_no`;

function unnestParams(ev: AccountEvent[]): (string | (string | null)[])[] {
  const col = <T>(f: (e: AccountEvent) => T) => ev.map(f);
  return [
    BANK,
    col((e) => e.bankEventId),
    col((e) => e.accountNo),
    col((e) => e.type),
    col((e) => e.amountFen?.toString() ?? null),
    col((e) => e.bookedAt.toISOString()),
    col((e) => e.counterpartyName),
    col((e) => e.counterpartyAccount),
    col((e) => e.memo),
    col((e) => JSON.stringify(e.raw ?? null)),
  ];
}

/** A candidate: one look-up gives both the accounts held elsewhere and this bank's own (for "matched"). */
const ACCOUNTS_SEEN = `select account_no, bool_or(bank_code = $1) as mine from special_account
  where account_no in (select jsonb_array_elements_text($2::jsonb)) group by account_no`;

main().catch((err: Error) => {
  console.error(`intake profile: ${err.stack ?? err.message}`);
  process.exit(1);
});
