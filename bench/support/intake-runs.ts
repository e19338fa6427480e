import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Client } from 'pg';
import { signedHeaders } from '../../src/http/webhook-signature';
import { usccCheckCharacter } from '../../src/domain/identifiers';
import type { BenchHub } from './bench-hub';
import { accountNo, makeBatches, rawInsert } from './intake-data';

/** The intake measurements, shared by intake.bench.ts and the profiling script. */

export const BANK = 'ICBC_BX';
/** the raw INSERT's table, and the bare HTTP receiver's (support/intake-bare-server.ts) */
export const RAW_TABLE = 'bench_raw_event';
export const BARE_TABLE = 'bench_bare_event';
const BASELINE_TABLES = [RAW_TABLE, BARE_TABLE];
export const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

export interface Load {
  events: number;
  batch: number;
  accounts: number;
}
export interface RunResult {
  rate: number;
  accepted: number;
  seconds: number;
  nodeCpu: number;
}

/** Runs `work` over `items` with at most `n` running at once. */
export async function inFlight<T>(
  n: number,
  items: T[],
  work: (item: T, lane: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async (_, lane) => {
      while (next < items.length) await work(items[next++], lane);
    }),
  );
}

/** Wall time, and this process's CPU time as a share of it (1.0 = one core busy all along). */
export async function timed(work: () => Promise<void>): Promise<{ seconds: number; nodeCpu: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { seconds, nodeCpu: (used.user + used.system) / 1e6 / seconds };
}

/** A bank, two firms and `accounts` projects with agreements, through GraphQL; plus the baseline table. */
export async function setUp(b: BenchHub, accounts: number): Promise<void> {
  const admin = b.token({ org: 'HRSS', district: '210500' });
  await b.gql(admin, `mutation($i: BankInput!) { registerBank(input: $i) { code } }`, {
    i: { code: BANK, name: '中国工商银行本溪分行', webhookSecret: SECRET },
  });
  const [owner, contractor] = ['91210500MA0BENCH1', '91210502MA0BENCH2'].map(
    (body) => body + usccCheckCharacter(body),
  );
  for (const [uscc, name] of [
    [owner, '本溪市城市建设投资发展有限公司'],
    [contractor, '本溪市建工集团有限公司'],
  ]) {
    await b.gql(admin, `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
      i: { uscc, name },
    });
  }
  for (let i = 0; i < accounts; i++) {
    const { registerProject } = await b.gql<{ registerProject: { id: string } }>(
      admin,
      `mutation($i: ProjectInput!) { registerProject(input: $i) { id } }`,
      {
        i: {
          name: `压测项目${i}`,
          districtCode: '210502',
          industry: 'HOUSING',
          ownerUscc: owner,
          contractorUscc: contractor,
          contractPrice: '10000000.00',
          contractSignedOn: '2026-01-10',
          permitIssuedOn: '2026-01-20',
        },
      },
    );
    await b.gql(
      admin,
      `mutation($i: TripartiteAgreementInput!) { registerTripartiteAgreement(input: $i) { id } }`,
      {
        i: {
          projectId: registerProject.id,
          bankCode: BANK,
          accountNo: accountNo(i),
          laborCostPerCycle: '380000.00',
          dueDay: 15,
          startsOn: '2026-02-01',
        },
      },
    );
  }
  // The baselines' tables (the raw INSERT's, the bare HTTP receiver's): the same columns, defaults,
  // checks, indexes, unique constraint and foreign key.
  for (const table of BASELINE_TABLES) {
    await b.sql.query(`create table ${table} (like account_event including all)`);
    await b.sql.query(
      `alter table ${table} add foreign key (bank_code) references bank (code) on update cascade`,
    );
  }
  // A live hub's tables have statistics (autovacuum analyzes them). The ones filled above get
  // theirs now: without them a push's prepared statement, planned in the first seconds and kept,
  // read every account of the bank for each debit (its marks, its credit checks). The tables the
  // pushes fill are left unanalyzed, as if large: analyzed while nearly empty, the foreign-key
  // check of each event against its document was planned as a scan of all documents (0.12 ms an
  // event, growing with every push), which a live hub's large tables never get.
  await b.sql.query('analyze bank, enterprise, project, special_account, tripartite_agreement');
}

/** Where the pushes go: the hub's address and the bank's webhook secret. */
export interface PushTarget {
  url: string;
  secret: string;
}

/** A hub started in this process, as a push target. */
export const inProcess = (b: BenchHub): PushTarget => ({ url: b.hub.url, secret: SECRET });

/** Empties the hub's and the baselines' tables (and what refers to the events: freeze objections) and flushes dirty pages, so every run starts from the same state. */
export async function reset(b: Pick<BenchHub, 'sql'>): Promise<void> {
  await b.sql.query(`truncate account_event, ${BASELINE_TABLES.join(', ')} cascade`);
  await b.sql.query('checkpoint');
}

export async function count(b: Pick<BenchHub, 'sql'>, table: string): Promise<number> {
  return Number((await b.sql.query(`select count(*)::int as n from ${table}`)).rows[0].n);
}

/**
 * Signed JSON pushes over HTTP, `n` requests in flight. `nodeCpu` is this process's CPU: the hub's
 * too when it runs here (inProcess), the client's alone when the hub runs in a process of its own.
 */
export async function hubRun(to: PushTarget, run: string, n: number, load: Load): Promise<RunResult> {
  // Bodies and signatures are made before the clock starts: they are the bank's work, not the hub's.
  const requests = makeBatches(run, load.events, load.batch, load.accounts).map((batch, i) => {
    const body = Buffer.from(JSON.stringify({ events: batch }));
    return {
      body,
      headers: { 'content-type': 'application/json', ...signedHeaders(to.secret, body, `msg_${run}_${i}`) },
    };
  });
  let accepted = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: n });
  const url = new URL(`${to.url}/banks/${BANK}/events`);
  const t = await timed(() =>
    inFlight(n, requests, async ({ body, headers }) => {
      const res = await post(agent, url, headers, body);
      const result = JSON.parse(res.text) as { accepted: number; rejected: unknown[] };
      if (res.status !== 200 || result.rejected.length > 0)
        throw new Error(`push answered ${res.status}: ${res.text.slice(0, 300)}`);
      accepted += result.accepted;
    }),
  );
  agent.destroy();
  return { ...t, rate: load.events / t.seconds, accepted };
}

/**
 * One POST over a kept-alive socket with node's http client. The bench used `fetch` (undici)
 * before 2026-12-04: on this 2-core machine it cost the pushing client about 1.6 ms of CPU a push,
 * more than the hub's own statement, CPU taken from the hub and PostgreSQL that the baseline's
 * `pg` client does not take; a bank's client runs on the bank's machines.
 */
function post(
  agent: http.Agent,
  url: URL,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The baseline: plain multi-row INSERTs over `n` pg connections. */
export async function rawRun(
  b: Pick<BenchHub, 'databaseUrl'>,
  run: string,
  n: number,
  load: Load,
): Promise<RunResult> {
  const batches = makeBatches(run, load.events, load.batch, load.accounts);
  const clients = await Promise.all(
    Array.from({ length: n }, async () => {
      const c = new Client({ connectionString: b.databaseUrl });
      await c.connect();
      return c;
    }),
  );
  let accepted = 0;
  const t = await timed(() =>
    inFlight(n, batches, async (batch, lane) => {
      const inserted = await rawInsert(clients[lane], RAW_TABLE, BANK, batch);
      accepted += inserted; // not `accepted += await …`: that reads `accepted` before the await
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  return { ...t, rate: load.events / t.seconds, accepted };
}
