import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh DATA_DIR for an embedded PostgreSQL. mkdtemp makes it 0700; a hub running as root (CI,
 * these machines) runs the server as the OS user `postgres`, which must be able to enter it.
 */
export function embeddedDataDir(kind = 'embedded'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `wagewatch-${kind}-`));
  chmodSync(path, 0o755);
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
