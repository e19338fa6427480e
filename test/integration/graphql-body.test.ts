import http from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { graphqlJsonBody } from '../../src/http/graphql-body';
import type { HubMiddleware } from '../../src/http/plain-http';

/**
 * POST /graphql's body reader (src/http/graphql-body.ts) against express.json, which it replaced
 * for the common body and still calls for every other: the same bodies, sent byte for byte over a
 * socket, must give the same `req.body`, or be refused with the same status and body-parser type.
 */
const LIMIT = 1000;

function server(read: HubMiddleware): http.Server {
  return http.createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      // a stated length: the client below reads the answer's body as it comes, not chunked
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    read(req as never, res as never, (err?: unknown) => {
      if (err) {
        const e = err as { status?: number; type?: string };
        return answer(e.status ?? 500, { refused: e.type ?? 'unknown' });
      }
      answer(200, { body: (req as { body?: unknown }).body ?? null });
    });
  });
}

/** One request written as given (headers, then the body's chunks), the answer's status and JSON. */
function send(
  port: number,
  headers: Record<string, string>,
  chunks: Buffer[],
  endEarly = false,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let raw = '';
    socket.on('data', (d) => (raw += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = raw.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      const text = rest.join('\r\n\r\n');
      try {
        resolve({ status, json: text ? JSON.parse(text) : null });
      } catch (err) {
        reject(err);
      }
    });
    const lines = Object.entries({ host: 'localhost', connection: 'close', ...headers }).map(
      ([k, v]) => `${k}: ${v}`,
    );
    socket.write(`POST /graphql HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    (async () => {
      for (const chunk of chunks) {
        socket.write(chunk);
        await new Promise((r) => setTimeout(r, 5)); // each its own read on the server
      }
      if (endEarly) socket.end();
    })().catch(reject);
  });
}

const json = (text: string, type = 'application/json'): [Record<string, string>, Buffer[]] => {
  const body = Buffer.from(text);
  return [{ 'content-type': type, 'content-length': String(body.length) }, [body]];
};

describe('the GraphQL body reader answers as express.json', () => {
  let ours: http.Server;
  let theirs: http.Server;
  const port = (s: http.Server) => (s.address() as AddressInfo).port;
  beforeAll(async () => {
    ours = server(graphqlJsonBody(LIMIT));
    theirs = server(express.json({ limit: LIMIT }) as unknown as HubMiddleware);
    await Promise.all([ours, theirs].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  });
  afterAll(async () => {
    await Promise.all([ours, theirs].map((s) => new Promise((r) => s.close(r))));
  });

  const chinese = Buffer.from('{"query":"{ projects(nameContains: \\"本溪市建工\\") { totalCount } }"}');
  const cases: [string, Record<string, string>, Buffer[], boolean?][] = [
    ['a query', ...json('{"query":"{ __typename }","variables":{"first":5}}')],
    ['with a UTF-8 charset', ...json('{"query":"{ a }"}', 'application/json; charset=UTF-8')],
    ['after a byte-order mark', ...json('\uFEFF{"query":"{ a }"}')],
    ['an array after whitespace', ...json(' \n\t[{"query":"{ a }"}]')],
    ['a string, not an object', ...json('"{ a }"')],
    ['broken JSON', ...json('{"query": ')],
    ['nothing but whitespace', ...json('   ')],
    ['past the limit', ...json(`{"query":"${'x'.repeat(LIMIT)}"}`)],
    ['another charset', ...json('{"query":"{ a }"}', 'application/json; charset=latin1')],
    ['not JSON at all', ...json('query={ a }', 'application/x-www-form-urlencoded')],
    [
      'a character split between two reads',
      { 'content-type': 'application/json', 'content-length': String(chinese.length) },
      [chinese.subarray(0, 40), chinese.subarray(40)],
    ],
    [
      'compressed',
      {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(gzipSync('{"query":"{ a }"}').length),
      },
      [gzipSync('{"query":"{ a }"}')],
    ],
    [
      'shorter than it said, then the client stops sending',
      { 'content-type': 'application/json', 'content-length': '40' },
      [Buffer.from('{"query":"{ a }"}')],
      true,
    ],
  ];

  // every row as four values: jest takes a test function with more parameters than its row for `done`
  const rows = cases.map(
    ([name, headers, chunks, endEarly]) => [name, headers, chunks, endEarly ?? false] as const,
  );
  it.each(rows)('%s', async (_name, headers, chunks, endEarly) => {
    const [a, b] = await Promise.all([
      send(port(ours), headers, chunks, endEarly),
      send(port(theirs), headers, chunks, endEarly),
    ]);
    expect(a).toEqual(b);
  });

  it('reads the common body itself, and gives it to the next step parsed', async () => {
    const [headers, chunks] = json('{"query":"{ __typename }"}');
    expect(await send(port(ours), headers, chunks)).toEqual({
      status: 200,
      json: { body: { query: '{ __typename }' } },
    });
    expect(((await send(port(ours), ...json('{"query": '))) as { status: number }).status).toBe(400);
  });
});
