import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';

/**
 * The hello-world baseline, run as its own process by the agency-queries bench: a bare Apollo
 * Server on express 5, as the hub mounts it (express.json, expressMiddleware), with one field and
 * no plugins, context or database. What any request to an Apollo hub costs before its own work.
 */
async function main(): Promise<void> {
  const app = express();
  const server = http.createServer(app);
  const apollo = new ApolloServer({
    typeDefs: `type Query { hello: String! }`,
    resolvers: { Query: { hello: () => 'world' } },
  });
  await apollo.start();
  app.get('/healthz', (_req, res) => void res.send('ok'));
  app.use('/graphql', express.json({ limit: '5mb' }), expressMiddleware(apollo));
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), () => {
    process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  });
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    void apollo.stop().finally(() => process.exit(0));
  });
}

void main();
