import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { decodeCursor, encodeCursor } from '../../src/services/pagination';

/**
 * The credit feed's fair baseline (issue #9 item 9): a bare node:http server answering the
 * GraphQL request the credit platform sends (`blacklistChanges(after, first)` with every entry
 * field) with the same JSON the hub gives, from the same SQL through `pg` (a pool as large as the
 * hub's, 10): the entry fields picked from the published snapshot, the same opaque cursors. No
 * GraphQL, no token check, no scope: what is left of the hub's time beside it is those.
 */
const FIELDS = [
  'id',
  'subjectKind',
  'name',
  'uscc',
  'maskedIdNumber',
  'ground',
  'decidedOn',
  'listedUntil',
  'status',
  'removedOn',
  'removalReason',
  'districtCode',
  'caseId',
  'legalRepresentativeOf',
] as const;

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

export async function startBareFeedServer(databaseUrl: string): Promise<BareServer> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            variables: { after: string | null; first: number };
          };
          const from = (decodeCursor(variables.after, 1)?.[0] as string | undefined) ?? '0';
          const { rows } = await pool.query<{
            seq: string;
            kind: string;
            at: Date;
            entry: Record<string, unknown>;
          }>(
            `select c.seq::text as seq, c.kind, c.at, c.entry from blacklist_change c
              where c.seq > $1::bigint order by c.seq limit $2`,
            [from, variables.first + 1],
          );
          const page = rows.slice(0, variables.first);
          const last = page.at(-1);
          const edges = page.map((r) => ({
            node: {
              kind: r.kind,
              at: r.at.toISOString(),
              entry: Object.fromEntries(FIELDS.map((f) => [f, r.entry[f] ?? null])),
            },
          }));
          const endCursor = last ? encodeCursor([last.seq]) : variables.after ? encodeCursor([from]) : null;
          res.setHeader('content-type', 'application/json; charset=utf-8');
          res.end(
            JSON.stringify({
              data: {
                blacklistChanges: {
                  pageInfo: { hasNextPage: rows.length > variables.first, endCursor },
                  edges,
                },
              },
            }),
          );
        } catch (err) {
          res.statusCode = 500;
          res.end(JSON.stringify({ errors: [{ message: (err as Error).message }] }));
        }
      })();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
