import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must } from '../support/fixtures';
import { CHANGES, DECIDE, ENTRY_FIELDS, listableCase, readFeed, REMOVE } from '../support/blacklist-fixtures';

let t: TestHub;
let admin: string;
let platform: string;
beforeAll(async () => {
  t = await startTestHub();
  admin = t.token(CITY_HRSS);
  platform = t.token({ org: 'CREDIT_PLATFORM' });
});
afterAll(() => t.close());

const listOne = async (decidedOn = '2026-04-01') => {
  const c = await listableCase(t);
  return (
    await must(
      t.gql<{ decideListing: any }>(admin, DECIDE, { c: c.caseId, d: decidedOn, g: 'AMOUNT_THRESHOLD' }),
    )
  ).decideListing;
};
const page = (token: string, after: string | null, first?: number) =>
  t.gql<{ blacklistChanges: any }>(token, CHANGES, { after, first });

describe('the credit feed', () => {
  it('pages in commit order with endCursor, each change once', async () => {
    const first = await listOne();
    const second = await listOne();
    await must(
      t.gql(admin, REMOVE, { e: first.id, on: '2026-04-03', r: 'CORRECTION', n: 'listed by mistake' }),
    );

    const whole = await readFeed(t, platform, null, 500);
    expect(whole.changes.map((c) => `${c.kind} ${c.entry.id}`)).toEqual([
      `LISTED ${first.id}`,
      `LISTED ${first.legalRepresentative.id}`,
      `LISTED ${second.id}`,
      `LISTED ${second.legalRepresentative.id}`,
      `REMOVED ${first.id}`,
      `REMOVED ${first.legalRepresentative.id}`,
    ]);
    const ats = whole.changes.map((c) => Date.parse(c.at));
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    // the entry as it then stood: LISTED in the listing, REMOVED in the removal
    expect(whole.changes[0].entry).toMatchObject({ status: 'LISTED', removedOn: null });
    expect(whole.changes[4].entry).toMatchObject({ status: 'REMOVED', removalReason: 'CORRECTION' });

    // two at a time, following endCursor
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const p: any = (await must(page(platform, after, 2))).blacklistChanges;
      expect(p.totalCount).toBe(6);
      seen.push(...p.edges.map((e: any) => `${e.node.kind} ${e.node.entry.id}`));
      expect(p.pageInfo.endCursor).toBe(p.edges.at(-1).cursor);
      after = p.pageInfo.endCursor;
      pages += 1;
      if (!p.pageInfo.hasNextPage) break;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(whole.changes.map((c) => `${c.kind} ${c.entry.id}`));

    // nothing new: the same position back, never null (which would restart the feed)
    const empty = (await must(page(platform, after, 2))).blacklistChanges;
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toEqual({ hasNextPage: false, endCursor: after });

    // and a later change comes after it
    const third = await listOne();
    const next = (await must(page(platform, after, 10))).blacklistChanges;
    expect(next.edges.map((e: any) => e.node.entry.id)).toEqual([third.id, third.legalRepresentative.id]);
  });

  it('is for the credit platform and city HRSS only', async () => {
    for (const caller of [
      { org: 'HRSS', district: '210502' },
      { org: 'HOUSING', district: '210500' },
      { org: 'BANK', bank: 'ICBC_BX' },
      { org: 'POLICE', district: '210500' },
    ] as const) {
      const token = t.token(caller);
      expect((await page(token, null)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const snap = await t.gql(token, `{ blacklist { cursor } }`);
      expect(snap.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await page(t.token({ org: 'CREDIT_PLATFORM' }), null)).errors).toBeUndefined();
    // the platform reads the blacklist and nothing else
    const projects = await must(
      t.gql<{ projects: { totalCount: number } }>(platform, `{ projects { totalCount } }`),
    );
    expect(projects.projects.totalCount).toBe(0);
  });

  it('refuses a cursor it did not give out, and a page over 500', async () => {
    for (const bad of [
      'nonsense',
      Buffer.from('["x"]').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
    ]) {
      const r = await page(platform, bad);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    expect((await page(platform, null, 501)).errors?.[0]?.extensions?.field).toBe('first');
  });

  it('a snapshot then the feed from its cursor: nothing missed, nothing twice', async () => {
    const removedLater = await listOne('2026-04-10');
    const snap = (
      await must(
        t.gql<{ blacklist: any }>(platform, `{ blacklist { asOf cursor entries { ${ENTRY_FIELDS} } } }`),
      )
    ).blacklist;
    expect(snap.cursor).toEqual(expect.any(String));
    const held = new Map<string, any>(snap.entries.map((e: any) => [e.id, e]));
    expect(held.get(removedLater.id)).toMatchObject({ status: 'LISTED' });
    expect([...held.values()].every((e) => e.status === 'LISTED')).toBe(true);

    const added = await listOne('2026-04-11');
    await must(t.gql(admin, REMOVE, { e: removedLater.id, on: '2026-04-12', r: 'CORRECTION', n: 'wrong' }));
    const follow = await readFeed(t, platform, snap.cursor, 3);
    expect(follow.changes.map((c) => `${c.kind} ${c.entry.id}`)).toEqual([
      `LISTED ${added.id}`,
      `LISTED ${added.legalRepresentative.id}`,
      `REMOVED ${removedLater.id}`,
      `REMOVED ${removedLater.legalRepresentative.id}`,
    ]);
    for (const c of follow.changes) {
      if (c.kind === 'LISTED') held.set(c.entry.id as string, c.entry);
      else held.delete(c.entry.id as string);
    }
    const now = (
      await must(t.gql<{ blacklist: any }>(platform, `{ blacklist { entries { ${ENTRY_FIELDS} } } }`))
    ).blacklist;
    expect([...held.values()].map((e) => e.id).sort()).toEqual(now.entries.map((e: any) => e.id).sort());
  });

  it('a past day’s list shows who was on it then, as they stood, without a cursor', async () => {
    const entry = await listOne('2026-05-01');
    await must(t.gql(admin, REMOVE, { e: entry.id, on: '2026-05-20', r: 'CORRECTION', n: 'wrong' }));
    const on = async (asOf: string) =>
      (
        await must(
          t.gql<{ blacklist: any }>(
            admin,
            `query($d: Date) { blacklist(asOf: $d) { asOf cursor entries { id status removedOn } } }`,
            { d: asOf },
          ),
        )
      ).blacklist;
    const during = await on('2026-05-10');
    expect(during.cursor).toBeNull();
    expect(during.entries).toContainEqual({ id: entry.id, status: 'LISTED', removedOn: null });
    expect((await on('2026-04-30')).entries.map((e: any) => e.id)).not.toContain(entry.id);
    expect((await on('2026-05-20')).entries.map((e: any) => e.id)).not.toContain(entry.id);
    expect(
      (await t.gql(admin, `{ blacklist(asOf: "2099-01-01") { cursor } }`)).errors?.[0]?.extensions?.field,
    ).toBe('asOf');
  });

  it('pushes each change to the credit platform through the outbox once an endpoint is set', async () => {
    await must(
      t.gql(
        admin,
        `mutation { setNoticeEndpoint(recipient: "CREDIT_PLATFORM", url: "http://127.0.0.1:9/credit",
        webhookSecret: "whsec_${Buffer.alloc(32, 7).toString('base64')}") { recipient } }`,
      ),
    );
    const listed = await listOne();
    const notices = (
      await must(
        t.gql<{ notices: { edges: { node: { recipient: string; topic: string; payload: string } }[] } }>(
          admin,
          `{ notices(filter: { recipient: "CREDIT_PLATFORM" }, first: 50) { edges { node { recipient topic payload } } } }`,
        ),
      )
    ).notices.edges.map((e) => ({ ...e.node, payload: JSON.parse(e.node.payload) }));
    const mine = notices.filter((n) => n.payload.entry.caseId === listed.caseId);
    expect(mine.map((n) => [n.topic, n.payload.kind, n.payload.entry.subjectKind]).sort()).toEqual([
      ['BLACKLIST_CHANGE', 'LISTED', 'ENTERPRISE'],
      ['BLACKLIST_CHANGE', 'LISTED', 'PERSON'],
    ]);
    const person = mine.find((n) => n.payload.entry.subjectKind === 'PERSON')!;
    expect(person.payload.entry.maskedIdNumber).toBe(listed.legalRepresentative.maskedIdNumber);
  });
});
