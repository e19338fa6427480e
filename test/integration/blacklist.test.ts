import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must } from '../support/fixtures';
import {
  DECIDE,
  ENTRY_FIELDS,
  listableCase,
  readFeed,
  REMOVE,
  type ListableCase,
} from '../support/blacklist-fixtures';
import { runMaintenance } from '../../src/services/blacklist/maintenance';
import { maskIdNumber } from '../../src/domain/identifiers';
import { addDays } from '../../src/domain/dates';
import { HUB_JOBS, hubSchedules } from '../../jobs';
import { blacklistMaintenanceJob } from '../../jobs/blacklist-maintenance.job';
import { loadConfig } from '../../src/config';
import pino from 'pino';
import { todayInShanghai } from '../../src/clock';

/** an order whose deadline (a Monday) has passed by 2026-03-10 */
const EARLY_ORDER = { issuedOn: '2026-02-12', deadline: '2026-03-02' };

let t: TestHub;
let admin: string;
beforeAll(async () => {
  t = await startTestHub();
  admin = t.token(CITY_HRSS);
});
afterAll(() => t.close());

const decide = (
  c: ListableCase | string,
  decidedOn = '2026-04-01',
  ground = 'AMOUNT_THRESHOLD',
  token = admin,
) =>
  t.gql<{ decideListing: any }>(token, DECIDE, {
    c: typeof c === 'string' ? c : c.caseId,
    d: decidedOn,
    g: ground,
  });
const remove = (entryId: string, on: string, reason: string, note?: string, token = admin) =>
  t.gql<{ removeFromBlacklist: any }>(token, REMOVE, { e: entryId, on, r: reason, n: note });
const commit = (entryId: string, receivedOn: string, token = admin) =>
  t.gql<{ recordCreditCommitment: any }>(
    token,
    `mutation($e: ID!, $d: Date!) { recordCreditCommitment(entryId: $e, receivedOn: $d) { id } }`,
    { e: entryId, d: receivedOn },
  );
const pay = (caseId: string, paidOn: string, amount: string) =>
  must(
    t.gql(
      admin,
      `mutation($c: ID!, $d: Date!, $a: Money!) { recordWagePayment(caseId: $c, paidOn: $d, amount: $a) { id } }`,
      {
        c: caseId,
        d: paidOn,
        a: amount,
      },
    ),
  );
const entry = async (id: string) =>
  (
    await must(
      t.gql<{ blacklistEntry: any }>(
        admin,
        `query($id: ID!) { blacklistEntry(id: $id) { ${ENTRY_FIELDS} } }`,
        {
          id,
        },
      ),
    )
  ).blacklistEntry;
const caseStatus = async (id: string) =>
  (
    await must(
      t.gql<{ wageCase: { status: string } }>(admin, `query($id: ID!) { wageCase(id: $id) { status } }`, {
        id,
      }),
    )
  ).wageCase.status;
const firstError = (r: {
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}) => ({
  code: r.errors?.[0]?.extensions?.code,
  field: r.errors?.[0]?.extensions?.field,
  message: r.errors?.[0]?.message ?? '',
});

