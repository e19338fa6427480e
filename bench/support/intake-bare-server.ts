/**
 * The intake bench's second baseline (issue #9 item 9, as the credit feed has its bare server): the
 * least a bank-facing receiver must do with a push, in a process of its own as the hub is. A bare
 * node:http server reads the signed JSON body, checks its Standard Webhooks signature, parses it,
 * stores the events with the raw baseline's multi-row INSERT (rawInsert, into `BARE_TABLE`) through
 * a `pg` pool as large as the hub's (10), and answers `{accepted, duplicates, rejected}`. No bank
 * profile, no adapter, no validation, no archive, no idempotency claim, no follow-up: what is left
 * of the hub's time beside it is those. Forked by bench/intake.bench.ts; over IPC:
 *   → { type: 'ready', url }
 *   ← { type: 'cpu' } → { type: 'cpu', us }   ← { type: 'close' }
 * Env: BARE_DATABASE_URL, BARE_TABLE, BARE_BANK, BARE_SECRET.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { verifySignature } from '../../src/http/webhook-signature';
import { rawInsert, type WireEvent } from './intake-data';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`intake bare server: ${name} is not set`);
  return value;
};

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function answer(res: http.ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function main(): Promise<void> {
  const [table, bank, secret] = [env('BARE_TABLE'), env('BARE_BANK'), env('BARE_SECRET')];
  const pool = new Pool({ connectionString: env('BARE_DATABASE_URL'), max: 10 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signature = {
        id: header(req, 'webhook-id'),
        timestamp: header(req, 'webhook-timestamp'),
        signature: header(req, 'webhook-signature'),
      };
      try {
        verifySignature(secret, signature, body, new Date());
      } catch (err) {
        return answer(res, 401, { error: (err as Error).message });
      }
      const { events } = JSON.parse(body.toString('utf8')) as { events: WireEvent[] };
      pool
        .connect()
        .then(async (client) => {
          try {
            const accepted = await rawInsert(client, table, bank, events);
            answer(res, 200, { accepted, duplicates: events.length - accepted, rejected: [] });
          } finally {
            client.release();
          }
        })
        .catch((err: Error) => answer(res, 500, { error: err.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async () => {
    server.close();
    await pool.end().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', () => void close());
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'cpu') {
      const used = process.cpuUsage();
      process.send!({ type: 'cpu', us: used.user + used.system });
    }
    if (msg.type === 'close') void close();
  });
  process.send!({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

main().catch((err: Error) => {
  console.error(`intake bare server: ${err.stack ?? err.message}`);
  process.exit(1);
});
