import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The hub (`src/main.ts`) with a CPU profiler the agency-queries bench switches on and off with
 * SIGUSR2, so a profile holds one measured step and not start-up or loading. Each stop writes
 * `<AGENCY_CPU_PROF>/<n>.cpuprofile` (open in Chrome DevTools, or summarize with
 * `node -r ./src/register.js bench/support/cpuprofile-summary.ts <file>`).
 */
const dir = process.env.AGENCY_CPU_PROF ?? '.';
const session = new Session();
session.connect();
let running = false;
let n = 0;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')),
    );
    return;
  }
  running = false;
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(path.join(dir, `${++n}.cpuprofile`), JSON.stringify(result.profile));
  });
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../src/main');
