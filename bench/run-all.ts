import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn, each in its own Node process, so one
 * bench's connections, timers or crash cannot disturb the next. A new bench only adds a file.
 * `npm run bench -- intake` runs only the benches whose file name contains "intake".
 */
const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
if (files.length === 0) {
  console.error(`bench: nothing matches ${only.join(' ')}`);
  process.exit(2);
}
const register = path.join(__dirname, '..', 'src', 'register.js');
const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ['-r', register, path.join(__dirname, file)], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\nbench: failed: ${failed.join(', ')}`);
  process.exit(1);
}
