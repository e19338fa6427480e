/**
 * Run as `node --allow-natives-syntax -r ./src/register.js test/support/hidden-class-probe.ts`:
 * serves a few requests through an express route and through graphql-post.ts, on a server made
 * with the hub's request and response classes (src/http/app-objects.ts) and, for comparison, on
 * node's own, and prints whether consecutive requests' objects share V8's hidden class (map).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { appObjectClasses } from '../../src/http/app-objects';
import { graphqlPostRoute, isGraphqlPost } from '../../src/http/graphql-post';
import { requestLog } from '../../src/http/request-log';

// parsed only with --allow-natives-syntax
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

interface Seen {
  req: object;
  res: object;
}

async function probe(withAppClasses: boolean): Promise<Record<string, { req: boolean; res: boolean }>> {
  const app = express();
  const seen: Record<string, Seen[]> = { express: [], graphqlPost: [] };
  const log = requestLog(pino({ enabled: false }));
  app.use(log);
  app.post('/banks/:bankCode/events', (req, res) => {
    seen.express.push({ req, res });
    res.status(200).json({ bank: req.params.bankCode });
  });
  const post = graphqlPostRoute(
    app,
    [
      log,
      (req, res) => {
        seen.graphqlPost.push({ req, res });
        res.setHeader('content-type', 'application/json');
        res.end('{"data":{}}');
      },
    ],
    (_err, _req, res) => res.status(500).end(),
  );
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) =>
    isGraphqlPost(req) ? post(req, res) : app(req, res);
  const server = withAppClasses
    ? http.createServer(appObjectClasses(app), handler)
    : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end('{}');
    });
  for (let i = 0; i < 6; i++) {
    await send('/banks/ICBC_BX/events');
    await send('/graphql');
  }
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));
  const same = (list: Seen[]) => ({
    req: haveSameMap(list.at(-2)!.req, list.at(-1)!.req),
    res: haveSameMap(list.at(-2)!.res, list.at(-1)!.res),
  });
  return { express: same(seen.express), graphqlPost: same(seen.graphqlPost) };
}

async function main(): Promise<void> {
  const hub = await probe(true);
  const nodeOwn = await probe(false);
  process.stdout.write(JSON.stringify({ hub, nodeOwn }) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
