import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const ENTRY = path.join(__dirname, 'ts-worker-entry.js');

/**
 * A worker thread running one of the hub's TypeScript modules (`script`, an absolute path), under
 * `npm start` and jest alike: through ./ts-worker-entry.js, which loads the app's TypeScript
 * loader first. The parent's flags (`-r ./src/register.js`, inspector ports) are not the worker's
 * business, and its output is the parent's to take (stdout and stderr piped, not inherited).
 */
export function startTypeScriptWorker(
  script: string,
  options: Pick<WorkerOptions, 'workerData' | 'resourceLimits'>,
): Worker {
  return new Worker(ENTRY, { ...options, argv: [script], execArgv: [], stdout: false, stderr: false });
}
