import { badInput } from '../../domain/errors';
import { isUuid } from '../../domain/uuid';
import { isCaseStatus } from '../../domain/case-states';
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
import { caseScopeSql } from '../../auth/scope-sql';
import { limitLiteral } from '../../db/sql';
import { readPage } from '../views/page-read';
import { caseColumns, caseFrom, caseOf } from '../views/rows';
import type { CaseView } from '../views/views';
import { Where } from '../views/where';

export interface CaseFilter {
  status?: string | null;
  districtCode?: string | null;
  projectId?: string | null;
  source?: CaseSource | null;
}

/**
 * Newest first: what an officer works from. Read with plain SQL as views (services/views), with
 * caseScope's rule as SQL (auth/scope-sql.ts). `projectParties` false: the answer shows neither the
 * project's owner nor its contractor, and the page reads the project without them.
 */
export async function listCases(
  ctx: ServiceContext,
  filter: CaseFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  want: ListWant = WANT_ALL,
  projectParties = true,
): Promise<Page<CaseView>> {
  const limit = pageSize(first);
  const cursorOf = (c: CaseView) => encodeCursor([c.createdAt.toISOString(), c.id]);
  const scope = caseScopeSql(ctx.caller, 'w');
  const where = filterWhere(new Where(scope ?? undefined), filter ?? {});
  const key = decodeInstantIdCursor(after);
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const page = new Where().add(where.sql, ...where.params);
  if (key) page.add('(w.created_at, w.id) < (?::timestamptz, ?::uuid)', key[0].toISOString(), key[1]);
  const { rows, total } = await readPage(ctx.em, want, {
    columns: caseColumns(projectParties),
    from: caseFrom(projectParties),
    where: page,
    orderAndLimit: `order by w.created_at desc, w.id desc limit ${limitLiteral(limit + 1)}`,
    count: { from: 'wage_case w', where },
  });
  const nodes = rows.map(caseOf);
  return {
    nodes: nodes.slice(0, limit),
    cursorOf,
    totalCount: total,
    hasNextPage: nodes.length > limit,
  };
}

function filterWhere(where: Where, filter: CaseFilter): Where {
  if (filter.status) {
    if (!isCaseStatus(filter.status))
      throw badInput('filter.status', `${filter.status} is not a case status`);
    where.add('w.status = ?', filter.status);
  }
  if (filter.districtCode) where.add('w.district_code = ?', filter.districtCode);
  if (filter.projectId) {
    if (!isUuid(filter.projectId)) throw badInput('filter.projectId', 'is not a project id');
    where.add('w.project_id = ?::uuid', filter.projectId);
  }
  if (filter.source) where.add('w.source = ?', filter.source);
  return where;
}
