/**
 * The pay alerts read against payments and appointments: PAID_OUTSIDE_PAYROLL,
 * PAYMENT_FAILED_UNRESOLVED and NO_LABOUR_WAGE_MANAGER. Each reads all its projects at once.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../../db/sql';
import type { WorkingCalendar } from '../../../domain/calendar';
import { addDays } from '../../../domain/dates';
import { lookupHash } from '../../../personal-data/cipher';
import { OPEN_PAY_ALERTS_SQL, type OpenPayAlert, type PayFinding } from './store';
import type { PayAlertKind } from '../../../domain/workforce/alert-kinds';
import type { PayAlertRules } from './rules';

/** How a bank writes a card number in a counterparty field: digits, perhaps spaced or dashed. */
const normalizedCard = (account: string): string => account.replace(/[\s-]+/g, '');
/** Words of a memo: a payroll reference is found as a whole word, never inside another. */
const memoWords = (memo: string): Set<string> =>
  new Set(memo.split(/[\s,;:|/，；：、()（）]+/).filter(Boolean));

/**
 * A DEBIT's counterparty card as PAID_OUTSIDE_PAYROLL compares it (hashed as worker cards are);
 * null when the debit names no counterparty account (a batch debit). Stored with the event at
 * intake (account_event.counterparty_card_hash), so an evaluation does not hash every debit again.
 */
export function counterpartyCardHash(account: string | null | undefined): string | null {
  const card = account ? normalizedCard(account) : '';
  return card ? lookupHash('CARD', card) : null;
}

interface DebitRow {
  p: string;
  amount: string | null;
  on: string;
  account: string | null;
  memo: string | null;
}

/**
 * PAID_OUTSIDE_PAYROLL (art. 31: the account pays the project's workers, to their own cards, on
 * the payroll the contractor submitted). A DEBIT of the project's special account is within the
 * payroll when its counterparty account, hashed as worker cards are (lookupHash('CARD', digits)),
 * is the card of a line of one of the project's payrolls AND that worker's own registered card.
 * A bank's lump-sum batch debit — no counterparty, its memo naming a payroll reference of the
 * project — is that payroll paid out line by line (the bank's per-line results report each card),
 * so it is within the payroll while the batch debits naming a payroll add up to no more than its
 * net total; a batch above it (the excess), or a debit naming no payroll and no card, is outside.
 * One alert per project, due the day of the earliest debit outside, with their count and sum.
 *
 * One statement: the debits whose card hash was stored at intake are judged and summed per
 * project by PostgreSQL; the others (batch debits, and debits stored before the hash was) come
 * back as rows and are judged here, with the project's cards and payrolls.
 */
export async function paidOutsidePayroll(
  em: EntityManager,
  projectIds: readonly string[],
  /** the kinds whose open alerts of these projects are read (and locked) along: OPEN_PAY_ALERTS_SQL */
  openOf: readonly PayAlertKind[] = [],
): Promise<{ findings: PayFinding[]; open: OpenPayAlert[] }> {
  if (!projectIds.length) return { findings: [], open: [] };
  const [read] = await sql<{
    outside: { p: string; n: number; sum: string; since: string }[];
    debits: DebitRow[];
    cards: { p: string; h: string }[];
    payrolls: { p: string; reference: string; net: string }[];
    open: OpenPayAlert[];
  }>(
    em,
    // The debits judged here and those sent back are read apart, each by its own partial index
    // (migration 20261208100000): the judged ones from the index alone, without the table.
    `with open_alerts as (${OPEN_PAY_ALERTS_SQL}),
     cards as (
       select distinct pl.project_id, pl.card_hash as h
         from payroll_line pl join worker w on w.id = pl.worker_id and w.card_hash = pl.card_hash
        where pl.project_id = any(?::uuid[]))
     select
       (select coalesce(json_agg(o), '[]') from (
          select sa.project_id::text as p, count(*)::int as n, coalesce(sum(e.amount_fen), 0)::text as sum,
                 (min(e.booked_at) at time zone 'Asia/Shanghai')::date::text as since
            from special_account sa
            join account_event e on e.bank_code = sa.bank_code and e.account_no = sa.account_no
                                and e.type = 'DEBIT' and e.counterparty_card_hash is not null
           where sa.project_id = any(?::uuid[])
             and not exists (select 1 from cards c where c.project_id = sa.project_id and c.h = e.counterparty_card_hash)
           group by sa.project_id) o) as outside,
       (select coalesce(json_agg(json_build_object('p', sa.project_id::text, 'amount', e.amount_fen::text,
                                 'on', (e.booked_at at time zone 'Asia/Shanghai')::date::text,
                                 'account', e.counterparty_account, 'memo', e.memo)), '[]')
          from special_account sa
          join account_event e on e.bank_code = sa.bank_code and e.account_no = sa.account_no
                              and e.type = 'DEBIT' and e.counterparty_card_hash is null
         where sa.project_id = any(?::uuid[])) as debits,
       (select coalesce(json_agg(json_build_object('p', c.project_id::text, 'h', c.h)), '[]') from cards c) as cards,
       (select coalesce(json_agg(json_build_object('p', r.p, 'reference', r.reference, 'net', r.net)), '[]') from (
          select p.project_id::text as p, p.reference, coalesce(sum(pl.net_fen), 0)::text as net
            from payroll p left join payroll_line pl on pl.payroll_id = p.id
           where p.project_id = any(?::uuid[]) group by 1, 2) r) as payrolls,
       (select coalesce(json_agg(a), '[]') from open_alerts a) as open`,
    [openOf.length ? projectIds : [], [...openOf], projectIds, projectIds, projectIds, projectIds],
  );
  const { debits, cards, payrolls } = read;
  const cardsOf = new Set(cards.map((c) => `${c.p}|${c.h}`));
  const netOf = new Map(payrolls.map((r) => [`${r.p}|${r.reference}`, BigInt(r.net)]));
  const referencesOf = new Map<string, string[]>();
  for (const r of payrolls) referencesOf.set(r.p, [...(referencesOf.get(r.p) ?? []), r.reference]);
  const outside = new Map<string, { count: number; sum: bigint; since: string }>();
  const flag = (p: string, amount: bigint, on: string, count = 1) => {
    const o = outside.get(p) ?? { count: 0, sum: 0n, since: on };
    o.count += count;
    o.sum += amount;
    if (on < o.since) o.since = on;
    outside.set(p, o);
  };
  for (const o of read.outside) flag(o.p, BigInt(o.sum), o.since, o.n);
  const batches = new Map<string, { paid: bigint }>();
  for (const d of debits.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))) {
    const amount = BigInt(d.amount ?? '0');
    // a debit stored before its card's hash was (stored ones were judged above)
    const card = counterpartyCardHash(d.account);
    if (card) {
      if (!cardsOf.has(`${d.p}|${card}`)) flag(d.p, amount, d.on);
      continue;
    }
    const words = memoWords(d.memo ?? '');
    const reference = (referencesOf.get(d.p) ?? []).find((r) => words.has(r));
    if (!reference) {
      flag(d.p, amount, d.on);
      continue;
    }
    const k = `${d.p}|${reference}`;
    const b = batches.get(k) ?? { paid: 0n };
    const over = b.paid + amount - netOf.get(k)!;
    if (over > 0n) flag(d.p, over < amount ? over : amount, d.on);
    b.paid += amount;
    batches.set(k, b);
  }
  const findings = [...outside].map(([projectId, o]): PayFinding => ({
    projectId,
    kind: 'PAID_OUTSIDE_PAYROLL',
    slot: 'project',
    dueDate: o.since,
    shortfallFen: o.sum,
    details: { debits: String(o.count), amountFen: String(o.sum) },
  }));
  return { findings, open: read.open };
}

