// A hub killed outright (SIGKILL, the OOM killer, a closed terminal on some systems) cannot stop
// the PostgreSQL it started: that server keeps running, orphaned, with its postmaster.pid, and a
// new server on the same folder would refuse to start. Once this process holds DATA_DIR's lock
// (so the hub that started that server is gone), such a server is stopped here; a postmaster.pid
// whose pid is dead is left for PostgreSQL, which removes a stale one itself.
import { readFileSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pidAlive } from './data-dir-lock';

const STOP_WAIT_MS = 30_000;

function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** 'ours': a postgres server on pgData; 'other': another program has the pid; 'unknown': no /proc. */
function whoIs(pid: number, pgData: string): 'ours' | 'other' | 'unknown' {
  const cmdline = readOr(`/proc/${pid}/cmdline`);
  if (cmdline === null) return readOr('/proc/self/cmdline') === null ? 'unknown' : 'other';
  const args = cmdline.split('\0');
  const dashD = args.indexOf('-D');
  const isPostgres = /(^|\/)postgres$/.test(args[0] ?? '');
  return isPostgres && dashD >= 0 && resolve(args[dashD + 1] ?? '') === resolve(pgData) ? 'ours' : 'other';
}

async function gone(pid: number, ms: number): Promise<boolean> {
  for (const until = performance.now() + ms; performance.now() < until;) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !pidAlive(pid);
}

/** Returns the pid of the server it stopped, or null when there was none. */
export async function stopLeftoverPostmaster(pgData: string): Promise<number | null> {
  const pidFile = join(pgData, 'postmaster.pid');
  const pid = Number((readOr(pidFile) ?? '').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) return null;
  const who = whoIs(pid, pgData);
  if (who === 'other') {
    // The pid was reused (after a reboot, say): PostgreSQL would take that program for a server
    // still running here and refuse to start, so the stale file goes.
    unlinkSync(pidFile);
    return null;
  }
  if (who === 'unknown') {
    throw new Error(
      `a PostgreSQL server (pid ${pid}) seems to run on ${pgData}, left by a hub that stopped without closing it: ` +
        `stop it (kill -INT ${pid}) and start the hub again`,
    );
  }
  // Fast shutdown: open transactions are rolled back (their hub is gone), the data is checkpointed.
  process.kill(pid, 'SIGINT');
  if (await gone(pid, STOP_WAIT_MS)) return pid;
  // Immediate shutdown: no checkpoint, WAL replay on the next start; nothing committed is lost.
  process.kill(pid, 'SIGQUIT');
  if (await gone(pid, 5000)) return pid;
  throw new Error(`the PostgreSQL server (pid ${pid}) left running on ${pgData} did not stop`);
}
