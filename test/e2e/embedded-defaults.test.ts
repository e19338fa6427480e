import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEV_JWT_SECRET } from '../../src/config';
import { signToken } from '../../src/auth/tokens';
import { signedHeaders } from '../../src/http/webhook-signature';
import { freshUscc } from '../support/fixtures';
import { now as clockNow } from '../../src/clock';

/**
 * `npm start` with no DATABASE_URL and no REDIS_URL, as a newcomer runs it: the real entry point
 * in a child process, an embedded PostgreSQL under DATA_DIR and BullMQ's PostgreSQL backend.
 */
describe('npm start on the embedded defaults', () => {
  const root = path.join(__dirname, '..', '..');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wagewatch-embedded-'));
  let port: number;
  let hub: ChildProcess | undefined;
  const token = signToken({ sub: 'newcomer', org: 'HRSS', district: '210500' }, DEV_JWT_SECRET);

  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(async () => {
    await stop(hub);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  };

  it('starts with no database and no Redis, says where it listens, and answers /healthz', async () => {
    const started = Date.now();
    const { child, output } = await start(root, dataDir, port);
    hub = child;
    expect(output).toContain(`http://localhost:${port}/graphql`);
    expect(output).toMatch(/embedded PostgreSQL under/);
    expect(output).toMatch(/BullMQ PostgreSQL backend/);
    expect(output).toMatch(/npm run token/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', queueBackend: 'postgres' });
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

  it('registers, takes a signed bank push, and keeps it all across a restart', async () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const bank = await gql(`mutation($i: BankInput!) { registerBank(input: $i) { code } }`, {
      i: { code: 'BX_BANK', name: '本溪银行', webhookSecret: secret },
    });
    expect(bank.errors).toBeUndefined();
    const [owner, contractor] = [freshUscc(), freshUscc()];
    for (const uscc of [owner, contractor]) {
      const e = await gql(`mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
        i: { uscc, name: '本溪某公司' },
      });
      expect(e.errors).toBeUndefined();
    }
    const project = await gql(`mutation($i: ProjectInput!) { registerProject(input: $i) { id } }`, {
      i: {
        name: '明山区道路改造',
        districtCode: '210504',
        industry: 'TRANSPORT',
        ownerUscc: owner,
        contractorUscc: contractor,
        contractPrice: '8000000.00',
        contractSignedOn: '2026-03-01',
      },
    });
    const projectId = project.data.registerProject.id;
    await gql(`mutation($i: TripartiteAgreementInput!) { registerTripartiteAgreement(input: $i) { id } }`, {
      i: {
        projectId,
        bankCode: 'BX_BANK',
        accountNo: '8000123400001',
        laborCostPerCycle: '200000.00',
        dueDay: 10,
        startsOn: '2026-03-01',
      },
    });
    const body = Buffer.from(
      JSON.stringify({
        events: [
          {
            bankEventId: 'bx-1',
            accountNo: '8000123400001',
            type: 'CREDIT',
            amount: '200000.00',
            bookedAt: '2026-03-09T15:00:00+08:00',
          },
        ],
      }),
    );
    const push = await fetch(`http://127.0.0.1:${port}/banks/BX_BANK/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(secret, body, 'msg_bx_1') },
      body,
    });
    expect(await push.json()).toEqual({ accepted: 1, duplicates: 0, unmatched: 0, rejected: [] });

    await stop(hub);
    const restarted = await start(root, dataDir, port);
    hub = restarted.child;
    const again = await gql(`query($id: ID!) { project(id: $id) { name agreement { creditedTotal } } }`, {
      id: projectId,
    });
    expect(again.data.project).toEqual({ name: '明山区道路改造', agreement: { creditedTotal: '200000.00' } });
  }, 90_000);
});

function start(
  root: string,
  dataDir: string,
  port: number,
): Promise<{ child: ChildProcess; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    // the child hub runs on the test's clock, so the tokens signed here are current there
    HUB_CLOCK_AT: clockNow().toISOString(),
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.JWT_SECRET;
  const child = spawn(process.execPath, ['-r', './src/register.js', 'src/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('wagewatch hub')) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}
