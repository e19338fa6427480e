/**
 * The facts the deposit and guarantee duties are computed from, read set-based for a batch of
 * projects (a sweep partition, a page of projects, the projects a mutation touched): a fixed
 * number of statements whatever the batch's size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../db/sql';
import type { ContractorHistory } from '../../domain/duties/deposit-requirement';
import type { PaymentGuaranteeFact } from '../../domain/duties/duty-rules';
import type { DepositForm, HeldInstrument } from '../../domain/duties/instruments';
import { DEFAULT_POSTING_WORKING_DAYS } from '../../domain/rights-board/posting-rule';
import type { AccountFacts, FreezeFact } from '../../domain/duties/account-duties';

export interface ProjectDutyRow {
  id: string;
  districtCode: string;
  industry: string;
  ownerUscc: string;
  contractorId: string;
  contractorUscc: string;
  contractPriceFen: bigint;
  contractSignedOn: string;
  permitIssuedOn: string | null;
  completedOn: string | null;
  governmentInvestment: boolean;
  dutiesSweptThrough: string | null;
  /** the rights-protection board's posting (R7), when recorded */
  rightsBoardPostedOn: string | null;
}

export interface DutyFactsBatch {
  projects: ProjectDutyRow[];
  /** the board's setting (rights_board_rules), read with the projects */
  postingWorkingDays: number;
  deposits: Map<string, HeldInstrument[]>;
  guarantees: Map<string, PaymentGuaranteeFact[]>;
  returnConfirmedOn: Map<string, string>;
  /** the special account's facts (R5, R10, R13), every project of the batch */
  accounts: Map<string, AccountFacts>;
  histories: Map<
    string,
    {
      arrearsOn: string[];
      listings: ContractorHistory['listings'];
      projects: { id: string; startsOn: string; completedOn: string | null }[];
    }
  >;
}

export type DutySelector = { partition: number; of: number } | { projectIds: readonly string[] };

