import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createTestDatabase } from '../support/test-db';
import { TEST_PERSONAL_DATA_ENV } from '../support/test-env';
import { REDIS_URL } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { documentNamed } from '../../scripts/demo/hub-client';

const ROOT = path.join(__dirname, '..', '..');
const JWT_SECRET = `demo-e2e-${randomBytes(24).toString('hex')}`;

/**
 * `npm run demo` against a production hub (the real entry point, NODE_ENV=production: trusted
 * documents refused unless registered, introspection off), then every query it prints, run as
 * printed: each answers data, not errors and not empty lists, for the token it names.
 */
describe('npm run demo against a production hub', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let hub: ChildProcess | undefined;
  let port: number;
  let first: Run;

  beforeAll(async () => {
    db = await createTestDatabase();
    port = await freePort();
    hub = await startHub(db.url, port);
  }, 90_000);
  afterAll(async () => {
    await stop(hub);
    await db?.drop();
  });

  it('fills the hub, and prints tokens and queries that each return data for their token', async () => {
    first = await demo(['--url', `http://127.0.0.1:${port}`], { HUB_URL: 'http://127.0.0.1:1' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/compliance sweep: as of \d{4}-\d{2}-\d{2}: [1-9]\d* alerts opened/);
    expect(first.stdout).toContain('cases 3 new, 0 already there');
    expect(first.stdout).toContain('penalties 1 new, 0 already there');
    expect(first.stdout).toMatch(/rejected 0\n/);

    const tokens = Object.fromEntries(
      [...first.stdout.matchAll(/^ {2}export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]),
    );
    const tries = [
      ...first.stdout.matchAll(
        /^ {2}curl -s \$HUB\/graphql -H "authorization: Bearer \$(\w+)" .* -d '(.+)'$/gm,
      ),
    ];
    expect(tries.length).toBeGreaterThanOrEqual(10);
    expect(new Set(tries.map((m) => m[1]))).toEqual(
      new Set(['CITY_HRSS', 'PINGSHAN_HRSS', 'BANK_ICBC', 'CREDIT_PLATFORM']),
    );
    for (const [, who, body] of tries) {
      expect(JSON.parse(body)).toHaveProperty('documentId');
      const res = await fetch(`${tokens.HUB}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
        body,
      });
      const answer = (await res.json()) as { data?: unknown; errors?: unknown };
      expect({ who, body, errors: answer.errors }).toEqual({ who, body, errors: undefined });
      expect({ who, body, empty: emptyParts(answer.data) }).toEqual({ who, body, empty: [] });
    }

    // the credit platform's feed holds the listings and the early removal
    const feed = tries.find((m) => m[1] === 'CREDIT_PLATFORM' && m[2].includes('"documentId"'))!;
    const changes = (await (
      await fetch(`${tokens.HUB}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.CREDIT_PLATFORM}` },
        body: feed[2],
      })
    ).json()) as any;
    const kinds = changes.data.blacklistChanges.edges.map((e: any) => e.node.kind);
    expect(kinds).toEqual(expect.arrayContaining(['LISTED', 'REMOVED']));

    // the warning sweep graded the world: open warnings of every grade, each asked for by its grade
    expect(first.stdout).toMatch(/warning sweep: as of \d{4}-\d{2}-\d{2}: [1-9]\d* warnings opened/);
    const ask = async (who: string, body: string) =>
      (await (
        await fetch(`${tokens.HUB}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
          body,
        })
      ).json()) as any;
    const graded = new Set<string>();
    for (const [, who, body] of tries.filter((m) => m[2].includes('"grade"'))) {
      const grades = (await ask(who, body)).data.warnings.edges.map((e: any) => e.node.grade);
      expect(new Set(grades)).toEqual(new Set([JSON.parse(body).variables.filter.grade]));
      grades.forEach((g: string) => graded.add(g));
    }
    expect(graded).toEqual(new Set(['RED', 'ORANGE', 'YELLOW']));

    // a report was made and is listed; its workbook downloads from the printed line
    const archiveId = `sha256:${documentNamed('ReportArchive').id}`;
    const archive = tries.find((m) => JSON.parse(m[2]).documentId === archiveId)!;
    const { reports } = (await ask(archive[1], archive[2])).data;
    expect(reports.totalCount).toBeGreaterThanOrEqual(1);
    expect(reports.edges.map((e: any) => e.node)).toContainEqual(
      expect.objectContaining({ districtCode: '210500', department: null, toDate: true }),
    );
    const download = first.stdout.match(
      /^ {2}curl -fsS \$HUB(\/reports\/[\w-]+\.xlsx) -H "authorization: Bearer \$(\w+)"/m,
    );
    expect(download).not.toBeNull();
    const file = await fetch(`${tokens.HUB}${download![1]}`, {
      headers: { authorization: `Bearer ${tokens[download![2]]}` },
    });
    expect(file.status).toBe(200);
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  }, 300_000);

  it('runs again on the same hub, finding everything it made (HUB_URL this time)', async () => {
    const again = await demo([], { HUB_URL: `http://127.0.0.1:${port}` });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('projects 0 new, 30 already there');
    expect(again.stdout).toContain('cases 0 new, 3 already there');
    expect(again.stdout).toContain('penalties 0 new, 1 already there');
    expect(again.stdout).toMatch(/accepted 0, duplicates [1-9]/);
  }, 300_000);

  it('finds the hub at --url, else HUB_URL, else localhost:$PORT, and says where it looked', async () => {
    const byPort = await demo([], { PORT: '1' });
    expect(byPort.code).toBe(1);
    expect(byPort.stderr).toContain('no healthy hub at http://localhost:1 ');
    const byEnv = await demo([], { HUB_URL: 'http://127.0.0.1:2/', PORT: '1' });
    expect(byEnv.stderr).toContain('no healthy hub at http://127.0.0.1:2 ');
    const help = await demo(['--help'], {});
    expect(help.stdout).toContain('--url, else HUB_URL, else http://localhost:$PORT');
  }, 60_000);
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The parts of an answer that are empty: lists with nothing in them, nulls at the root. */
function emptyParts(data: unknown, at = 'data'): string[] {
  if (data === null || data === undefined) return [at];
  if (Array.isArray(data)) return data.length ? [] : [at];
  if (typeof data !== 'object') return [];
  const record = data as Record<string, unknown>;
  const out: string[] = [];
  for (const key of ['edges', 'entries'])
    if (key in record) out.push(...emptyParts(record[key], `${at}.${key}`));
  if (at === 'data') for (const [k, v] of Object.entries(record)) out.push(...emptyParts(v, `data.${k}`));
  return out;
}

function demo(args: string[], env: Record<string, string>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, JWT_SECRET, ...env };
  if (!('HUB_URL' in env)) delete childEnv.HUB_URL;
  if (!('PORT' in env)) delete childEnv.PORT;
  const child = spawn(process.execPath, ['-r', './src/register.js', 'scripts/demo.ts', ...args], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Starts a production hub and waits until /healthz answers (in production the hub prints only JSON logs). */
async function startHub(databaseUrl: string, port: number): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: `demo_${randomBytes(4).toString('hex')}`,
    JWT_SECRET,
    ...TEST_PERSONAL_DATA_ENV,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    RUN_JOBS: 'false',
  };
  delete env.HUB_CLOCK_AT;
  delete env.TRUSTED_DOCUMENTS;
  const child = spawn(process.execPath, ['-r', './src/register.js', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  try {
    await waitFor(
      'the production hub to answer /healthz',
      async () => {
        if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}:\n${output}`);
        const answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        return answer?.ok ? true : undefined;
      },
      60_000,
    );
  } catch (err) {
    await stop(child); // a hub left running would keep jest from exiting
    throw err;
  }
  return child;
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
