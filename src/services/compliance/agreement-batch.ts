import type { EntityManager } from '@mikro-orm/postgresql';
import type { StoredAlertState } from '../../domain/alert-diff';
import type { Credit } from '../../domain/labor-cost-rule';
import { sql } from '../../db/sql';

/** One agreement with what the rule needs, read set-based for a whole batch. */
export interface AgreementRow {
  id: string;
  projectId: string;
  districtCode: string;
  industry: string;
  bankCode: string;
  accountNo: string;
  laborCostPerCycleFen: bigint;
  dueDay: number;
  startsOn: string;
  /** its own endsOn, or the day before its successor's startsOn when superseded, if earlier */
  endsOn: string | null;
  sweptThrough: string | null;
}

export interface StoredAlert extends StoredAlertState {
  agreementId: string;
  contractorNotifiedAt: Date | null;
  contractorReportedAt: Date | null;
}

export interface AgreementBatch {
  agreements: AgreementRow[];
  credits: Map<string, Credit[]>;
  alerts: Map<string, StoredAlert[]>;
}

/** Which agreements a batch holds: a fixed hash partition (the sweep) or given accounts (intake). */
export type BatchSelector =
  { partition: number; of: number } | { accounts: { bankCode: string; accountNo: string }[] };

/**
 * Reads a batch in three set-based queries and locks its agreements (FOR UPDATE), so that two
 * evaluations of the same agreement never interleave their writes. Call inside a transaction.
 */
export async function loadAgreementBatch(
  em: EntityManager,
  selector: BatchSelector,
  asOf: string,
): Promise<AgreementBatch> {
  const [where, params] = selectorSql(selector);
  const rows: Record<string, string | number | null>[] = await sql(
    em,
    `select ag.id, ag.project_id, p.district_code, p.industry, sa.bank_code, sa.account_no,
            ag.labor_cost_per_cycle_fen::text as labor_cost, ag.due_day, ag.starts_on::text as starts_on,
            least(ag.ends_on, succ.starts_on - 1)::text as ends_on, ag.swept_through::text as swept_through
       from tripartite_agreement ag
       join special_account sa on sa.id = ag.account_id
       join project p on p.id = ag.project_id
       -- a supplementary agreement's terms apply from its startsOn: the one it supersedes owes
       -- nothing for cycles nominally due from that day (least() ignores a null ends_on)
       left join tripartite_agreement succ on succ.supersedes_id = ag.id
      where ${where}
      order by ag.id
        for update of ag`,
    params,
  );
  const agreements = rows.map(toAgreementRow);
  if (agreements.length === 0) return { agreements, credits: new Map(), alerts: new Map() };
  const ids = JSON.stringify(agreements.map((a) => a.id));
  return { agreements, credits: await loadCredits(em, ids, asOf), alerts: await loadAlerts(em, ids) };
}

function selectorSql(selector: BatchSelector): [string, unknown[]] {
  if ('partition' in selector) {
    // The last byte of a random UUID spreads agreements evenly and never changes: a partition's
    // members, and so its job id, stay the same from one sweep to the next.
    return [`get_byte(uuid_send(ag.id), 15) % ? = ?`, [selector.of, selector.partition]];
  }
  return [
    `(sa.bank_code, sa.account_no) in (select x->>'bankCode', x->>'accountNo' from jsonb_array_elements(?::jsonb) x)`,
    [JSON.stringify(selector.accounts)],
  ];
}

/**
 * Net credits per agreement and Shanghai day, from startsOn through the day evaluated (never
 * before): a CREDIT_REVERSAL counts as a negative credit on the day it was booked, whichever credit
 * it names (the covering index holds both types and their amounts).
 */
async function loadCredits(em: EntityManager, ids: string, asOf: string): Promise<Map<string, Credit[]>> {
  const rows: { agreement_id: string; booked_on: string; amount: string }[] = await sql(
    em,
    `select ag.id as agreement_id, (e.booked_at at time zone 'Asia/Shanghai')::date::text as booked_on,
            sum(case when e.type = 'CREDIT_REVERSAL' then -e.amount_fen else e.amount_fen end)::text as amount
       from tripartite_agreement ag
       join special_account sa on sa.id = ag.account_id
       join account_event e on e.bank_code = sa.bank_code and e.account_no = sa.account_no
        and e.type in ('CREDIT', 'CREDIT_REVERSAL')
        and e.booked_at >= (ag.starts_on::timestamp at time zone 'Asia/Shanghai')
        and e.booked_at < ((greatest(?::date, coalesce(ag.swept_through, ?::date)) + 1)::timestamp at time zone 'Asia/Shanghai')
      where ag.id in (select (jsonb_array_elements_text(?::jsonb))::uuid)
      group by 1, 2`,
    [asOf, asOf, ids],
  );
  const byAgreement = new Map<string, Credit[]>();
  for (const r of rows) {
    const list = byAgreement.get(r.agreement_id) ?? [];
    list.push({ bookedOn: r.booked_on, amountFen: BigInt(r.amount) });
    byAgreement.set(r.agreement_id, list);
  }
  return byAgreement;
}

async function loadAlerts(em: EntityManager, ids: string): Promise<Map<string, StoredAlert[]>> {
  const rows: Record<string, unknown>[] = await sql(
    em,
    `select id, agreement_id, due_date::text as due_date, status, shortfall_fen::text as shortfall,
            resolved_on::text as resolved_on, bank_notice_deadline::text as bank_notice_deadline,
            contractor_report_deadline::text as contractor_report_deadline, escalations,
            contractor_notified_at, contractor_reported_at, deadlines_provisional
       from alert where kind = 'MISSED_LABOR_COST_TRANSFER'
        and agreement_id in (select (jsonb_array_elements_text(?::jsonb))::uuid)`,
    [ids],
  );
  const byAgreement = new Map<string, StoredAlert[]>();
  for (const r of rows) {
    const alert: StoredAlert = {
      id: String(r.id),
      agreementId: String(r.agreement_id),
      dueDate: String(r.due_date),
      status: r.status as StoredAlert['status'],
      shortfallFen: BigInt(String(r.shortfall)),
      resolvedOn: (r.resolved_on as string | null) ?? null,
      bankNoticeDeadline: String(r.bank_notice_deadline),
      contractorReportDeadline: String(r.contractor_report_deadline),
      escalations: (typeof r.escalations === 'string'
        ? JSON.parse(r.escalations)
        : r.escalations) as StoredAlert['escalations'],
      contractorNotifiedAt: toDate(r.contractor_notified_at),
      contractorReportedAt: toDate(r.contractor_reported_at),
      deadlinesProvisional: r.deadlines_provisional === true,
    };
    const list = byAgreement.get(alert.agreementId) ?? [];
    list.push(alert);
    byAgreement.set(alert.agreementId, list);
  }
  return byAgreement;
}

const toDate = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(String(v)));

function toAgreementRow(r: Record<string, string | number | null>): AgreementRow {
  return {
    id: String(r.id),
    projectId: String(r.project_id),
    districtCode: String(r.district_code),
    industry: String(r.industry),
    bankCode: String(r.bank_code),
    accountNo: String(r.account_no),
    laborCostPerCycleFen: BigInt(String(r.labor_cost)),
    dueDay: Number(r.due_day),
    startsOn: String(r.starts_on),
    endsOn: (r.ends_on as string | null) ?? null,
    sweptThrough: (r.swept_through as string | null) ?? null,
  };
}
