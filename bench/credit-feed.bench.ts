import { cpus, loadavg } from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startBenchHub, type BenchHub } from './support/bench-hub';
import { seedFeed } from './support/credit-feed-data';
import { listChanges } from '../src/services/blacklist/feed';
import { startBareFeedServer, type BareServer } from './support/credit-feed-bare-server';

/**
 * Paging the whole credit feed: CREDIT_FEED_CHANGES (100,000) changes, CREDIT_FEED_PAGE (500) a
 * page, following endCursor from the start to the end, three ways in the same run:
 * - the hub over HTTP: `blacklistChanges(after, first)` with every entry field, as the credit
 *   platform asks for it (the headline);
 * - the feed service alone (`listChanges`, what the resolver calls), without GraphQL and HTTP;
 * - the baseline: a raw `pg` keyset walk `SELECT seq, kind, at, entry … WHERE seq > $1 ORDER BY seq
 *   LIMIT 500` over the same rows;
 * - the fair baseline (issue #9 item 9): a bare node:http server in this process answering the
 *   same request with the same JSON from the same SQL through `pg` (support/credit-feed-bare-server.ts;
 *   its first page is checked equal to the hub's).
 * Rounds alternate the four; the median of CREDIT_FEED_ROUNDS (3) counts.
 */
const CHANGES = Number(process.env.CREDIT_FEED_CHANGES ?? 100_000);
const PAGE = Number(process.env.CREDIT_FEED_PAGE ?? 500);
const ROUNDS = Number(process.env.CREDIT_FEED_ROUNDS ?? 3);

const QUERY = `query($after: String, $first: Int) { blacklistChanges(after: $after, first: $first) {
  pageInfo { hasNextPage endCursor }
  edges { node { kind at entry { id subjectKind name uscc maskedIdNumber ground decidedOn listedUntil
    status removedOn removalReason districtCode caseId legalRepresentativeOf } } } } }`;

interface Walk {
  seconds: number;
  changes: number;
  pages: number;
}

async function timedWalk(
  step: (after: string | null) => Promise<{ n: number; next: string | null; more: boolean }>,
): Promise<Walk> {
  const started = process.hrtime.bigint();
  let after: string | null = null;
  let changes = 0;
  let pages = 0;
  for (;;) {
    const page = await step(after);
    changes += page.n;
    pages += 1;
    after = page.next;
    if (!page.more) break;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, changes, pages };
}

function graphqlWalk(b: BenchHub, token: string): Promise<Walk> {
  return timedWalk(async (after) => {
    const data = await b.gql<{
      blacklistChanges: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] };
    }>(token, QUERY, { after, first: PAGE });
    const c = data.blacklistChanges;
    return { n: c.edges.length, next: c.pageInfo.endCursor, more: c.pageInfo.hasNextPage };
  });
}

type FeedAnswer = {
  data: {
    blacklistChanges: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] };
  };
};

async function barePage(server: BareServer, after: string | null): Promise<FeedAnswer> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { after, first: PAGE } }),
  });
  return (await res.json()) as FeedAnswer;
}

function bareWalk(server: BareServer): Promise<Walk> {
  return timedWalk(async (after) => {
    const c = (await barePage(server, after)).data.blacklistChanges;
    return { n: c.edges.length, next: c.pageInfo.endCursor, more: c.pageInfo.hasNextPage };
  });
}

function serviceWalk(b: BenchHub): Promise<Walk> {
  const caller = { sub: 'bench', org: 'CREDIT_PLATFORM' as const, district: '210500' };
  return timedWalk(async (after) => {
    const page = await listChanges({ em: b.hub.orm.em.fork() as EntityManager, caller }, after, PAGE);
    return { n: page.changes.length, next: page.endCursor, more: page.hasNextPage };
  });
}