describe('decideListing refuses, saying which', () => {
  it('a case with no order to pay', async () => {
    const c = await listableCase(t, { order: false });
    const e = firstError(await decide(c));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/has no order to pay/);
  });

  it("while the order's deadline has not passed (on the deadline itself)", async () => {
    const c = await listableCase(t);
    const e = firstError(await decide(c, c.orderDeadline));
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'decidedOn' });
    expect(e.message).toContain(`the order's deadline ${c.orderDeadline} has not passed`);
    expect(e.message).toContain('from 2026-03-17');
  });

  it('once the arrears are paid', async () => {
    const c = await listableCase(t);
    await pay(c.caseId, '2026-03-20', '12000.00');
    const e = firstError(await decide(c));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/are paid \(¥12000\.00 of ¥12000\.00 on 2026-03-20\)/);
  });

  it("when AMOUNT_THRESHOLD's test fails, naming the thresholds; MASS_INCIDENT does not need it", async () => {
    const c = await listableCase(t, { lines: [{ monthsOwed: 3, amount: '9999.99' }] });
    const e = firstError(await decide(c));
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ground' });
    expect(e.message).toContain(
      'one worker owed 3 months or more and ¥10000.00 or more, or 10 or more workers owed ¥50000.00 or more in total',
    );
    expect(e.message).toContain('¥9999.99');
    const listed = await must(decide(c, '2026-04-01', 'MASS_INCIDENT'));
    expect(listed.decideListing).toMatchObject({ ground: 'MASS_INCIDENT', status: 'LISTED' });
  });

  it('applies thresholds set as data by city HRSS, within the national ranges', async () => {
    const setThresholds = (one: string, many: string, token = admin) =>
      t.gql(
        token,
        `mutation($o: Money!, $m: Money!) { setListingThresholds(oneWorkerMinAmount: $o, manyWorkersMinTotal: $m) {
           rule minAmount } }`,
        { o: one, m: many },
      );
    expect(
      firstError(await setThresholds('9000.00', '50000.00', t.token({ org: 'HRSS', district: '210502' })))
        .code,
    ).toBe('FORBIDDEN');
    expect(firstError(await setThresholds('4999.99', '50000.00'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'oneWorkerMinAmount',
    });
    const c = await listableCase(t, { lines: [{ monthsOwed: 3, amount: '9999.99' }] });
    await must(setThresholds('9000.00', '50000.00'));
    try {
      expect((await must(decide(c))).decideListing.status).toBe('LISTED');
    } finally {
      await must(setThresholds('10000.00', '50000.00'));
    }
    const rows = await must(
      t.gql<{ listingThresholds: any[] }>(
        admin,
        `{ listingThresholds { rule minWorkers minMonths minAmount } }`,
      ),
    );
    expect(rows.listingThresholds).toEqual([
      { rule: 'ONE_WORKER', minWorkers: 1, minMonths: 3, minAmount: '10000.00' },
      { rule: 'MANY_WORKERS', minWorkers: 10, minMonths: 0, minAmount: '50000.00' },
    ]);
  });

  it('ten workers owed ¥50,000.00 in total are listed; ¥49,999.99 are not', async () => {
    const ten = (last: string) => [
      ...Array.from({ length: 9 }, () => ({ monthsOwed: 2, amount: '5000.00' })),
      { monthsOwed: 2, amount: last },
    ];
    const below = await listableCase(t, { lines: ten('4999.99') });
    expect(firstError(await decide(below)).message).toContain('10 workers are owed ¥49999.99 in total');
    const at = await listableCase(t, { lines: ten('5000.00') });
    expect((await must(decide(at))).decideListing.status).toBe('LISTED');
  });

  it('for anyone but HRSS of the case, and twice: NOT_FOUND, saying nothing, for a case out of sight', async () => {
    const c = await listableCase(t);
    for (const caller of [
      { org: 'HOUSING', district: '210502' },
      { org: 'HRSS', district: '210503' },
      { org: 'CREDIT_PLATFORM' },
    ] as const) {
      const refused = firstError(await decide(c, '2026-04-01', 'AMOUNT_THRESHOLD', t.token(caller)));
      expect(refused).toMatchObject({ code: 'NOT_FOUND', message: `case ${c.caseId} not found` });
    }
    // the district's police see the case, but listing is HRSS's
    const police = firstError(
      await decide(c, '2026-04-01', 'AMOUNT_THRESHOLD', t.token({ org: 'POLICE', district: '210502' })),
    );
    expect(police.code).toBe('FORBIDDEN');
    expect(police.message).not.toMatch(/2105\d\d/);
    await must(decide(c, '2026-04-01', 'AMOUNT_THRESHOLD', t.token({ org: 'HRSS', district: '210502' })));
    const again = firstError(await decide(c, '2026-04-02'));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toMatch(/cannot move to LISTED|already listed/);
  });
});

