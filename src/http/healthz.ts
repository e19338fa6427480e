import type { Request, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { QueueBackend } from '../queue/backend';

/** 200 when PostgreSQL and the queue backend answer, 503 naming the one that does not. */
export function healthz(orm: MikroORM, queue: QueueBackend) {
  return async (_req: Request, res: Response): Promise<void> => {
    const checks = {
      database: await probe(() => orm.em.getConnection().execute('select 1')),
      queue: await probe(() => queue.ping()),
    };
    const ok = checks.database === 'ok' && checks.queue === 'ok';
    res
      .status(ok ? 200 : 503)
      .json({ status: ok ? 'ok' : 'unavailable', queueBackend: queue.kind, ...checks });
  };
}

async function probe(check: () => Promise<unknown>): Promise<string> {
  try {
    await withTimeout(check(), 2000);
    return 'ok';
  } catch (err) {
    return `unavailable: ${(err as Error).message}`;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
