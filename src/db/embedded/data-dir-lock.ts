// One hub per DATA_DIR: a lock file naming the process that holds it. PostgreSQL's own
// postmaster.pid would refuse a second server too, but only after the second hub had already
// decided what to do with a server it found running (see leftover-postmaster.ts), and with a
// message about PostgreSQL rather than about the hub.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'hub.lock';

interface LockContent {
  pid: number;
  host: string;
  /** Linux: which boot and when the process started, so a reused pid is not taken for the hub */
  bootId?: string;
  startTicks?: string;
  token: string;
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

export interface DataDirLock {
  path: string;
  release(): void;
}

/** Locks held by this process: a pid equal to ours is live only if we really hold that lock. */
const heldHere = new Set<string>();

function readOr(path: string, fallback: string | undefined): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** The boot id and start time (clock ticks since boot) of a process, where /proc has them. */
export function processIdentity(pid: number): { bootId?: string; startTicks?: string } {
  const bootId = readOr('/proc/sys/kernel/random/boot_id', undefined)?.trim();
  const stat = readOr(`/proc/${pid}/stat`, undefined);
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const startTicks = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  return { ...(bootId ? { bootId } : {}), ...(startTicks ? { startTicks } : {}) };
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function holderIsLive(lockPath: string, holder: LockContent): boolean {
  if (holder.host !== hostname()) return true; // a DATA_DIR shared over the network: cannot tell
  if (holder.pid === process.pid) return heldHere.has(lockPath);
  if (!pidAlive(holder.pid)) return false;
  const now = processIdentity(holder.pid);
  if (holder.bootId && now.bootId && holder.bootId !== now.bootId) return false;
  if (holder.startTicks && now.startTicks && holder.startTicks !== now.startTicks) return false;
  return true;
}

function parse(text: string | undefined): LockContent | null {
  try {
    const value = JSON.parse(text ?? '') as LockContent;
    return Number.isInteger(value.pid) && typeof value.host === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * Takes DATA_DIR for this process or throws DataDirInUseError saying who has it. A lock left by a
 * hub that died (its pid gone, or reused by another program) is taken over.
 *
 * The content is written to a file of our own and hard-linked into place, so the lock never
 * exists half-written: a hub starting at the same moment reads either nothing or a whole lock.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const lockPath = join(dataDir, LOCK_FILE);
  const content: LockContent = {
    pid: process.pid,
    host: hostname(),
    ...processIdentity(process.pid),
    token: randomBytes(8).toString('hex'),
  };
  const draft = `${lockPath}.${process.pid}.${content.token}`;
  writeFileSync(draft, JSON.stringify(content) + '\n', { mode: 0o644 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, lockPath);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
      }
      const holder = parse(readOr(lockPath, undefined));
      if (holder && holderIsLive(lockPath, holder)) {
        throw new DataDirInUseError(
          `DATA_DIR ${dataDir} is in use by another hub (pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}): ` +
            `stop that hub first, or give this one its own DATA_DIR. If no hub runs there, delete ${lockPath}.`,
        );
      }
      // Left by a hub that is gone: take it over.
      try {
        unlinkSync(lockPath);
      } catch {
        // another starting hub removed it first; linking again decides between us
      }
    }
  } finally {
    unlinkSync(draft);
  }
  heldHere.add(lockPath);
  const release = () => {
    process.off('exit', release);
    if (!heldHere.delete(lockPath)) return;
    if (parse(readOr(lockPath, undefined))?.token === content.token) {
      try {
        unlinkSync(lockPath);
      } catch {
        // already gone
      }
    }
  };
  // A hub that exits without closing (process.exit, an uncaught error) frees DATA_DIR all the same.
  process.on('exit', release);
  return { path: lockPath, release };
}
