import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { now as clockNow } from '../../src/clock';

export const ROOT = path.join(__dirname, '..', '..');

/** The command `npm start` runs, read from package.json, so the tests run exactly that. */
function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`npm start no longer runs node directly: ${pkg.scripts.start}`);
  return args;
}

export interface HubProcess {
  child: ChildProcess;
  /** everything written so far */
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The hub as `npm start` runs it, in a child process, with `env` over a clean environment: no
 * DATABASE_URL, REDIS_URL or JWT_SECRET unless given. The child runs on the test's clock.
 */
export function spawnHub(env: Record<string, string>): HubProcess {
  const full: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
    HUB_CLOCK_AT: clockNow().toISOString(),
    ...env,
  };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET']) if (!(name in env)) delete full[name];
  const child = spawn(process.execPath, startCommand(), {
    cwd: ROOT,
    env: full,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves when the hub logs that it listens; rejects if it exits first or takes over `ms`. */
export async function untilListening(hub: HubProcess, ms = 60_000): Promise<void> {
  const until = performance.now() + ms;
  let exited = false;
  void hub.exited.then(() => (exited = true));
  while (!/"msg":"wagewatch is listening"/.test(hub.stdout())) {
    if (exited || performance.now() > until) {
      throw new Error(
        `hub ${exited ? 'exited' : `did not listen within ${ms} ms`}:\n${hub.stdout()}\n${hub.stderr()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends the signal and waits for the exit (SIGKILL after 20 s). */
export async function stopHub(
  hub: HubProcess | undefined,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined> {
  if (!hub || hub.child.exitCode !== null || hub.child.signalCode !== null) return undefined;
  const timer = setTimeout(() => hub.child.kill('SIGKILL'), 20_000);
  hub.child.kill(signal);
  const result = await hub.exited;
  clearTimeout(timer);
  return result;
}

/** Whether a process of this pid is running (signal 0 tests without sending). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Lines of stdout that are not one JSON object each (there must be none). */
export function nonJsonLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
}