describe('a listing', () => {
  it('lists the employer and its legal representative, whose ID number only ever appears masked', async () => {
    const c = await listableCase(t, EARLY_ORDER);
    const res = await decide(c, '2026-03-10');
    const listed = (await must(Promise.resolve(res))).decideListing;
    expect(listed).toMatchObject({
      subjectKind: 'ENTERPRISE',
      uscc: c.employerUscc,
      maskedIdNumber: null,
      ground: 'AMOUNT_THRESHOLD',
      decidedOn: '2026-03-10',
      listedUntil: '2029-03-10',
      status: 'LISTED',
      removedOn: null,
      districtCode: '210502',
      caseId: c.caseId,
    });
    expect(listed.legalRepresentative).toMatchObject({
      subjectKind: 'PERSON',
      name: '王建国',
      uscc: null,
      maskedIdNumber: maskIdNumber(c.legalRepIdNumber!),
      legalRepresentativeOf: listed.id,
      listedUntil: '2029-03-10',
    });
    expect(listed.legalRepresentative.maskedIdNumber).toMatch(/^210502\*{8}\d{3}[\dX]$/);
    expect(await caseStatus(c.caseId)).toBe('LISTED');

    const feed = await readFeed(t, t.token({ org: 'CREDIT_PLATFORM' }));
    const mine = feed.changes.filter((ch) => ch.entry.caseId === c.caseId);
    expect(mine.map((ch) => [ch.kind, ch.entry.subjectKind])).toEqual([
      ['LISTED', 'ENTERPRISE'],
      ['LISTED', 'PERSON'],
    ]);
    const everything = JSON.stringify([res, feed]);
    expect(everything).not.toContain(c.legalRepIdNumber!);
  });

  it('lists only the employer when no legal representative is on record', async () => {
    const c = await listableCase(t, { legalRep: false });
    const listed = (await must(decide(c))).decideListing;
    expect(listed.legalRepresentative).toBeNull();
  });
});

