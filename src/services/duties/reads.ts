/**
 * Batched reads of the duties for the per-request loaders (schema/loaders.ts): a page of projects
 * asks for its requirements, returns, deposits and guarantees in a fixed number of statements.
 */
import { limitLiteral, sql } from '../../db/sql';
import {
  computeDepositRequirement,
  baseDateOf,
  type DepositRequirement,
} from '../../domain/duties/deposit-requirement';
import { rulesInForce } from '../../domain/duties/deposit-rules';
import { returnSteps, type ReturnFacts, type ReturnStep } from '../../domain/duties/deposit-return';
import { heldOn } from '../../domain/duties/instruments';
import { badInput } from '../../domain/errors';
import { isUuid } from '../../domain/uuid';
import { DepositPaymentNotice, DepositTopUp, PaymentGuarantee, WageDeposit } from '../../entities';
import { todayInShanghai } from '../../clock';
import { loadWorkingCalendar } from '../calendar';
import type { ServiceContext } from '../context';
import { decodeInstantIdCursor, encodeCursor, pageSize, type Page } from '../pagination';
import { seesDuties } from './access';
import { historyOf, loadDutyFacts, type ProjectDutyRow } from './facts';
import { loadDepositRules } from './rules';
import { dutyScopeSql } from './scope-sql';

export interface ProjectRequirement extends DepositRequirement {
  projectId: string;
  /** held today (after any use), and what is missing of the requirement */
  heldFen: bigint;
  shortfallFen: bigint;
}

const visible = (ctx: ServiceContext, p: ProjectDutyRow) =>
  seesDuties(ctx.caller, {
    districtCode: p.districtCode,
    industry: p.industry,
    contractorUscc: p.contractorUscc,
  });

/** Each project's requirement as of today; null where the caller does not see its duties. */
export async function depositRequirementsOf(
  ctx: ServiceContext,
  projectIds: readonly string[],
): Promise<(ProjectRequirement | null)[]> {
  const wanted = projectIds.filter(isUuid);
  if (wanted.length === 0) return projectIds.map(() => null);
  const [batch, versions, calendar] = [
    await loadDutyFacts(ctx.em, { projectIds: wanted }),
    await loadDepositRules(ctx.em),
    await loadWorkingCalendar(ctx.em),
  ];
  const today = todayInShanghai();
  const byId = new Map<string, ProjectRequirement>();
  for (const p of batch.projects) {
    if (!visible(ctx, p)) continue;
    const req = computeDepositRequirement(
      p,
      rulesInForce(versions, baseDateOf(p)),
      historyOf(batch, p),
      calendar,
    );
    const returned = batch.returnConfirmedOn.get(p.id);
    const heldFen = returned && returned <= today ? 0n : heldOn(batch.deposits.get(p.id) ?? [], today);
    const owed = returned && returned <= today ? 0n : req.requiredFen;
    byId.set(p.id, { ...req, projectId: p.id, heldFen, shortfallFen: owed > heldFen ? owed - heldFen : 0n });
  }
  return projectIds.map((id) => byId.get(id) ?? null);
}

export interface DepositReturnView extends ReturnFacts {
  projectId: string;
  steps: ReturnStep[];
}

