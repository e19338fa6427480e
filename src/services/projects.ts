import type { FilterQuery } from '@mikro-orm/core';
import { Project, type Industry } from '../entities';
import { badInput } from '../domain/errors';
import { isBenxiDistrict } from '../domain/districts';
import { isValidIsoDate } from '../domain/dates';
import { assertProjectWithinScope, projectScope } from '../auth/scope';
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

export async function listProjects(
  ctx: ServiceContext,
  filter: ProjectFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  want: ListWant = WANT_ALL,
): Promise<Page<Project>> {
  const limit = pageSize(first);
  const cursorOf = (p: Project) => encodeCursor([p.createdAt.toISOString(), p.id]);
  const scope = projectScope(ctx.caller);
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const where: FilterQuery<Project> = { $and: [scope, filterWhere(filter ?? {})] };
  const key = decodeInstantIdCursor(after);
  const keyset: FilterQuery<Project> = key
    ? {
        $or: [{ createdAt: { $gt: key[0] } }, { createdAt: key[0], id: { $gt: key[1] } }],
      }
    : {};
  const [nodes, totalCount] = await Promise.all([
    want.rows
      ? ctx.em.find(
          Project,
          { $and: [where, keyset] },
          {
            orderBy: { createdAt: 'asc', id: 'asc' },
            limit: limit + 1,
            populate: ['owner', 'contractor'],
          },
        )
      : [],
    want.total ? ctx.em.count(Project, where) : 0,
  ]);
  return { nodes: nodes.slice(0, limit), cursorOf, totalCount, hasNextPage: nodes.length > limit };
}

/** A project's name is at most 200 characters; a search for more can only be a mistake or an attack. */
const MAX_SEARCH_CHARS = 200;

function filterWhere(filter: ProjectFilter): FilterQuery<Project> {
  const where: Record<string, unknown> = {};
  if (filter.districtCode) where.districtCode = filter.districtCode;
  if (filter.industry) where.industry = filter.industry;
  if (filter.contractorUscc) where.contractor = { uscc: filter.contractorUscc.toUpperCase() };
  if (filter.nameContains && filter.nameContains.length > MAX_SEARCH_CHARS)
    throw badInput('filter.nameContains', `must be at most ${MAX_SEARCH_CHARS} characters`);
  if (filter.nameContains)
    where.name = { $ilike: `%${filter.nameContains.replace(/[%_\\]/g, (c) => `\\${c}`)}%` };
  return where as FilterQuery<Project>;
}
