/**
 * The SQL statements one small push sends, and the time each kind takes: `node -r
 * ./src/register.js bench/support/push-statements.ts [events a push] [pushes]`. pg's
 * Client.prototype.query is wrapped in this process only, counting every statement the hub sends
 * while the pushes run (one at a time), grouped by their first words.
 */
import pg from 'pg';
import { startBenchHub } from './bench-hub';
import { hubRun, inProcess, setUp } from './intake-runs';

const [eventsArg, pushesArg] = process.argv.slice(2);
const perPush = Number(eventsArg ?? 10);
const pushes = Number(pushesArg ?? 200);

async function main(): Promise<void> {
  const b = await startBenchHub();
  try {
    await setUp(b, 100);
    await hubRun(inProcess(b), 'warm', 1, { events: perPush * 20, batch: perPush, accounts: 100 });
    const seen = new Map<string, { n: number; ms: number }>();
    const original = pg.Client.prototype.query;
    let counting = true;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
      const started = performance.now();
      const count = () => {
        if (!counting) return;
        const s = seen.get(key) ?? { n: 0, ms: 0 };
        s.n += 1;
        s.ms += performance.now() - started;
        seen.set(key, s);
      };
      const last = args.length - 1;
      if (typeof args[last] === 'function') {
        const callback = args[last] as (...a: unknown[]) => unknown;
        args[last] = (...a: unknown[]) => {
          count();
          return callback(...a);
        };
      }
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        void (result as Promise<unknown>).then(count, count);
      } else if (typeof args[last] !== 'function' && (args[0] as { callback?: unknown })?.callback) {
        const q = args[0] as { callback: (...a: unknown[]) => unknown };
        const callback = q.callback;
        q.callback = (...a: unknown[]) => {
          count();
          return callback(...a);
        };
      }
      return result;
    } as typeof original;
    const run = await hubRun(inProcess(b), 'count', 1, {
      events: perPush * pushes,
      batch: perPush,
      accounts: 100,
    });
    counting = false;
    const rows = [...seen.entries()].sort((a, b) => b[1].ms - a[1].ms);
    const total = rows.reduce((s, [, v]) => s + v.n, 0);
    console.log(
      `${pushes} pushes of ${perPush} events, one at a time: ${((run.seconds * 1000) / pushes).toFixed(1)} ms a push; ${(total / pushes).toFixed(1)} statements a push`,
    );
    for (const [key, v] of rows) {
      console.log(
        `  ${(v.n / pushes).toFixed(2).padStart(5)} × ${(v.ms / v.n).toFixed(2).padStart(6)} ms  ${key}`,
      );
    }
  } finally {
    await b.close();
  }
}

void main();
