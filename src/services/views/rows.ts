/**
 * SQL column lists and row mappers for the views (views.ts). Columns come back as the hub's
 * connection types them (MikroORM's parsers): dates and instants as text, bigint as text, jsonb
 * parsed. Each select list names its columns with a prefix, so one row can carry a case, its
 * project, the project's owner and contractor, the employer and the debtor.
 */
import type { AlertKind, AlertStatus } from '../../entities/alert.entity';
import type { Industry } from '../../entities';
import type { CaseSource } from '../../entities/wage-case.entity';
import type { CaseStatus, PoliceReferralGround } from '../../domain/case-states';
import type {
  AgreementView,
  AlertView,
  CaseLineView,
  CasePaymentView,
  CaseStepView,
  CaseView,
  EnterpriseView,
  ProjectCoreView,
  ProjectView,
} from './views';

export type Row = Record<string, unknown>;

const text = (v: unknown): string => v as string;
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
const fen = (v: unknown): bigint => BigInt(v as string);
// as MikroORM turns them into Dates (Platform.parseDate): milliseconds, whatever PostgreSQL stored
const instant = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const instantOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : instant(v));

const columns = (alias: string, prefix: string, names: readonly string[]): string =>
  names.map((n) => `${alias}.${n} as ${prefix}${n}`).join(', ');

/**
 * The prefixed names of a column list, made once per prefix (the prefixes are the code's own few).
 * A mapper that wrote `${p}id` for every field of every row made a new string each time, which V8
 * then had to look up in its string table before the row's property could be read.
 */
function prefixed<N extends string>(names: readonly N[]): (prefix: string) => Readonly<Record<N, string>> {
  const byPrefix = new Map<string, Record<N, string>>();
  return (prefix) => {
    let keys = byPrefix.get(prefix);
    if (!keys) {
      keys = Object.fromEntries(names.map((n) => [n, `${prefix}${n}`])) as Record<N, string>;
      byPrefix.set(prefix, keys);
    }
    return keys;
  };
}

const ENTERPRISE = ['id', 'uscc', 'name', 'legal_rep_name', 'legal_rep_id_number'] as const;
const enterpriseKeys = prefixed(ENTERPRISE);
export const enterpriseColumns = (alias: string, prefix: string): string =>
  columns(alias, prefix, ENTERPRISE);
export const enterpriseOf = (r: Row, p: string): EnterpriseView => {
  const k = enterpriseKeys(p);
  return {
    id: text(r[k.id]),
    uscc: text(r[k.uscc]),
    name: text(r[k.name]),
    legalRepName: textOrNull(r[k.legal_rep_name]),
    legalRepIdNumber: textOrNull(r[k.legal_rep_id_number]),
  };
};

const PROJECT = [
  'id',
  'name',
  'district_code',
  'industry',
  'contract_price_fen',
  'contract_signed_on',
  'permit_issued_on',
  'completed_on',
  'government_investment',
  'created_at',
] as const;
const projectKeys = prefixed(PROJECT);
const partyPrefixes = prefixed(['o_', 'c_'] as const);

/** A project `alias` with its owner and contractor joined (`join` left for a project that may be absent). */
export const projectJoins = (alias: string, join: 'join' | 'left join' = 'join'): string =>
  `${join} enterprise ${alias}_o on ${alias}_o.id = ${alias}.owner_id ` +
  `${join} enterprise ${alias}_c on ${alias}_c.id = ${alias}.contractor_id`;
export const projectColumns = (alias: string, prefix: string): string =>
  [
    columns(alias, prefix, PROJECT),
    enterpriseColumns(`${alias}_o`, `${prefix}o_`),
    enterpriseColumns(`${alias}_c`, `${prefix}c_`),
  ].join(', ');
/** A project `alias`'s own columns, without its owner and contractor (ProjectCoreView). */
export const projectCoreColumns = (alias: string, prefix: string): string => columns(alias, prefix, PROJECT);
export const projectCoreOf = (r: Row, p: string): ProjectCoreView => {
  const k = projectKeys(p);
  return {
    id: text(r[k.id]),
    name: text(r[k.name]),
    districtCode: text(r[k.district_code]),
    industry: r[k.industry] as Industry,
    contractPriceFen: fen(r[k.contract_price_fen]),
    contractSignedOn: text(r[k.contract_signed_on]),
    permitIssuedOn: textOrNull(r[k.permit_issued_on]),
    completedOn: textOrNull(r[k.completed_on]),
    governmentInvestment: r[k.government_investment] === true || r[k.government_investment] === 't',
    createdAt: instant(r[k.created_at]),
  };
};
export const projectOf = (r: Row, p: string): ProjectView => {
  const parties = partyPrefixes(p);
  return Object.assign(projectCoreOf(r, p), {
    owner: enterpriseOf(r, parties.o_),
    contractor: enterpriseOf(r, parties.c_),
  });
};