/**
 * PAYMENT_FAILED_UNRESOLVED: a line whose payment failed (first_failed_on) and that is still not
 * PAID once `failedPaymentWorkingDays` working days after the failure have ended. One per project,
 * due the earliest such deadline, with the lines' count and their net pay still owed.
 */
export async function paymentFailedUnresolved(
  em: EntityManager,
  projectIds: readonly string[],
  rules: PayAlertRules,
  calendar: WorkingCalendar,
  today: string,
): Promise<PayFinding[]> {
  if (!projectIds.length) return [];
  const lines = await sql<{ p: string; failed: string; net: string }>(
    em,
    `select project_id::text as p, first_failed_on::text as failed, net_fen::text as net from payroll_line
      where project_id = any(?::uuid[]) and first_failed_on is not null and status <> 'PAID'`,
    [projectIds],
  );
  const found = new Map<string, { count: number; owed: bigint; due: string }>();
  for (const l of lines) {
    const due = calendar.workingDaysAfter(l.failed, rules.failedPaymentWorkingDays).date;
    if (due >= today) continue;
    const f = found.get(l.p) ?? { count: 0, owed: 0n, due };
    f.count += 1;
    f.owed += BigInt(l.net);
    if (due < f.due) f.due = due;
    found.set(l.p, f);
  }
  return [...found].map(([projectId, f]) => ({
    projectId,
    kind: 'PAYMENT_FAILED_UNRESOLVED',
    slot: 'project',
    dueDate: f.due,
    shortfallFen: f.owed,
    details: { lines: String(f.count), owedFen: String(f.owed) },
  }));
}

/**
 * NO_LABOUR_WAGE_MANAGER (art. 28): a project under construction — its construction permit issued
 * (the date the deposit and board duties count from too) and not completed — with no labour-wage
 * manager appointed once `managerDays` natural days after the permit have ended. Judged only for a
 * project whose workforce the hub holds (a team registered): one whose contractor does not report
 * its real-name records here yet cannot be judged from them, as the scorecard says NOT_JUDGED.
 */
export async function noLabourWageManager(
  em: EntityManager,
  projectIds: readonly string[],
  rules: PayAlertRules,
  today: string,
): Promise<PayFinding[]> {
  if (!projectIds.length) return [];
  const rows = await sql<{ p: string; permit: string }>(
    em,
    `select p.id::text as p, p.permit_issued_on::text as permit from project p
      where p.id = any(?::uuid[]) and p.permit_issued_on is not null
        and (p.completed_on is null or p.completed_on > ?::date)
        and exists (select 1 from work_team t where t.project_id = p.id)
        and not exists (select 1 from labour_wage_manager m where m.project_id = p.id)`,
    [projectIds, today],
  );
  return rows
    .map((r) => ({ p: r.p, due: addDays(r.permit, rules.managerDays) }))
    .filter((r) => r.due < today)
    .map((r) => ({
      projectId: r.p,
      kind: 'NO_LABOUR_WAGE_MANAGER',
      slot: 'project',
      dueDate: r.due,
      shortfallFen: 0n,
      details: {},
    }));
}
