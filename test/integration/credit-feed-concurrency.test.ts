import type { EntityManager } from '@mikro-orm/postgresql';
import { startTestHub, type TestHub } from '../support/test-hub';
import { must } from '../support/fixtures';
import { CHANGES, listableCase } from '../support/blacklist-fixtures';
import { decideListing } from '../../src/services/blacklist/decide';
import { removeFromBlacklist } from '../../src/services/blacklist/removal';
import type { Caller } from '../../src/auth/caller';

/**
 * The credit feed's promise under load: WRITERS connections commit listings and removals at the
 * same time, each transaction held open a random few milliseconds after its change rows are
 * written (where a plain sequence lets a later number commit first), while a poller follows
 * endCursor through GraphQL. It must see every committed change exactly once, each entry's
 * LISTED before its REMOVED, in the feed's order. With the feed lock taken out of publishChanges
 * this test fails: the poller moves past numbers whose transactions are still open and never
 * sees them.
 */
const WRITERS = 8;
const CASES_PER_WRITER = 8;
const MAX_HOLD_MS = 25;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hold = () => sleep(Math.floor(Math.random() * (MAX_HOLD_MS + 1)));

interface Scenario {
  writers: number;
  perWriter: number;
  /** false: one transaction at a time, the poller reading between them */
  concurrent: boolean;
}

async function followFeedWhileWriting(t: TestHub, s: Scenario): Promise<void> {
  const cases: string[][] = [];
  for (let w = 0; w < s.writers; w++) {
    const mine: string[] = [];
    if (s.concurrent) {
      mine.push(
        ...(await Promise.all(Array.from({ length: s.perWriter }, () => listableCase(t)))).map(
          (c) => c.caseId,
        ),
      );
    } else {
      for (let n = 0; n < s.perWriter; n++) mine.push((await listableCase(t)).caseId);
    }
    cases.push(mine);
  }
  const root = t.hub.orm.em;
  const committed: string[] = [];

  const platform = t.token({ org: 'CREDIT_PLATFORM' });
  const seen: string[] = [];
  let after: string | null = null;
  const poll = async () => {
    const page: any = (
      await must(
        t.gql<{ blacklistChanges: any }>(platform, CHANGES, {
          after,
          first: 1 + Math.floor(Math.random() * 20),
        }),
      )
    ).blacklistChanges;
    seen.push(...page.edges.map((e: any) => `${e.node.kind} ${e.node.entry.id}`));
    after = page.pageInfo.endCursor ?? after;
    return page.edges.length as number;
  };

  // Each step is one transaction, held open after its changes are written.
  const steps = (w: number) => {
    const caller: Caller = { sub: `writer-${w}`, org: 'HRSS', district: '210500' };
    return cases[w].flatMap((caseId, n) => {
      const ids: string[] = [];
      const list = async () => {
        const written = await root.fork().transactional(async (tx) => {
          const em = tx as EntityManager;
          const employer = await decideListing(
            { em, caller },
            { caseId, decidedOn: '2026-04-01', ground: 'AMOUNT_THRESHOLD' },
          );
          await hold();
          return [employer.id, ...(await personOf(em, employer.id))];
        });
        ids.push(...written);
        committed.push(...written.map((id) => `LISTED ${id}`));
      };
      const remove = async () => {
        await root.fork().transactional(async (tx) => {
          const em = tx as EntityManager;
          await removeFromBlacklist(
            { em, caller },
            { entryId: ids[0], on: '2026-04-02', reason: 'CORRECTION', note: 'test' },
          );
          await hold();
        });
        committed.push(...ids.map((id) => `REMOVED ${id}`));
      };
      return n % 2 === 0 ? [list, remove] : [list];
    });
  };

  if (s.concurrent) {
    let writersDone = false;
    const poller = (async () => {
      for (;;) {
        const done = writersDone; // read before the page: a page after this saw every commit
        if ((await poll()) === 0 && done) return;
      }
    })();
    await Promise.all(
      Array.from({ length: s.writers }, async (_, w) => {
        for (const step of steps(w)) await step();
      }),
    );
    writersDone = true;
    await poller;
  } else {
    for (let w = 0; w < s.writers; w++) {
      for (const step of steps(w)) {
        await step();
        await poll();
      }
    }
    while ((await poll()) > 0);
  }

  const expected = s.writers * (s.perWriter * 2 + Math.ceil(s.perWriter / 2) * 2);
  expect(committed).toHaveLength(expected);
  expect(new Set(seen).size).toBe(seen.length); // no change twice
  expect([...seen].sort()).toEqual([...committed].sort()); // every committed change, nothing else
  for (const [i, change] of seen.entries()) {
    if (change.startsWith('REMOVED ')) expect(seen.indexOf(`LISTED ${change.slice(8)}`)).toBeLessThan(i);
  }
  // in the feed's own order, as a fresh read gives it
  const stored = await root
    .fork()
    .getConnection()
    .execute<{ kind: string; entry_id: string }[]>(
      `select kind, entry_id from blacklist_change order by seq`,
    );
  expect(seen).toEqual(stored.map((r) => `${r.kind} ${r.entry_id}`));
}

async function personOf(em: EntityManager, employerEntryId: string): Promise<string[]> {
  const rows = await em
    .getConnection()
    .execute<{ id: string }[]>(
      `select id from blacklist_entry where legal_rep_of = ?`,
      [employerEntryId],
      'all',
      em.getTransactionContext(),
    );
  return rows.map((r) => r.id);
}

describe('the credit feed on PostgreSQL', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  it('a poller following endCursor sees every change exactly once while many writers commit', () =>
    followFeedWhileWriting(t, { writers: WRITERS, perWriter: CASES_PER_WRITER, concurrent: true }));
});
