import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The servers of the agency-queries bench, each in a process of its own: the load generator (the
 * bench process) must not share a Node thread with what it measures, and the hub must run as it
 * is deployed (`src/main.ts`, settings from the environment).
 */
export interface Child {
  name: string;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = path.join(__dirname, '..', '..');

export interface ChildOptions {
  env: Record<string, string>;
  /** extra node flags (e.g. --cpu-prof) */
  nodeArgs?: string[];
  /** where the child's stdout goes (its log); unset: read for `listening <port>`, or dropped with a port */
  logFile?: string;
  /** the port to give it (PORT) and poll /healthz on */
  port?: number;
  /** the checkout whose script and register it runs (default: this one) */
  root?: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startChild(name: string, script: string, opts: ChildOptions): Promise<Child> {
  const log = opts.logFile ? openSync(opts.logFile, 'a') : null;
  const root = opts.root ?? ROOT;
  const register = path.join(root, 'src', 'register.js');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '-r', register, path.join(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...opts.env, ...(opts.port ? { PORT: String(opts.port) } : {}) },
    stdio: ['ignore', log ?? (opts.port ? 'ignore' : 'pipe'), 'pipe'],
  });
  if (log !== null) closeSync(log);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const died = exited.then((code) => {
    throw new Error(`${name} exited (${code}) before it listened: ${stderr}`);
  });
  const port = await Promise.race([opts.port ? healthy(child, opts.port) : announced(child), died]);
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function announced(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
}

async function healthy(child: ChildProcess, port: number): Promise<number> {
  while (child.exitCode === null) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return port;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return new Promise(() => undefined); // it died: the caller's race has its exit
}

/**
 * The environment of a hub serving the agency benches: production, as the agencies would meet it,
 * but with the limits a bench's single caller with many clients would hit lifted.
 */
export function agencyHubEnv(opts: {
  databaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
  queuePrefix: string;
  runJobs: string;
}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    JWT_SECRET: opts.jwtSecret,
    QUEUE_PREFIX: opts.queuePrefix,
    RUN_JOBS: opts.runJobs,
    RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '100000000',
    RATE_LIMIT_PER_AGENCY_PER_MINUTE: '100000000',
    // The bench is one agency with many clients; the per-agency share (8) would refuse its closed
    // loop. Past capacity an admitted request waits about share × its time on the thread (Little's
    // law): 0.5–1.2 s at p95 at 64, 80–131 ms at 16; but 16 also refuses bursts a page under
    // capacity absorbs at 64 (bench/README.md, "Where past capacity's waits…"). Kept at 64.
    MAX_IN_FLIGHT_PER_AGENCY: '64',
    // its documents are the issue's, sent ad hoc by agencies other than city HRSS
    TRUSTED_DOCUMENTS: 'allow',
    // production refuses the development keys: fresh ones for the bench's own database
    PERSONAL_DATA_KEYS: `bench:${randomBytes(16).toString('hex')}`,
    PERSONAL_DATA_LOOKUP_KEY: randomBytes(32).toString('hex'),
  };
}

/**
 * The hub of `checkout` (default: this one) started on a bench's database as the agency benches
 * run it (production, jobs off), the caller's environment under it, and listening: for the
 * support scripts that measure a hub of their own.
 */
export function startAgencyHub(opts: {
  databaseUrl: string;
  jwtSecret: string;
  queuePrefix: string;
  checkout?: string;
  nodeArgs?: string[];
}): Promise<Child> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return freePort().then((port) =>
    startChild('hub', 'src/main.ts', {
      env: {
        ...inherited,
        ...agencyHubEnv({
          databaseUrl: opts.databaseUrl,
          redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
          jwtSecret: opts.jwtSecret,
          queuePrefix: opts.queuePrefix,
          runJobs: 'false',
        }),
      },
      nodeArgs: opts.nodeArgs,
      port,
      root: opts.checkout,
    }),
  );
}
