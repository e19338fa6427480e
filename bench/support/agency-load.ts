import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * The agency-queries bench's load generator, on node:http with keep-alive connections:
 * - closed loop: `clients` callers, each sending its next request when the last is answered;
 * - open loop: requests sent at a fixed arrival rate whatever the answers do, each timed from the
 *   moment it was due (not from when it could be sent), so a server that falls behind is charged
 *   with the queue it builds (no coordinated omission). New connections open as needed.
 * An answer counts as an error unless it is HTTP 200 with no GraphQL `errors` (Apollo puts them first).
 */
export interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Run {
  seconds: number;
  ok: number;
  errors: number;
  /** error kind → count: HTTP status, GraphQL code, timeout, socket error */
  errorKinds: Record<string, number>;
  /** of the answered requests, ms, sorted */
  latencies: Float64Array;
  /** answered without error, a second */
  throughput: number;
  /** CPU seconds the server process used during the run (from /proc), when its pid was given */
  serverCpuS: number | null;
  /** CPU seconds of the machine's PostgreSQL processes during the run (every database's: run alone) */
  postgresCpuS: number | null;
}

const TIMEOUT_MS = Number(process.env.AGENCY_TIMEOUT_MS ?? 10_000);

function send(agent: http.Agent, target: Target, onDone: (error: string | null) => void): void {
  const url = new URL(target.url);
  let finished = false;
  const done = (error: string | null) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    onDone(error);
  };
  const req = http.request(
    {
      agent,
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
    },
    (res) => {
      let head = '';
      res.on('data', (c: Buffer) => {
        if (head.length < 16) head += c.subarray(0, 16).toString('latin1');
      });
      res.on('end', () => {
        if (res.statusCode !== 200) return done(`HTTP ${res.statusCode}`);
        if (head.startsWith('{"errors"')) return done('GraphQL errors');
        done(null);
      });
      res.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? 'response error'));
    },
  );
  const timer = setTimeout(() => {
    done('timeout');
    req.destroy();
  }, TIMEOUT_MS);
  req.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? 'request error'));
  req.end(target.body);
}

/** CPU seconds of the process and its descendants (a cluster's serving processes, its worker threads). */
function cpuSecondsOf(pid: number | undefined): number | null {
  if (!pid) return null;
  const own = ownCpuSeconds(pid);
  if (own === null) return null;
  return descendantsOf(pid).reduce((sum, child) => sum + (ownCpuSeconds(child) ?? 0), own);
}

function ownCpuSeconds(pid: number): number | null {
  try {
    // fields 14 and 15 (utime, stime) in clock ticks (100 a second on Linux), after the "(comm)"
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of every process named postgres on this machine (the server and its backends), by
 * pid. A run's share is the difference per pid: a backend that ended during the run drops out (its
 * CPU is then undercounted, never negative), one that started counts from zero.
 */
function postgresCpuByPid(): Map<number, number> | null {
  const byPid = new Map<number, number>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (!readFileSync(`/proc/${entry}/stat`, 'utf8').includes('(postgres)')) continue;
        const cpu = ownCpuSeconds(Number(entry));
        if (cpu !== null) byPid.set(Number(entry), cpu);
      } catch {
        // gone between the listing and the read
      }
    }
  } catch {
    return null;
  }
  return byPid;
}

function postgresCpuSince(before: Map<number, number> | null): number | null {
  const after = postgresCpuByPid();
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

function descendantsOf(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((c) => [c, ...descendantsOf(c)]);
}

class Recorder {
  private readonly lat: number[] = [];
  ok = 0;
  errors = 0;
  readonly errorKinds: Record<string, number> = {};
  private readonly cpu0: number | null;
  private readonly pg0 = postgresCpuByPid();
  private readonly t0 = process.hrtime.bigint();
  constructor(private readonly pid?: number) {
    this.cpu0 = cpuSecondsOf(pid);
  }
  record(ms: number, error: string | null): void {
    if (error) {
      this.errors += 1;
      this.errorKinds[error] = (this.errorKinds[error] ?? 0) + 1;
    } else {
      this.ok += 1;
      this.lat.push(ms);
    }
  }
  finish(seconds = Number(process.hrtime.bigint() - this.t0) / 1e9): Run {
    const cpu1 = cpuSecondsOf(this.pid);
    const postgresCpuS = postgresCpuSince(this.pg0);
    return {
      seconds,
      ok: this.ok,
      errors: this.errors,
      errorKinds: this.errorKinds,
      latencies: Float64Array.from(this.lat).sort(),
      throughput: this.ok / seconds,
      serverCpuS: this.cpu0 !== null && cpu1 !== null ? cpu1 - this.cpu0 : null,
      postgresCpuS,
    };
  }
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export async function closedLoop(
  target: Target,
  clients: number,
  durationMs: number,
  serverPid?: number,
): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const rec = new Recorder(serverPid);
  const end = nowMs() + durationMs;
  const client = () =>
    new Promise<void>((resolve) => {
      const next = () => {
        if (nowMs() >= end) return resolve();
        const t = nowMs();
        send(agent, target, (error) => {
          rec.record(nowMs() - t, error);
          next();
        });
      };
      next();
    });
  await Promise.all(Array.from({ length: clients }, client));
  const run = rec.finish();
  agent.destroy();
  return run;
}

export async function openLoop(
  target: Target,
  ratePerS: number,
  durationMs: number,
  serverPid?: number,
): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const rec = new Recorder(serverPid);
  const total = Math.round((ratePerS * durationMs) / 1000);
  const intervalMs = 1000 / ratePerS;
  const start = nowMs();
  let due = 0;
  let outstanding = 0;
  await new Promise<void>((resolve) => {
    const maybeEnd = () => {
      if (due >= total && outstanding === 0) resolve();
    };
    const tick = () => {
      const now = nowMs();
      // every request due by now goes out now, each timed from its own due moment
      while (due < total && start + due * intervalMs <= now) {
        const at = start + due * intervalMs;
        due += 1;
        outstanding += 1;
        send(agent, target, (error) => {
          outstanding -= 1;
          rec.record(nowMs() - at, error);
          maybeEnd();
        });
      }
      if (due < total) setTimeout(tick, Math.max(0, start + due * intervalMs - nowMs()));
      else maybeEnd();
    };
    tick();
  });
  const run = rec.finish();
  agent.destroy();
  return run;
}

/** The q-th quantile (0–1) of sorted latencies, ms; NaN when none was answered. */
export const quantile = (sorted: Float64Array, q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