/** An agreement `alias` with its special account `${alias}_s` (join it yourself). */
export const agreementColumns = (alias: string): string =>
  `${alias}.id, ${alias}.project_id, ${alias}.labor_cost_per_cycle_fen, ${alias}.due_day, ${alias}.starts_on, ` +
  `${alias}.ends_on, ${alias}.supersedes_id, ${alias}.created_at, ` +
  `${alias}_s.id as account_id, ${alias}_s.account_no, ${alias}_s.bank_code`;
export const agreementOf = (r: Row): AgreementView => ({
  id: text(r.id),
  project: { id: text(r.project_id) },
  laborCostPerCycleFen: fen(r.labor_cost_per_cycle_fen),
  dueDay: Number(r.due_day),
  startsOn: text(r.starts_on),
  endsOn: textOrNull(r.ends_on),
  supersedes: r.supersedes_id ? { id: text(r.supersedes_id) } : null,
  createdAt: instant(r.created_at),
  account: { id: text(r.account_id), accountNo: text(r.account_no), bank: { code: text(r.bank_code) } },
});

export const alertColumns = (alias: string): string =>
  columns(alias, '', [
    'id',
    'kind',
    'status',
    'project_id',
    'due_date',
    'shortfall_fen',
    'opened_on',
    'resolved_on',
    'withdrawn_on',
    'bank_notice_deadline',
    'contractor_notified_at',
    'contractor_notified_recorded_at',
    'contractor_report_deadline',
    'contractor_reported_at',
    'contractor_reported_recorded_at',
    'escalations',
    'deadlines_provisional',
    'details',
    'correction_deadline',
  ]);
export const alertOf = (r: Row): AlertView => ({
  id: text(r.id),
  kind: r.kind as AlertKind,
  status: r.status as AlertStatus,
  project: { id: text(r.project_id) },
  dueDate: text(r.due_date),
  shortfallFen: fen(r.shortfall_fen),
  openedOn: text(r.opened_on),
  resolvedOn: textOrNull(r.resolved_on),
  withdrawnOn: textOrNull(r.withdrawn_on),
  bankNoticeDeadline: text(r.bank_notice_deadline),
  contractorNotifiedAt: instantOrNull(r.contractor_notified_at),
  contractorNotifiedRecordedAt: instantOrNull(r.contractor_notified_recorded_at),
  contractorReportDeadline: text(r.contractor_report_deadline),
  contractorReportedAt: instantOrNull(r.contractor_reported_at),
  contractorReportedRecordedAt: instantOrNull(r.contractor_reported_recorded_at),
  escalations: (r.escalations ?? []) as AlertView['escalations'],
  deadlinesProvisional: Boolean(r.deadlines_provisional),
  details: (r.details ?? null) as AlertView['details'],
  correctionDeadline: textOrNull(r.correction_deadline),
});

const CASE = [
  'id',
  'source',
  'status',
  'district_code',
  'routed_org',
  'workers',
  'claimed_amount_fen',
  'received_on',
  'alert_id',
  'verified_on',
  'verified_total_fen',
  'paid_total_fen',
  'paid_in_full_on',
  'order_issued_on',
  'order_deadline',
  'order_issued_by_org',
  'order_issued_by_district',
  'listing_decision_deadline',
  'deadlines_provisional',
  'filed_on',
  'transferred_on',
  'police_ground',
  'police_result_on',
  'police_result',
  'guided_to_court_on',
  'closed_on',
  'close_reason',
  'escalated_to_government_on',
  'government_escalation_reason',
  'created_at',
] as const;

/**
 * A case `w` with its project (`wp`, and its owner and contractor unless `projectParties` is false),
 * employer (`we`) and debtor (`wd`).
 */
