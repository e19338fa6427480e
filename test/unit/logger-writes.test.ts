import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ATOMIC_WRITE_BYTES, bufferedStream, createLogger } from '../../src/logger';

/**
 * Several serving processes (HTTP_PROCESSES) write to one stdout. A pipe keeps a write whole only
 * up to PIPE_BUF bytes, so the log stream's every write must be whole lines within that: else a
 * collector could read half a line of one process glued to half a line of another.
 */
describe('the log stream', () => {
  it('writes whole lines, at most PIPE_BUF bytes a write, and loses none', async () => {
    const file = path.join(fs.mkdtempSync(path.join(tmpdir(), 'ww-log-')), 'out.log');
    const fd = fs.openSync(file, 'w');
    const writes: string[] = [];
    // in every line, so that any of this stream's writes holds it
    const run = randomBytes(8).toString('hex');
    const realWrite = fs.write.bind(fs) as (...args: unknown[]) => void;
    const spy = jest.spyOn(fs, 'write').mockImplementation(((
      target: number,
      data: string | Buffer,
      ...rest: unknown[]
    ) => {
      // Another file's leftover work in this jest worker may write too, even to this descriptor's
      // number once its own was closed (CI's faketime pass saw a foreign tail here): only this
      // stream's writes count. A foreign one is dropped, and reported done so that it stops; were one
      // of this stream's writes taken for foreign, the file's lines below would miss it.
      if (target !== fd) return realWrite(target, data, ...rest);
      const done = rest[rest.length - 1] as (err: null, n: number) => void;
      if (!data.toString().includes(run)) return process.nextTick(() => done(null, Buffer.byteLength(data)));
      writes.push(data.toString());
      fs.writeSync(target, data.toString());
      process.nextTick(() => done(null, Buffer.byteLength(data)));
    }) as unknown as typeof fs.write);
    try {
      const stream = bufferedStream(fd);
      const log = createLogger('info', stream);
      // 2,000 lines of about 300 bytes: some 150 writes of 4 KiB, far past one sonic-boom buffer
      for (let i = 0; i < 2000; i++)
        log.info({ i, run, path: '/graphql', filler: 'x'.repeat(200) }, 'request');
      await new Promise<void>((resolve) => stream.flush(() => resolve()));
    } finally {
      spy.mockRestore();
      fs.closeSync(fd);
    }
    expect(writes.length).toBeGreaterThan(100);
    for (const w of writes) {
      expect(Buffer.byteLength(w)).toBeLessThanOrEqual(ATOMIC_WRITE_BYTES);
      expect(w.endsWith('\n')).toBe(true);
    }
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual([...Array(2000).keys()]);
  });
});