describe('the list’s life', () => {
  it('expires after three years: maintenance as of the day after listedUntil, once', async () => {
    const c = await listableCase(t, EARLY_ORDER);
    const listed = (await must(decide(c, '2026-03-10'))).decideListing;
    const person = listed.legalRepresentative.id;
    expect((await runMaintenance(t.hub.orm.em, '2029-03-10')).expired).toBe(0);
    expect((await entry(listed.id)).status).toBe('LISTED');
    const report = await runMaintenance(t.hub.orm.em, '2029-03-11');
    expect(report.expired).toBeGreaterThanOrEqual(2);
    for (const id of [listed.id, person]) {
      expect(await entry(id)).toMatchObject({
        status: 'EXPIRED',
        removedOn: '2029-03-11',
        removalReason: null,
      });
    }
    const before = (await readFeed(t, admin)).changes.length;
    expect(await runMaintenance(t.hub.orm.em, '2029-03-11')).toMatchObject({ expired: 0, escalated: 0 });
    expect(await runMaintenance(t.hub.orm.em, '2028-01-01')).toMatchObject({ expired: 0 }); // an earlier day undoes nothing
    const feed = (await readFeed(t, admin)).changes;
    expect(feed.length).toBe(before);
    const expiries = feed.filter((ch) => ch.kind === 'EXPIRED' && ch.entry.caseId === c.caseId);
    expect(expiries.map((ch) => ch.entry.subjectKind).sort()).toEqual(['ENTERPRISE', 'PERSON']);
    expect(expiries.every((ch) => ch.entry.status === 'EXPIRED')).toBe(true);
  });

  it('runs daily on the compliance sweep schedule, as of today', async () => {
    expect(HUB_JOBS).toContain(blacklistMaintenanceJob);
    const schedule = hubSchedules(loadConfig({})).find((s) => s.job === blacklistMaintenanceJob);
    expect(schedule?.repeat).toEqual({ pattern: '30 0 * * *', tz: 'Asia/Shanghai' });
    const deps = {
      orm: t.hub.orm,
      log: pino({ level: 'silent' }),
      config: loadConfig({}),
      enqueue: jest.fn(),
    };
    const report = await blacklistMaintenanceJob.handle({}, deps);
    expect(report).toMatchObject({ asOf: todayInShanghai() });
  });

  it('runBlacklistMaintenance: city HRSS, today or earlier', async () => {
    const run = (asOf: string, token = admin) =>
      t.gql(token, `mutation($d: Date!) { runBlacklistMaintenance(asOf: $d) { asOf expired escalated } }`, {
        d: asOf,
      });
    expect(firstError(await run('2026-11-20', t.token({ org: 'HRSS', district: '210502' }))).code).toBe(
      'FORBIDDEN',
    );
    expect(firstError(await run('2099-01-01'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    expect((await must(run('2026-11-20'))).runBlacklistMaintenance).toMatchObject({
      asOf: '2026-11-20',
      expired: 0,
    });
  });

  it('early removal: refused unpaid, before six months and without a commitment; then the pair leaves', async () => {
    const c = await listableCase(t);
    const listed = (await must(decide(c, '2026-04-01'))).decideListing;
    const person = listed.legalRepresentative.id;
    let e = firstError(await remove(listed.id, '2026-10-01', 'EARLY_REMOVAL'));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/are not paid \(¥12000\.00 outstanding\)/);

    await pay(c.caseId, '2026-04-20', '12000.00');
    expect(await caseStatus(c.caseId)).toBe('LISTED'); // a payment does not end a listing
    e = firstError(await remove(listed.id, '2026-10-20', 'EARLY_REMOVAL'));
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'on' });
    expect(e.message).toContain(
      'paid in full on 2026-04-20 have not passed on 2026-10-20: early removal from 2026-10-21',
    );

    e = firstError(await remove(listed.id, '2026-10-21', 'EARLY_REMOVAL'));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/no written credit commitment/);

    expect(firstError(await commit(person, '2026-10-15')).field).toBe('entryId');
    expect(firstError(await commit(listed.id, '2026-03-01')).field).toBe('receivedOn');
    await must(commit(listed.id, '2026-10-15', t.token({ org: 'HRSS', district: '210502' })));
    expect(firstError(await remove(person, '2026-10-21', 'EARLY_REMOVAL')).message).toMatch(
      /applied for by the employer/,
    );
    const removed = (
      await must(
        remove(
          listed.id,
          '2026-10-21',
          'EARLY_REMOVAL',
          undefined,
          t.token({ org: 'HRSS', district: '210502' }),
        ),
      )
    ).removeFromBlacklist;
    expect(removed).toMatchObject({
      status: 'REMOVED',
      removedOn: '2026-10-21',
      removalReason: 'EARLY_REMOVAL',
    });
    expect(await entry(person)).toMatchObject({
      status: 'REMOVED',
      removedOn: '2026-10-21',
      removalReason: 'EARLY_REMOVAL',
    });

    const feed = (await readFeed(t, admin)).changes.filter((ch) => ch.entry.caseId === c.caseId);
    expect(feed.map((ch) => `${ch.kind} ${ch.entry.subjectKind} ${ch.entry.status}`)).toEqual([
      'LISTED ENTERPRISE LISTED',
      'LISTED PERSON LISTED',
      'REMOVED ENTERPRISE REMOVED',
      'REMOVED PERSON REMOVED',
    ]);
    expect(firstError(await remove(listed.id, '2026-10-22', 'CORRECTION', 'again')).code).toBe('CONFLICT');
  });

  it('CORRECTION: city HRSS only, with a note, at any time', async () => {
    const c = await listableCase(t);
    const listed = (await must(decide(c, '2026-04-01'))).decideListing;
    const district = t.token({ org: 'HRSS', district: '210502' });
    expect(
      firstError(await remove(listed.id, '2026-04-02', 'CORRECTION', 'wrong employer', district)).code,
    ).toBe('FORBIDDEN');
    expect(firstError(await remove(listed.id, '2026-04-02', 'CORRECTION'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'note',
    });
    expect(firstError(await remove(listed.id, '2026-03-31', 'CORRECTION', 'x')).field).toBe('on');
    const removed = (await must(remove(listed.id, '2026-04-02', 'CORRECTION', 'the debtor was another firm')))
      .removeFromBlacklist;
    expect(removed).toMatchObject({
      status: 'REMOVED',
      removalReason: 'CORRECTION',
      removedOn: '2026-04-02',
    });
    expect((await entry(listed.legalRepresentative.id)).status).toBe('REMOVED');
  });

  it('escalates a case whose listing decision is overdue, once, to city and district HRSS', async () => {
    const c = await listableCase(t);
    expect(c.listingDecisionDeadline).not.toBeNull();
    const deadline = c.listingDecisionDeadline!;
    // as of the deadline itself the decision is not yet overdue
    await runMaintenance(t.hub.orm.em, deadline);
    const noticesFor = async () =>
      (
        await must(
          t.gql<{ notices: { edges: { node: { recipient: string; payload: string } }[] } }>(
            admin,
            `{ notices(filter: { topic: "LISTING_DECISION_OVERDUE" }, first: 500) { edges { node { recipient payload } } } }`,
          ),
        )
      ).notices.edges
        .map((e) => e.node)
        .filter((n) => JSON.parse(n.payload).caseId === c.caseId);
    expect(await noticesFor()).toEqual([]);
    const first = await runMaintenance(t.hub.orm.em, addDays(deadline, 1));
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const sent = await noticesFor();
    expect(sent.map((n) => n.recipient).sort()).toEqual(['HRSS:210500', 'HRSS:210502']);
    for (const n of sent) {
      const payload = JSON.parse(n.payload);
      expect(payload).toMatchObject({
        caseId: c.caseId,
        listingDecisionDeadline: c.listingDecisionDeadline,
        employerUscc: c.employerUscc,
        arrearsOutstanding: '12000.00', // yuan, a Money string, as every notice sends money
      });
      expect(Object.keys(payload).filter((k) => /fen$/i.test(k))).toEqual([]);
    }
    expect((await runMaintenance(t.hub.orm.em, addDays(deadline, 1))).escalated).toBe(0);
    expect((await runMaintenance(t.hub.orm.em, '2026-11-26')).escalated).toBe(0);
    expect(await noticesFor()).toHaveLength(2);
    // the decision can still be taken, late
    expect((await must(decide(c, '2026-11-26'))).decideListing.status).toBe('LISTED');
  });
});