export const caseFrom = (projectParties = true): string =>
  `wage_case w left join project wp on wp.id = w.project_id ${projectParties ? projectJoins('wp', 'left join') : ''} ` +
  `join enterprise we on we.id = w.employer_id left join enterprise wd on wd.id = w.debtor_id`;
export const caseColumns = (projectParties = true): string =>
  [
    columns('w', '', CASE),
    projectParties ? projectColumns('wp', 'p_') : projectCoreColumns('wp', 'p_'),
    enterpriseColumns('we', 'e_'),
    enterpriseColumns('wd', 'd_'),
  ].join(', ');
export const CASE_FROM = caseFrom();
export const CASE_COLUMNS = caseColumns();
/** a case row read by caseColumns(false) has no `p_o_id` column at all (null would be an absent project) */
const caseProjectOf = (r: Row) =>
  r.p_id ? ('p_o_id' in r ? projectOf(r, 'p_') : projectCoreOf(r, 'p_')) : null;
export const caseOf = (r: Row): CaseView => ({
  id: text(r.id),
  source: r.source as CaseSource,
  status: r.status as CaseStatus,
  districtCode: text(r.district_code),
  routedOrg: text(r.routed_org),
  workers: r.workers === null ? null : Number(r.workers),
  claimedAmountFen: fen(r.claimed_amount_fen),
  receivedOn: text(r.received_on),
  alert: r.alert_id ? { id: text(r.alert_id) } : null,
  verifiedOn: textOrNull(r.verified_on),
  verifiedTotalFen: fen(r.verified_total_fen),
  paidTotalFen: fen(r.paid_total_fen),
  paidInFullOn: textOrNull(r.paid_in_full_on),
  orderIssuedOn: textOrNull(r.order_issued_on),
  orderDeadline: textOrNull(r.order_deadline),
  orderIssuedByOrg: textOrNull(r.order_issued_by_org),
  orderIssuedByDistrict: textOrNull(r.order_issued_by_district),
  listingDecisionDeadline: textOrNull(r.listing_decision_deadline),
  deadlinesProvisional: Boolean(r.deadlines_provisional),
  filedOn: textOrNull(r.filed_on),
  transferredOn: textOrNull(r.transferred_on),
  policeGround: textOrNull(r.police_ground) as PoliceReferralGround | null,
  policeResultOn: textOrNull(r.police_result_on),
  policeResult: textOrNull(r.police_result),
  guidedToCourtOn: textOrNull(r.guided_to_court_on),
  closedOn: textOrNull(r.closed_on),
  closeReason: textOrNull(r.close_reason),
  escalatedToGovernmentOn: textOrNull(r.escalated_to_government_on),
  governmentEscalationReason: textOrNull(r.government_escalation_reason),
  createdAt: instant(r.created_at),
  project: caseProjectOf(r),
  employer: enterpriseOf(r, 'e_'),
  debtor: r.d_id ? enterpriseOf(r, 'd_') : null,
});

export const CASE_STEP_COLUMNS =
  'id, case_id, action, from_status, to_status, on_date, by_sub, by_org, by_district, note, recorded_at';
export const caseStepOf = (r: Row): CaseStepView => ({
  id: text(r.id),
  wageCase: { id: text(r.case_id) },
  action: text(r.action),
  fromStatus: textOrNull(r.from_status),
  toStatus: text(r.to_status),
  onDate: text(r.on_date),
  bySub: text(r.by_sub),
  byOrg: text(r.by_org),
  byDistrict: text(r.by_district),
  note: textOrNull(r.note),
  recordedAt: instant(r.recorded_at),
});

export const CASE_LINE_COLUMNS = 'case_id, worker_name, worker_id_number, months_owed, amount_fen';
export const caseLineOf = (r: Row): CaseLineView => ({
  wageCase: { id: text(r.case_id) },
  workerName: text(r.worker_name),
  workerIdNumber: text(r.worker_id_number),
  monthsOwed: Number(r.months_owed),
  amountFen: fen(r.amount_fen),
});

export const CASE_PAYMENT_COLUMNS = 'case_id, paid_on, amount_fen, recorded_at';
export const casePaymentOf = (r: Row): CasePaymentView => ({
  wageCase: { id: text(r.case_id) },
  paidOn: text(r.paid_on),
  amountFen: fen(r.amount_fen),
  recordedAt: instant(r.recorded_at),
});