function rawWalk(b: BenchHub): Promise<Walk> {
  return timedWalk(async (after) => {
    const { rows } = await b.sql.query<{ seq: string }>(
      `select seq, kind, at, entry from blacklist_change where seq > $1 order by seq limit ${PAGE + 1}`,
      [after ?? '0'],
    );
    const page = rows.slice(0, PAGE);
    return { n: page.length, next: page.at(-1)?.seq ?? after, more: rows.length > PAGE };
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  console.log(
    `${fmt(CHANGES)} changes at ${PAGE} a page; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}; ` +
      `median of ${ROUNDS} rounds`,
  );
  const b = await startBenchHub();
  let bare: BareServer | undefined;
  try {
    const seeded = Date.now();
    await seedFeed(b, CHANGES);
    console.log(
      `  seeded ${fmt(CHANGES)} changes set-based in ${((Date.now() - seeded) / 1000).toFixed(1)} s`,
    );
    const token = b.token({ org: 'CREDIT_PLATFORM', district: '210500' });
    bare = await startBareFeedServer(b.databaseUrl);
    const server = bare;
    // The bare server must give what the hub gives, byte for byte once parsed: a page in the middle.
    const hubPage = await b.gql(token, QUERY, { after: null, first: PAGE });
    const secondHub = await b.gql<FeedAnswer['data']>(token, QUERY, {
      after: (hubPage as FeedAnswer['data']).blacklistChanges.pageInfo.endCursor,
      first: PAGE,
    });
    const firstBare = await barePage(server, null);
    const secondBare = await barePage(server, firstBare.data.blacklistChanges.pageInfo.endCursor);
    if (JSON.stringify(secondBare.data) !== JSON.stringify(secondHub)) {
      throw new Error(
        `the bare server's page differs from the hub's: ${JSON.stringify(secondBare.data).slice(0, 400)} … ` +
          `${JSON.stringify(secondHub).slice(0, 400)}`,
      );
    }
    await graphqlWalk(b, token); // warm-up: JIT, pools, plan caches, page cache
    await bareWalk(server);
    await serviceWalk(b);
    await rawWalk(b);
    const runs = {
      graphql: [] as number[],
      bare: [] as number[],
      service: [] as number[],
      raw: [] as number[],
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, walk] of [
        ['graphql', () => graphqlWalk(b, token)],
        ['bare', () => bareWalk(server)],
        ['service', () => serviceWalk(b)],
        ['raw', () => rawWalk(b)],
      ] as const) {
        const w = await walk();
        if (w.changes !== CHANGES) throw new Error(`${name} walk saw ${w.changes} changes, want ${CHANGES}`);
        runs[name].push(w.seconds);
      }
    }
    const [g, h, s, r] = [median(runs.graphql), median(runs.bare), median(runs.service), median(runs.raw)];
    const pages = Math.ceil(CHANGES / PAGE);
    const line = (name: string, secs: number) =>
      `  ${name.padEnd(30)} ${secs.toFixed(2).padStart(6)} s  ${fmt(CHANGES / secs).padStart(8)} changes/s  ${((secs / pages) * 1000).toFixed(1).padStart(6)} ms/page`;
    console.log(line('GraphQL over HTTP (the hub)', g));
    console.log(line('bare HTTP server, same JSON', h));
    console.log(line('feed service (listChanges)', s));
    console.log(line('raw pg keyset SELECT', r));
    console.log(
      `credit feed: hub (GraphQL over HTTP) ${g.toFixed(2)} s  bare HTTP server with the same JSON ${h.toFixed(2)} s  ` +
        `ratio ${(g / h).toFixed(1)}x (the fair one); raw pg ${r.toFixed(2)} s, ratio ${(g / r).toFixed(1)}x ` +
        `(service alone ${(s / r).toFixed(1)}x; ${fmt(CHANGES)} changes, ${pages} pages each ✓; ` +
        `GraphQL runs ${runs.graphql.map((x) => x.toFixed(2)).join(', ')} s)`,
    );
  } finally {
    await bare?.close();
    await b.close();
  }
}

main().catch((err: Error) => {
  console.error(`credit feed bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
