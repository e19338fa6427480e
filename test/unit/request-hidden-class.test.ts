import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Issue #9: when each request's objects had a hidden class of their own, every property read in
 * node's HTTP code missed its inline cache, 8–10 % of a small query's CPU. V8 alone can tell, so
 * the probe runs in a node with its natives syntax on.
 */
describe('request and response objects keep one hidden class from request to request', () => {
  const probe = JSON.parse(
    execFileSync(
      process.execPath,
      ['--allow-natives-syntax', '-r', './src/register.js', 'test/support/hidden-class-probe.ts'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    ),
  ) as Record<'hub' | 'nodeOwn', Record<'express' | 'graphqlPost', { req: boolean; res: boolean }>>;

  it('on the hub’s server, through an express route and through POST /graphql', () => {
    expect(probe.hub).toEqual({
      express: { req: true, res: true },
      graphqlPost: { req: true, res: true },
    });
  });

  it('the probe sees the difference: node’s own objects under express change class every request', () => {
    expect(probe.nodeOwn.express).toEqual({ req: false, res: false });
  });
});