/** Reads a batch; `lock` (a sweep) takes its projects FOR UPDATE, so two evaluations never interleave. */
export async function loadDutyFacts(
  em: EntityManager,
  selector: DutySelector,
  opts: { lock?: boolean } = {},
): Promise<DutyFactsBatch> {
  const [where, params] =
    'partition' in selector
      ? // the same hash as the agreements' partitions: a project's members never move
        [`get_byte(uuid_send(p.id), 15) % ? = ?`, [selector.of, selector.partition]]
      : [`p.id = any(?::uuid[])`, [[...new Set(selector.projectIds)]]];
  const rows = await sql<Record<string, string | null>>(
    em,
    `select p.id, p.district_code, p.industry, o.uscc as owner_uscc, c.id as contractor_id, c.uscc as contractor_uscc,
            p.contract_price_fen::text as price, p.contract_signed_on::text as signed, p.permit_issued_on::text as permit,
            p.completed_on::text as completed, p.duties_swept_through::text as swept,
            rb.posted_on::text as board_posted, (select posting_working_days from rights_board_rules where id = 1)::text as board_days,
            p.government_investment::text as gov
       from project p join enterprise o on o.id = p.owner_id join enterprise c on c.id = p.contractor_id
            left join rights_board rb on rb.project_id = p.id
      where ${where} order by p.id ${opts.lock ? 'for update of p' : ''}`,
    params,
  );
  const projects = rows.map((r): ProjectDutyRow => ({
    id: r.id!,
    districtCode: r.district_code!,
    industry: r.industry!,
    ownerUscc: r.owner_uscc!,
    contractorId: r.contractor_id!,
    contractorUscc: r.contractor_uscc!,
    contractPriceFen: BigInt(r.price!),
    contractSignedOn: r.signed!,
    permitIssuedOn: r.permit,
    completedOn: r.completed,
    governmentInvestment: r.gov === 'true',
    dutiesSweptThrough: r.swept,
    rightsBoardPostedOn: r.board_posted,
  }));
  const batch: DutyFactsBatch = {
    projects,
    postingWorkingDays: rows.length ? Number(rows[0].board_days) : DEFAULT_POSTING_WORKING_DAYS,
    deposits: new Map(),
    guarantees: new Map(),
    returnConfirmedOn: new Map(),
    accounts: new Map(),
    histories: new Map(),
  };
  if (projects.length === 0) return batch;
  const ids = projects.map((p) => p.id);
  const contractors = [...new Set(projects.map((p) => p.contractorId))];
  // one after another: inside a sweep's transaction they share one connection
  const [deposits, guarantees, returns, arrears, listings, others, accountEvents, accountRecords] =
    await inSequence([
      () =>
        sql<Record<string, unknown>>(
          em,
          `select d.id, d.project_id, d.form, d.amount_fen::text as amount, d.deposited_on::text as deposited_on,
              d.valid_from::text as valid_from, d.valid_until::text as valid_until,
              coalesce((select json_agg(json_build_object('on', t.topped_up_on::text, 'amount', t.amount_fen::text))
                          from deposit_top_up t where t.deposit_id = d.id), '[]') as top_ups,
              coalesce((select json_agg(json_build_object('id', n.id, 'on', n.paid_on::text, 'amount', n.amount_fen::text))
                          from deposit_payment_notice n where n.deposit_id = d.id and n.paid_on is not null), '[]') as payments
         from wage_deposit d where d.project_id = any(?::uuid[])`,
          [ids],
        ),
      () =>
        sql<Record<string, string>>(
          em,
          `select id, project_id, issued_on::text as issued_on, valid_from::text as valid_from, valid_until::text as valid_until
         from payment_guarantee where project_id = any(?::uuid[])`,
          [ids],
        ),
      () =>
        sql<{ project_id: string; confirmed_on: string }>(
          em,
          `select project_id, confirmed_on::text as confirmed_on from deposit_return
        where project_id = any(?::uuid[]) and confirmed_on is not null`,
          [ids],
        ),
      () =>
        sql<{ debtor_id: string; received_on: string }>(
          em,
          `select debtor_id, received_on::text as received_on from wage_case
        where debtor_id = any(?::uuid[]) and verified_total_fen > 0`,
          [contractors],
        ),
      () =>
        sql<{ enterprise_id: string; decided_on: string; listed_until: string; removed_on: string | null }>(
          em,
          `select enterprise_id, decided_on::text as decided_on, listed_until::text as listed_until, removed_on::text as removed_on
         from blacklist_entry where subject_kind = 'ENTERPRISE' and enterprise_id = any(?::uuid[])`,
          [contractors],
        ),
      () =>
        sql<{ id: string; contractor_id: string; starts_on: string; completed_on: string | null }>(
          em,
          `select id, contractor_id, coalesce(permit_issued_on, contract_signed_on)::text as starts_on,
              completed_on::text as completed_on
         from project where contractor_id = any(?::uuid[])`,
          [contractors],
        ),
      // the account's own events (opened, closed, freeze attempts) with any objection to a freeze
      () =>
        sql<Record<string, string | null>>(
          em,
          `select sa.project_id, e.id::text as id, e.type, (e.booked_at at time zone 'Asia/Shanghai')::date::text as booked_on,
              e.amount_fen::text as amount, e.court, e.order_no, o.objected_on::text as objected_on, o.reference
         from special_account sa
         join account_event e on e.bank_code = sa.bank_code and e.account_no = sa.account_no
                             and e.type in ('ACCOUNT_OPENED', 'ACCOUNT_CLOSED', 'FREEZE_ATTEMPT')
         left join freeze_objection o on o.account_event_id = e.id
        where sa.project_id = any(?::uuid[])`,
          [ids],
        ),
      // the agreement's registration (evidence of opening), the filing, the funding, the publicity, open cases
      () =>
        sql<Record<string, unknown>>(
          em,
          `select p.id,
              (select min((a.created_at at time zone 'Asia/Shanghai')::date)::text from tripartite_agreement a
                where a.project_id = p.id) as agreement_on,
              f.filed_on::text as filed_on, g.verified_on::text as verified_on,
              r.publicity_starts_on::text as publicity_on,
              coalesce((select json_agg(c.received_on::text) from wage_case c
                         where c.project_id = p.id and c.status not in ('PAID', 'CLOSED')), '[]') as open_cases
         from project p
         left join special_account_filing f on f.project_id = p.id
         left join funding_arrangement g on g.project_id = p.id
         left join deposit_return r on r.project_id = p.id
        where p.id = any(?::uuid[])`,
          [ids],
        ),
    ] as const);
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  for (const d of deposits) {
    const instrument: HeldInstrument = {
      id: String(d.id),
      form: d.form as DepositForm,
      amountFen: BigInt(String(d.amount)),
      depositedOn: String(d.deposited_on),
      validFrom: String(d.valid_from),
      validUntil: (d.valid_until as string | null) ?? null,
      topUps: json<{ on: string; amount: string }[]>(d.top_ups).map((t) => ({
        on: t.on,
        amountFen: BigInt(t.amount),
      })),
      payments: json<{ id: string; on: string; amount: string }[]>(d.payments).map((p) => ({
        id: p.id,
        on: p.on,
        amountFen: BigInt(p.amount),
      })),
    };
    push(batch.deposits, String(d.project_id), instrument);
  }
  for (const g of guarantees)
    push(batch.guarantees, g.project_id, {
      id: g.id,
      issuedOn: g.issued_on,
      validFrom: g.valid_from,
      validUntil: g.valid_until,
    });
  for (const r of returns) batch.returnConfirmedOn.set(r.project_id, r.confirmed_on);
  const records = new Map(accountRecords.map((r) => [String(r.id), r]));
  for (const p of projects) {
    const r = records.get(p.id);
    batch.accounts.set(p.id, {
      contractSignedOn: p.contractSignedOn,
      startsOn: p.permitIssuedOn ?? p.contractSignedOn,
      completedOn: p.completedOn,
      governmentInvestment: p.governmentInvestment,
      openedOn: r?.agreement_on ? [String(r.agreement_on)] : [],
      closedOn: [],
      filedOn: (r?.filed_on as string | null) ?? null,
      fundingVerifiedOn: (r?.verified_on as string | null) ?? null,
      publicityStartsOn: (r?.publicity_on as string | null) ?? null,
      openCasesReceivedOn: json<string[]>(r?.open_cases ?? '[]'),
      freezes: [],
    });
  }
  for (const e of accountEvents) {
    const a = batch.accounts.get(e.project_id!) as
      (AccountFacts & { openedOn: string[]; closedOn: string[]; freezes: FreezeFact[] }) | undefined;
    if (!a) continue;
    if (e.type === 'ACCOUNT_OPENED') a.openedOn.push(e.booked_on!);
    else if (e.type === 'ACCOUNT_CLOSED') a.closedOn.push(e.booked_on!);
    else
      a.freezes.push({
        eventId: e.id!,
        on: e.booked_on!,
        amountFen: e.amount === null ? null : BigInt(e.amount),
        court: e.court,
        orderNo: e.order_no,
        objectedOn: e.objected_on,
        objectionReference: e.reference,
      });
  }
  for (const c of contractors) batch.histories.set(c, { arrearsOn: [], listings: [], projects: [] });
  for (const a of arrears) batch.histories.get(a.debtor_id)?.arrearsOn.push(a.received_on);
  for (const l of listings)
    (
      batch.histories.get(l.enterprise_id)?.listings as
        { decidedOn: string; listedUntil: string; removedOn: string | null }[] | undefined
    )?.push({
      decidedOn: l.decided_on,
      listedUntil: l.listed_until,
      removedOn: l.removed_on,
    });
  for (const o of others)
    batch.histories
      .get(o.contractor_id)
      ?.projects.push({ id: o.id, startsOn: o.starts_on, completedOn: o.completed_on });
  return batch;
}

/** The contractor's history as the requirement of `project` sees it: its other projects only. */
export function historyOf(batch: DutyFactsBatch, project: ProjectDutyRow): ContractorHistory {
  const h = batch.histories.get(project.contractorId);
  if (!h) return { arrearsOn: [], listings: [], otherProjects: [] };
  return {
    arrearsOn: h.arrearsOn,
    listings: h.listings,
    otherProjects: h.projects.filter((p) => p.id !== project.id),
  };
}

/** Runs the reads in order, typed as a tuple. */
async function inSequence<T extends readonly (() => Promise<unknown>)[]>(
  reads: T,
): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as { [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
