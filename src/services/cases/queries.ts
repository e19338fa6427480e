import type { FilterQuery } from '@mikro-orm/core';
import { badInput } from '../../domain/errors';
import { isUuid } from '../../domain/uuid';
import { isCaseStatus } from '../../domain/case-states';
import { WageCase } from '../../entities';
import type { CaseSource } from '../../entities/wage-case.entity';
import type { ServiceContext } from '../context';
import {
  decodeInstantIdCursor,
  encodeCursor,
  pageSize,
  type Page,
  WANT_ALL,
  type ListWant,
} from '../pagination';
import { CASE_POPULATE, caseScope } from './scope';

export interface CaseFilter {
  status?: string | null;
  districtCode?: string | null;
  projectId?: string | null;
  source?: CaseSource | null;
}

/** Newest first: what an officer works from. */
export async function listCases(
  ctx: ServiceContext,
  filter: CaseFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  want: ListWant = WANT_ALL,
): Promise<Page<WageCase>> {
  const limit = pageSize(first);
  const cursorOf = (c: WageCase) => encodeCursor([c.createdAt.toISOString(), c.id]);
  const scope = caseScope(ctx.caller);
  const where: FilterQuery<WageCase> = { $and: [scope ?? {}, filterWhere(filter ?? {})] };
  const key = decodeInstantIdCursor(after);
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const keyset: FilterQuery<WageCase> = key
    ? { $or: [{ createdAt: { $lt: key[0] } }, { createdAt: key[0], id: { $lt: key[1] } }] }
    : {};
  const [nodes, totalCount] = await Promise.all([
    want.rows
      ? ctx.em.find(
          WageCase,
          { $and: [where, keyset] },
          { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1, populate: CASE_POPULATE },
        )
      : [],
    want.total ? ctx.em.count(WageCase, where) : 0,
  ]);
  return { nodes: nodes.slice(0, limit), cursorOf, totalCount, hasNextPage: nodes.length > limit };
}

function filterWhere(filter: CaseFilter): FilterQuery<WageCase> {
  const where: Record<string, unknown> = {};
  if (filter.status) {
    if (!isCaseStatus(filter.status))
      throw badInput('filter.status', `${filter.status} is not a case status`);
    where.status = filter.status;
  }
  if (filter.districtCode) where.districtCode = filter.districtCode;
  if (filter.projectId) {
    if (!isUuid(filter.projectId)) throw badInput('filter.projectId', 'is not a project id');
    where.project = filter.projectId;
  }
  if (filter.source) where.source = filter.source;
  return where as FilterQuery<WageCase>;
}
