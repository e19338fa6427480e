import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEV_JWT_SECRET } from '../../src/config';
import { signToken } from '../../src/auth/tokens';
import { signedHeaders } from '../../src/http/webhook-signature';
import { freshUscc } from '../support/fixtures';
import { embeddedDataDir } from '../support/embedded-data-dir';
import {
  alive,
  freePort,
  nonJsonLines,
  spawnHub,
  stopHub,
  untilListening,
  type HubProcess,
} from '../support/hub-process';

/**
 * `npm start` with nothing configured, as a newcomer runs it: the real entry point in a child
 * process, with a fresh DATA_DIR and no DATABASE_URL or REDIS_URL, so an embedded PostgreSQL
 * server under DATA_DIR and BullMQ's PostgreSQL backend.
 */
const BANKS = 7; // 25 concurrent pushes, at most 4 per bank: BANK_PUSH_MAX_IN_FLIGHT's default
const CREDIT = '1000.00';

describe('npm start on the embedded defaults', () => {
  const dir = embeddedDataDir();
  const pgData = path.join(dir.path, 'postgres');
  let port: number;
  let hub: HubProcess | undefined;
  const allStdout: string[] = [];
  const token = signToken({ sub: 'newcomer', org: 'HRSS', district: '210500' }, DEV_JWT_SECRET);
  const banks: { code: string; secret: string; accountNo: string; projectId: string }[] = [];
  let pushes = 0;

  const start = async () => {
    hub = spawnHub({ DATA_DIR: dir.path, PORT: String(port) });
    await untilListening(hub);
    return hub;
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const result = await stopHub(hub, signal);
    if (hub) allStdout.push(hub.stdout());
    return result;
  };
  const postmasterPid = () =>
    Number(readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);

  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(async () => {
    await stop('SIGKILL');
    // never leave a server running: a crashed hub's would outlive the test
    if (existsSync(path.join(pgData, 'postmaster.pid')) && alive(postmasterPid()))
      process.kill(postmasterPid(), 'SIGQUIT');
    dir.remove();
  });

  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    return (await res.json()) as { data?: any; errors?: { message: string }[] };
  };
  const must = async (query: string, variables?: Record<string, unknown>) => {
    const r = await gql(query, variables);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const push = async (bank: (typeof banks)[number]) => {
    const n = ++pushes;
    const body = Buffer.from(
      JSON.stringify({
        events: [
          {
            bankEventId: `e2e-${n}`,
            accountNo: bank.accountNo,
            type: 'CREDIT',
            amount: CREDIT,
            bookedAt: '2026-03-09T15:00:00+08:00',
          },
        ],
      }),
    );
    const res = await fetch(`http://127.0.0.1:${port}/banks/${bank.code}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(bank.secret, body, `msg_e2e_${n}`) },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const credited = async (projectId: string) =>
    (await must(`query($id: ID!) { project(id: $id) { agreement { creditedTotal } } }`, { id: projectId }))
      .project.agreement.creditedTotal as string;

  it('starts with nothing configured, says where it listens, and answers /healthz', async () => {
    const started = performance.now();
    await start();
    const seconds = (performance.now() - started) / 1000;
    expect(hub!.stderr()).toContain(`http://localhost:${port}/graphql`);
    expect(hub!.stderr()).toMatch(/embedded PostgreSQL under/);
    expect(hub!.stderr()).toMatch(/BullMQ PostgreSQL backend/);
    expect(hub!.stderr()).toMatch(/npm run token/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', queueBackend: 'postgres', database: 'ok' });
    expect(existsSync(path.join(pgData, 'PG_VERSION'))).toBe(true);
    expect(seconds).toBeLessThan(60);
  }, 90_000);

  it('refuses a second hub on the same DATA_DIR, saying which one has it', async () => {
    const second = spawnHub({ DATA_DIR: dir.path, PORT: String(await freePort()) });
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.stderr()).toContain(
      `DATA_DIR ${dir.path} is in use by another hub (pid ${hub!.child.pid})`,
    );
    expect(nonJsonLines(second.stdout())).toEqual([]);
    // the first one is unharmed
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 90_000);

  it('registers banks and projects, takes signed pushes, and keeps it all across a restart', async () => {
    for (let b = 0; b < BANKS; b++) {
      const bank = { code: `E2E_BANK_${b}`, secret: `whsec_${Buffer.alloc(32, b + 1).toString('base64')}` };
      await must(`mutation($i: BankInput!) { registerBank(input: $i) { code } }`, {
        i: { code: bank.code, name: `本溪银行${b}`, webhookSecret: bank.secret },
      });
      const [owner, contractor] = [freshUscc(), freshUscc()];
      for (const uscc of [owner, contractor]) {
        await must(`mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
          i: { uscc, name: '本溪某公司' },
        });
      }
      const projectId = (
        await must(`mutation($i: ProjectInput!) { registerProject(input: $i) { id } }`, {
          i: {
            name: `明山区道路改造${b}`,
            districtCode: '210504',
            industry: 'TRANSPORT',
            ownerUscc: owner,
            contractorUscc: contractor,
            contractPrice: '8000000.00',
            contractSignedOn: '2026-03-01',
          },
        })
      ).registerProject.id as string;
      const accountNo = `80001234000${String(b).padStart(2, '0')}`;
      await must(
        `mutation($i: TripartiteAgreementInput!) { registerTripartiteAgreement(input: $i) { id } }`,
        {
          i: {
            projectId,
            bankCode: bank.code,
            accountNo,
            laborCostPerCycle: '200000.00',
            dueDay: 10,
            startsOn: '2026-03-01',
          },
        },
      );
      banks.push({ ...bank, accountNo, projectId });
    }
    expect(await push(banks[0]!)).toEqual({
      status: 200,
      body: { accepted: 1, duplicates: 0, unmatched: 0, rejected: [] },
    });

    const pid = postmasterPid();
    expect(await stop('SIGTERM')).toEqual({ code: 0, signal: null });
    // the hub stopped its server and freed the folder
    expect(alive(pid)).toBe(false);
    expect(existsSync(path.join(dir.path, 'hub.lock'))).toBe(false);

    await start();
    expect(await credited(banks[0]!.projectId)).toBe(CREDIT);
  }, 120_000);

  it('answers 50 concurrent mixed reads and signed pushes, with no error and no hang', async () => {
    const before = await Promise.all(banks.map((b) => credited(b.projectId)));
    const requests = Array.from({ length: 50 }, (_, i) => async (): Promise<string | null> => {
      try {
        if (i % 2 === 1) {
          const r = await push(banks[((i - 1) / 2) % BANKS]!);
          return r.status === 200 && (r.body as { accepted?: number }).accepted === 1
            ? null
            : `push ${r.status} ${JSON.stringify(r.body)}`;
        }
        const r =
          i % 4 === 0
            ? await gql(`{ projects(first: 20) { edges { node { id name agreement { creditedTotal } } } } }`)
            : await gql(`query($id: ID!) { project(id: $id) { name owner { name } } }`, {
                id: banks[(i / 2) % BANKS]!.projectId,
              });
        return r.errors ? `read ${JSON.stringify(r.errors)}` : null;
      } catch (err) {
        return (err as Error).name === 'TimeoutError' ? 'hang (no answer in 30 s)' : String(err);
      }
    });
    const outcomes = await Promise.all(requests.map((r) => r()));
    expect(outcomes.filter((o) => o !== null)).toEqual([]);
    // every push was booked: 25 credits spread over the banks' accounts
    const after = await Promise.all(banks.map((b) => credited(b.projectId)));
    const added = after.reduce((sum, a, b) => sum + Number(a) - Number(before[b]), 0);
    expect(added).toBe(25 * Number(CREDIT));
  }, 120_000);

  it('after a crash, the next start stops the server the dead hub left running and keeps the data', async () => {
    const orphan = postmasterPid();
    const total = await credited(banks[0]!.projectId);
    await stop('SIGKILL');
    expect(alive(orphan)).toBe(true); // a killed hub cannot stop its server
    await start();
    expect(alive(orphan)).toBe(false);
    expect(postmasterPid()).not.toBe(orphan);
    expect(await credited(banks[0]!.projectId)).toBe(total);
    expect(hub!.stdout()).toMatch(/"msg":"stopped the embedded PostgreSQL a previous hub left running"/);
  }, 120_000);

  it('writes nothing but JSON lines on stdout', async () => {
    await stop('SIGINT');
    expect(allStdout.length).toBeGreaterThanOrEqual(3);
    expect(allStdout.flatMap(nonJsonLines)).toEqual([]);
  }, 60_000);
});
