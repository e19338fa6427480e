import { Project, type Industry } from '../entities';
import { badInput } from '../domain/errors';
import { isBenxiDistrict } from '../domain/districts';
import { isValidIsoDate } from '../domain/dates';
import { assertProjectWithinScope, projectScope } from '../auth/scope';
import { projectScopeSql } from '../auth/scope-sql';
import { limitLiteral } from '../db/sql';
import { readPage } from './views/page-read';
import { projectColumns, projectJoins, projectOf } from './views/rows';
import type { ProjectView } from './views/views';
import { containsPattern, Where } from './views/where';
import { requiredText, type ServiceContext } from './context';
import { requireEnterprise } from './enterprises';
import {
  encodeCursor,
  pageSize,
  type Page,
  decodeInstantIdCursor,
  WANT_ALL,
  type ListWant,
} from './pagination';
import { isUuid } from '../domain/uuid';

export interface ProjectInput {
  name: string;
  districtCode: string;
  industry: Industry;
  ownerUscc: string;
  contractorUscc: string;
  contractPriceFen: bigint;
  contractSignedOn: string;
  permitIssuedOn?: string | null;
  governmentInvestment?: boolean | null;
}

export interface ProjectFilter {
  districtCode?: string | null;
  industry?: Industry | null;
  contractorUscc?: string | null;
  nameContains?: string | null;
}

export async function registerProject(ctx: ServiceContext, input: ProjectInput): Promise<Project> {
  const name = requiredText(input.name, 'name');
  if (!isBenxiDistrict(input.districtCode)) {
    throw badInput(
      'districtCode',
      "must be one of Benxi's six county-level codes: 210502, 210503, 210504, 210505, 210521, 210522",
    );
  }
  assertProjectWithinScope(ctx.caller, input.districtCode, input.industry);
  if (!isValidIsoDate(input.contractSignedOn))
    throw badInput('contractSignedOn', 'must be a real date YYYY-MM-DD');
  if (input.permitIssuedOn != null && !isValidIsoDate(input.permitIssuedOn)) {
    throw badInput('permitIssuedOn', 'must be a real date YYYY-MM-DD');
  }
  const owner = await requireEnterprise(ctx, input.ownerUscc, 'ownerUscc');
  const contractor = await requireEnterprise(ctx, input.contractorUscc, 'contractorUscc');
  const project = ctx.em.create(Project, {
    name,
    districtCode: input.districtCode,
    industry: input.industry,
    owner,
    contractor,
    contractPriceFen: input.contractPriceFen,
    contractSignedOn: input.contractSignedOn,
    permitIssuedOn: input.permitIssuedOn ?? null,
    governmentInvestment: input.governmentInvestment ?? false,
  });
  await ctx.em.flush();
  return project;
}

/** A project the caller may see, or null: out of scope and absent look the same. */
export async function findProject(ctx: ServiceContext, id: string): Promise<Project | null> {
  const scope = projectScope(ctx.caller);
  if (!scope || !isUuid(id)) return null;
  return ctx.em.findOne(Project, { $and: [{ id }, scope] }, { populate: ['owner', 'contractor'] });
}

/**
 * The caller's projects, oldest first, read with plain SQL as views (views/views.ts): the scope is
 * projectScope's, as SQL (auth/scope-sql.ts).
 */
export async function listProjects(
  ctx: ServiceContext,
  filter: ProjectFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  want: ListWant = WANT_ALL,
): Promise<Page<ProjectView>> {
  const limit = pageSize(first);
  const cursorOf = (p: ProjectView) => encodeCursor([p.createdAt.toISOString(), p.id]);
  const scope = projectScopeSql(ctx.caller, 'p');
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const where = filterWhere(new Where(scope), filter ?? {});
  const key = decodeInstantIdCursor(after);
  const page = new Where().add(where.sql, ...where.params);
  if (key) page.add('(p.created_at, p.id) > (?::timestamptz, ?::uuid)', key[0].toISOString(), key[1]);
  const { rows, total } = await readPage(ctx.em, want, {
    columns: projectColumns('p', ''),
    from: `project p ${projectJoins('p')}`,
    where: page,
    orderAndLimit: `order by p.created_at, p.id limit ${limitLiteral(limit + 1)}`,
    count: { from: 'project p', where },
  });
  const nodes = rows.map((r) => projectOf(r, ''));
  return {
    nodes: nodes.slice(0, limit),
    cursorOf,
    totalCount: total,
    hasNextPage: nodes.length > limit,
  };
}

/** A project's name is at most 200 characters; a search for more can only be a mistake or an attack. */
const MAX_SEARCH_CHARS = 200;

function filterWhere(where: Where, filter: ProjectFilter): Where {
  if (filter.districtCode) where.add('p.district_code = ?', filter.districtCode);
  if (filter.industry) where.add('p.industry = ?', filter.industry);
  if (filter.contractorUscc) {
    where.add(
      'p.contractor_id in (select f.id from enterprise f where f.uscc = ?)',
      filter.contractorUscc.toUpperCase(),
    );
  }
  if (filter.nameContains && filter.nameContains.length > MAX_SEARCH_CHARS)
    throw badInput('filter.nameContains', `must be at most ${MAX_SEARCH_CHARS} characters`);
  if (filter.nameContains) where.add('p.name ilike ?', containsPattern(filter.nameContains));
  return where;
}
