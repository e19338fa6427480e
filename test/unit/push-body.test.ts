/**
 * The push route's body reader: a large body of stated length arrives in shared memory (the batch
 * reader's worker reads it without a copy), byte for byte; anything else is express.raw's, with
 * its 413 past the limit.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { pushBody } from '../../src/http/push-body';

const MAX = 4 * 1024 * 1024;

describe('pushBody', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.post('/', pushBody(MAX), (req: Request, res: Response) => {
      const body = req.body as Buffer;
      res.json({
        shared: body.buffer instanceof SharedArrayBuffer,
        length: body.length,
        sha: createHash('sha256').update(body).digest('hex'),
      });
    });
    app.use((err: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
      res.status(err.status ?? 500).json({ type: err.type });
    });
    server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const post = async (body: Buffer, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/xml', ...headers },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  it('receives a large body of stated length into shared memory, byte for byte', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 17);
    expect(await post(body)).toEqual({
      status: 200,
      body: { shared: true, length: body.length, sha: sha(body) },
    });
  });

  it('leaves a small body to express.raw', async () => {
    const body = randomBytes(1000);
    expect((await post(body)).body).toEqual({ shared: false, length: 1000, sha: sha(body) });
  });

  it('answers a body past the limit with express.raw’s 413', async () => {
    expect(await post(randomBytes(MAX + 1))).toEqual({ status: 413, body: { type: 'entity.too.large' } });
  });
});
