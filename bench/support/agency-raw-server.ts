import cluster from 'node:cluster';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { RAW_HANDLERS, type RawScope } from './agency-raw-sql';

/**
 * The raw-SQL baseline, run as its own process by the agency-queries bench: a plain node:http
 * server taking the same POST body as the hub, answering `{"data": …}` from agency-raw-sql.ts with
 * a `pg` pool as large as the hub's (10). The token is only read for the caller's scope (district,
 * USCC), not verified. Prints `listening <port>` once it listens (PORT=0: any free port).
 * RAW_PROCESSES=N serves from N processes on the one port (node:cluster), as the hub does with
 * HTTP_PROCESSES, so that a hub of N processes is compared with a baseline of N.
 */
const PROCESSES = Number(process.env.RAW_PROCESSES ?? 1);
if (PROCESSES > 1 && cluster.isPrimary) {
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === PROCESSES) process.stdout.write(`listening ${address.port}\n`);
  });
  for (let i = 0; i < PROCESSES; i++) cluster.fork();
  process.once('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    process.exit(0);
  });
} else serve();

function serve(): void {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

  function scopeOf(authorization: string | undefined): RawScope {
    const payload = (authorization ?? '').split('.')[1] ?? '';
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as RawScope;
      return { district: claims.district, uscc: claims.uscc };
    } catch {
      return { district: '' };
    }
  }

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') return void res.end('ok');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { operationName?: string };
          const handler = RAW_HANDLERS[body.operationName ?? ''];
          if (!handler) throw new Error(`no raw handler for ${body.operationName}`);
          const data = await handler(pool, scopeOf(req.headers.authorization));
          res.setHeader('content-type', 'application/json; charset=utf-8');
          res.end(JSON.stringify({ data }));
        } catch (err) {
          res.statusCode = 500;
          res.end(JSON.stringify({ errors: [{ message: (err as Error).message }] }));
        }
      })();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), () => {
    if (cluster.isPrimary) process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void pool.end().finally(() => process.exit(0));
  });
}