/** Each project's return with its steps as of today (also before anything is recorded); null out of scope. */
export async function depositReturnsOf(
  ctx: ServiceContext,
  projectIds: readonly string[],
): Promise<(DepositReturnView | null)[]> {
  const wanted = [...new Set(projectIds.filter(isUuid))];
  if (wanted.length === 0) return projectIds.map(() => null);
  const rows = await sql<Record<string, string | boolean | null>>(
    ctx.em,
    `select p.id, p.district_code, p.industry, c.uscc as contractor_uscc, p.completed_on::text as completed_on,
            r.publicity_starts_on::text as publicity_starts_on, r.applied_on::text as applied_on,
            r.promise_signed_on::text as promise_signed_on, r.reviewed_on::text as reviewed_on, r.approved,
            r.review_note, r.confirmed_on::text as confirmed_on
       from project p join enterprise c on c.id = p.contractor_id left join deposit_return r on r.project_id = p.id
      where p.id = any(?::uuid[])`,
    [wanted],
  );
  const calendar = await loadWorkingCalendar(ctx.em);
  const today = todayInShanghai();
  const byId = new Map<string, DepositReturnView>();
  for (const r of rows) {
    const s = (k: string) => (r[k] as string | null) ?? null;
    if (
      !seesDuties(ctx.caller, {
        districtCode: s('district_code')!,
        industry: s('industry')!,
        contractorUscc: s('contractor_uscc')!,
      })
    )
      continue;
    const facts: ReturnFacts = {
      completedOn: s('completed_on'),
      publicityStartsOn: s('publicity_starts_on'),
      appliedOn: s('applied_on'),
      promiseSignedOn: s('promise_signed_on'),
      reviewedOn: s('reviewed_on'),
      approved: (r.approved as boolean | null) ?? null,
      reviewNote: s('review_note'),
      confirmedOn: s('confirmed_on'),
    };
    byId.set(String(r.id), { ...facts, projectId: String(r.id), steps: returnSteps(facts, calendar, today) });
  }
  return projectIds.map((id) => byId.get(id) ?? null);
}

/**
 * The first page of each project's instruments (newest first) or guarantees: a window over all of
 * them picks each project's first `first`, one read loads those, one counts each project's.
 */
async function firstPages<T extends { id: string; createdAt: Date; project: { id: string } }>(
  ctx: ServiceContext,
  table: 'wage_deposit' | 'payment_guarantee',
  entity: typeof WageDeposit | typeof PaymentGuarantee,
  projectIds: readonly string[],
  first: number | null | undefined,
): Promise<Page<T>[]> {
  const limit = pageSize(first);
  const cursorOf = (n: T) => encodeCursor([n.createdAt.toISOString(), n.id]);
  const ids = [...new Set(projectIds.filter(isUuid))];
  const [scope, scopeParams] = dutyScopeSql(ctx.caller, {
    depositAlias: table === 'wage_deposit' ? 'd' : undefined,
  });
  const from = `from ${table} d join project p on p.id = d.project_id where d.project_id = any(?::uuid[]) and ${scope}`;
  const [picked, counts] = ids.length
    ? [
        await sql<{ id: string }>(
          ctx.em,
          `select id from (select d.id, row_number() over (partition by d.project_id order by d.created_at desc, d.id desc) as n
             ${from}) ranked where n <= ?`,
          [ids, ...scopeParams, limit + 1],
        ),
        await sql<{ project_id: string; n: number }>(
          ctx.em,
          `select d.project_id, count(*)::int as n ${from} group by 1`,
          [ids, ...scopeParams],
        ),
      ]
    : [[], []];
  const nodes = picked.length
    ? ((await ctx.em.find(
        entity as typeof WageDeposit,
        { id: { $in: picked.map((r) => r.id) } },
        {
          orderBy: { createdAt: 'desc', id: 'desc' },
        },
      )) as unknown as T[])
    : [];
  const byProject = new Map<string, T[]>();
  for (const n of nodes) byProject.set(n.project.id, [...(byProject.get(n.project.id) ?? []), n]);
  const total = new Map(counts.map((c) => [c.project_id, c.n]));
  return projectIds.map((id) => {
    const rows = byProject.get(id) ?? [];
    return {
      nodes: rows.slice(0, limit),
      cursorOf,
      totalCount: total.get(id) ?? 0,
      hasNextPage: rows.length > limit,
    };
  });
}

export const firstDepositsOfProjects = (
  ctx: ServiceContext,
  projectIds: readonly string[],
  first?: number | null,
) => firstPages<WageDeposit>(ctx, 'wage_deposit', WageDeposit, projectIds, first);
export const firstGuaranteesOfProjects = (
  ctx: ServiceContext,
  projectIds: readonly string[],
  first?: number | null,
) => firstPages<PaymentGuarantee>(ctx, 'payment_guarantee', PaymentGuarantee, projectIds, first);