describe('money in notices', () => {
  it('every notice in the outbox sends money as yuan Money strings, never fen', async () => {
    const c = await listableCase(t, { lines: [{ monthsOwed: 4, amount: '12345.67' }] });
    await runMaintenance(t.hub.orm.em, addDays(c.listingDecisionDeadline!, 1));
    const pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ topic: string; payload: unknown }>(
        `select topic, payload from outbox_notice`,
      );
      const overdue = rows.find(
        (r) =>
          r.topic === 'LISTING_DECISION_OVERDUE' && (r.payload as { caseId: string }).caseId === c.caseId,
      );
      expect(overdue?.payload).toMatchObject({ arrearsOutstanding: '12345.67' });
      const MONEY =
        /^(amount|claimedAmount|arrearsOutstanding|shortfall|fine|difference|opening|closing|credits|debits|expectedClosing)$/;
      const problems: string[] = [];
      const walk = (topic: string, value: unknown, path: string): void => {
        if (!value || typeof value !== 'object') return;
        for (const [k, v] of Object.entries(value)) {
          if (/fen$/i.test(k)) problems.push(`${topic} ${path}${k}: a fen field`);
          if (MONEY.test(k) && v !== null && !(typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v)))
            problems.push(`${topic} ${path}${k}: ${JSON.stringify(v)} is not a Money string`);
          walk(topic, v, `${path}${k}.`);
        }
      };
      for (const r of rows) walk(r.topic, r.payload, '');
      // the topics this hub has sent: the case's routing and the overdue decision
      expect(rows.map((r) => r.topic)).toEqual(
        expect.arrayContaining(['CASE_ROUTED', 'LISTING_DECISION_OVERDUE']),
      );
      expect(problems).toEqual([]);
    } finally {
      await pg.end();
    }
  });
});
