import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { admissionControl } from '../../src/http/limits/admission';

/**
 * A client that leaves while a middleware before admission control awaits (the rate limiter's
 * Redis round trip, under load) must not keep its slot: its 'close' came before admission could
 * listen for it. The hub once ended a flood of the credit feed with every slot held by such
 * clients and answered 503 OVERLOADED to everyone from then on.
 */
describe('admission control when the client has already gone', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(
      async (_req, _res, next) => {
        await new Promise((r) => setTimeout(r, 150)); // an earlier middleware that awaits
        next();
      },
      admissionControl({ maxInFlight: 1, maxQueued: 1, maxWaitMs: 300 }),
      (_req, res) => void res.json({ ok: true }),
    );
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('frees the slot, so the next caller is answered', async () => {
    for (let i = 0; i < 3; i++) {
      const gone = new AbortController();
      const left = fetch(url, { signal: gone.signal }).catch(() => 'left');
      setTimeout(() => gone.abort(), 30); // leaves while the first middleware still awaits
      expect(await left).toBe('left');
    }
    await new Promise((r) => setTimeout(r, 300));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