/**
 * Every instrument the caller sees, newest first (keyset on created_at, id; a project filter uses
 * the (project_id, created_at, id) index): HRSS and the authorities their scope's, a contractor its
 * own, a bank the ones it holds or issued.
 */
export const listDeposits = (
  ctx: ServiceContext,
  filter: InstrumentFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
) => listOf<WageDeposit>(ctx, 'wage_deposit', filter, first, after);

/** A project's payment guarantees past the first page (the first is batched: firstGuaranteesOfProjects). */
export const listGuarantees = (
  ctx: ServiceContext,
  projectId: string,
  first: number | null | undefined,
  after: string | null | undefined,
) => listOf<PaymentGuarantee>(ctx, 'payment_guarantee', { projectId }, first, after);

export interface InstrumentFilter {
  projectId?: string | null;
  form?: string | null;
}

async function listOf<T extends { createdAt: Date; id: string }>(
  ctx: ServiceContext,
  table: 'wage_deposit' | 'payment_guarantee',
  filter: InstrumentFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<T>> {
  const limit = pageSize(first);
  const cursorOf = (n: { createdAt: Date; id: string }) => encodeCursor([n.createdAt.toISOString(), n.id]);
  const [scope, params] = dutyScopeSql(ctx.caller, {
    depositAlias: table === 'wage_deposit' ? 'd' : undefined,
  });
  const conditions = [scope];
  const args = [...params];
  if (filter?.projectId) {
    if (!isUuid(filter.projectId)) throw badInput('filter.projectId', 'is not a project id');
    conditions.push('d.project_id = ?');
    args.push(filter.projectId);
  }
  if (filter?.form) {
    conditions.push('d.form = ?');
    args.push(filter.form);
  }
  const where = conditions.join(' and ');
  const key = decodeInstantIdCursor(after);
  const keyset = key ? ' and (d.created_at, d.id) < (?::timestamptz, ?::uuid)' : '';
  const [picked, [count]] = [
    await sql<{ id: string }>(
      ctx.em,
      `select d.id from ${table} d join project p on p.id = d.project_id where ${where}${keyset}
        order by d.created_at desc, d.id desc limit ${limitLiteral(limit + 1)}`,
      [...args, ...(key ? [key[0], key[1]] : [])],
    ),
    await sql<{ n: number }>(
      ctx.em,
      `select count(*)::int as n from ${table} d join project p on p.id = d.project_id where ${where}`,
      args,
    ),
  ];
  const entity = table === 'wage_deposit' ? WageDeposit : PaymentGuarantee;
  const nodes = picked.length
    ? ((await ctx.em.find(
        entity as typeof WageDeposit,
        { id: { $in: picked.map((r) => r.id) } },
        {
          orderBy: { createdAt: 'desc', id: 'desc' },
        },
      )) as unknown as T[])
    : [];
  return { nodes: nodes.slice(0, limit), cursorOf, totalCount: count.n, hasNextPage: nodes.length > limit };
}

/** Top-ups and notices of the instruments of a page, one read each; the instruments are ones the caller sees. */
export async function topUpsOf(
  ctx: ServiceContext,
  depositIds: readonly string[],
): Promise<DepositTopUp[][]> {
  const rows = await ctx.em.find(
    DepositTopUp,
    { deposit: { $in: [...new Set(depositIds)] } },
    { orderBy: { toppedUpOn: 'asc', id: 'asc' } },
  );
  return depositIds.map((id) => rows.filter((r) => r.deposit.id === id));
}

export async function paymentNoticesOf(
  ctx: ServiceContext,
  depositIds: readonly string[],
): Promise<DepositPaymentNotice[][]> {
  const rows = await ctx.em.find(
    DepositPaymentNotice,
    { deposit: { $in: [...new Set(depositIds)] } },
    { orderBy: { noticeOn: 'asc', id: 'asc' } },
  );
  return depositIds.map((id) => rows.filter((r) => r.deposit.id === id));
}
