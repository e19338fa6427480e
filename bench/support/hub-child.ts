import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A bench's hub process (a ./hub-process.ts script), forked with the project's TypeScript loader. */
export function forkHub(
  script: string,
  env: Record<string, string> = {},
  execArgv: string[] = [],
): ChildProcess {
  return fork(path.join(__dirname, script), [], {
    execArgv: ['-r', path.join(__dirname, '..', '..', 'src', 'register.js'), ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The hub's next message of `type` (after sending `send`, if given); rejects if the hub exits. */
export function nextMessage<T>(proc: ChildProcess, type: string, send?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type: string }) => {
      if (msg.type !== type) return;
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(msg as T);
    };
    const onExit = (code: number | null) => reject(new Error(`${type}: the hub exited (${code})`));
    proc.on('message', onMessage);
    proc.once('exit', onExit);
    if (send) proc.send(send);
  });
}

/** Asks the hub to close (it drops its database) and waits for it to exit. */
export async function closeHub(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  if (proc.connected) proc.send({ type: 'close' });
  await exited;
}
