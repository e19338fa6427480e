import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { DEV_JWT_SECRET } from '../../src/config';
import { signToken } from '../../src/auth/tokens';
import { createTestDatabase } from '../support/test-db';
import { embeddedDataDir } from '../support/embedded-data-dir';
import { REDIS_URL } from '../support/test-env';
import { alive, freePort, spawnHub, stopHub, untilListening, type HubProcess } from '../support/hub-process';
import { waitFor } from '../support/wait-for';

/**
 * HTTP_PROCESSES=2 (src/cluster/primary.ts), as an operator runs it: `npm start` in a child
 * process. Two serving processes share the port, the jobs run in one, /metrics adds both up, a
 * serving process that dies is replaced, and SIGTERM stops them all.
 */
const token = signToken({ sub: 'cluster-test', org: 'HRSS', district: '210500' }, DEV_JWT_SECRET);

interface LogLine {
  msg: string;
  process?: number;
  pid?: number;
  processes?: number;
  path?: string;
}
const lines = (hub: HubProcess): LogLine[] =>
  hub
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogLine);

/** One request on a connection of its own, so the primary hands each to the next process. */
function post(port: number, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('npm start with HTTP_PROCESSES=2', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let hub: HubProcess | undefined;
  let port: number;
  const prefix = `cluster_${Math.random().toString(16).slice(2, 10)}`;
  const count = JSON.stringify({ query: '{ projects(first: 1) { totalCount } }' });
  // the primary's lines: written before it says the hub listens (a serving process's may still be in its buffer)
  const servingPids = () =>
    lines(hub!)
      .filter((l) => l.msg === 'serving process is listening')
      .map((l) => l.pid!);

  beforeAll(async () => {
    db = await createTestDatabase();
    port = await freePort();
    hub = spawnHub({
      HTTP_PROCESSES: '2',
      PORT: String(port),
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      // 20 requests of one agency at once: past its share (8 in a process) some would be 429
      MAX_IN_FLIGHT_PER_AGENCY: '64',
    });
    await untilListening(hub);
  }, 90_000);
  afterAll(async () => {
    await stopHub(hub, 'SIGKILL');
    await db.drop();
  });

  it('says once that it listens, with two serving processes, and prints the banner once', () => {
    const listening = lines(hub!).filter((l) => l.msg === 'wagewatch is listening');
    expect(listening).toHaveLength(1);
    expect(listening[0].processes).toBe(2);
    const pids = servingPids();
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(hub!.child.pid);
    expect(hub!.stderr().match(/wagewatch hub {3}http/g)).toHaveLength(1);
    expect(hub!.stderr()).toContain('2 serving HTTP (HTTP_PROCESSES)');
  });

  it('answers on the one port from both processes, and /metrics counts the requests of both', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(port, count)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(JSON.parse(answers[0].text)).toEqual({ data: { projects: { totalCount: 0 } } });
    await waitFor('the 20 request lines', async () =>
      lines(hub!).filter((l) => l.msg === 'request' && l.path === '/graphql').length >= 20 ? true : undefined,
    );
    const byProcess = new Set(
      lines(hub!)
        .filter((l) => l.msg === 'request' && l.path === '/graphql')
        .map((l) => l.process),
    );
    expect(byProcess).toEqual(new Set([0, 1]));

    // whichever process takes the scrape, the sum is the same: every graphql request so far
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/^wagewatch_http_requests_total\{route="graphql",status="2xx"\} 20$/m);
      // a gauge every process reads alike is not counted twice
      expect(text).toMatch(/^wagewatch_queue_jobs\{queue="compliance",state="delayed"\} [01]$/m);
    }
  }, 60_000);

  it('runs the jobs in one process only', async () => {
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('compliance', { prefix, connection: redis });
    try {
      expect(await queue.getWorkersCount()).toBe(1);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });

  it('replaces a serving process that dies, and keeps answering meanwhile', async () => {
    const [victim, survivor] = servingPids();
    process.kill(victim, 'SIGKILL');
    await waitFor('the primary to see the exit', async () =>
      lines(hub!).some((l) => l.msg === 'serving process exited: restarting it') ? true : undefined,
    );
    // until the replacement listens, the survivor takes every connection
    expect((await Promise.all([post(port, count), post(port, count)])).map((a) => a.status)).toEqual([
      200, 200,
    ]);
    await waitFor('a replacement', async () => (servingPids().length === 3 ? true : undefined), 30_000);
    const replacement = servingPids()[2];
    expect([victim, survivor]).not.toContain(replacement);
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(port, count)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
  }, 60_000);

  it('stops every serving process on SIGTERM, and exits 0', async () => {
    const pids = servingPids().filter(alive);
    expect(pids).toHaveLength(2);
    expect(await stopHub(hub, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(pids.filter(alive)).toEqual([]);
    expect(lines(hub!).filter((l) => l.msg === 'stopped')).toHaveLength(3);
  }, 60_000);
});

describe('npm start with HTTP_PROCESSES=2 that cannot start', () => {
  let failing: HubProcess | undefined;
  // its serving processes leave when the primary does (their channel to it closes)
  afterAll(() => stopHub(failing, 'SIGKILL'));

  it('exits 1 and says why, no process having listened', async () => {
    failing = spawnHub({
      HTTP_PROCESSES: '2',
      PORT: String(await freePort()),
      // no server on port 1 (a missing database itself would be created, as MikroORM does)
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/wagewatch_test_unreachable',
      REDIS_URL,
    });
    const exit = await failing.exited;
    expect(exit.code).toBe(1);
    expect(failing.stderr()).toMatch(/wagewatch: could not start: serving process 0 exited while starting/);
    expect(lines(failing).some((l) => l.msg === 'hub process is listening')).toBe(false);
    expect(lines(failing).some((l) => l.msg === 'wagewatch is listening')).toBe(false);
  }, 60_000);
});

describe('npm start with HTTP_PROCESSES=2 on the embedded defaults', () => {
  const dir = embeddedDataDir('cluster');
  const postmaster = path.join(dir.path, 'postgres', 'postmaster.pid');
  const postmasterPid = () => Number(readFileSync(postmaster, 'utf8').split('\n')[0]);
  let hub: HubProcess | undefined;
  afterAll(async () => {
    await stopHub(hub, 'SIGKILL');
    if (existsSync(postmaster) && alive(postmasterPid())) process.kill(postmasterPid(), 'SIGQUIT');
    dir.remove();
  });

  it('the primary runs the one embedded server both processes use, and stops it last', async () => {
    const port = await freePort();
    hub = spawnHub({ HTTP_PROCESSES: '2', PORT: String(port), DATA_DIR: dir.path });
    await untilListening(hub);
    expect(hub.stderr()).toContain('embedded PostgreSQL under');
    const server = postmasterPid();
    expect(alive(server)).toBe(true);
    const calendar = JSON.stringify({ query: '{ calendarYears { year } }' });
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(port, calendar)));
    expect(answers.map((a) => JSON.parse(a.text))).toEqual(
      Array(4).fill({ data: { calendarYears: [{ year: 2025 }, { year: 2026 }] } }),
    );
    expect(await stopHub(hub, 'SIGINT')).toEqual({ code: 0, signal: null });
    expect(alive(server)).toBe(false);
  }, 120_000);
});
