import { sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { encodeCursor, pageSize, type Page } from '../pagination';
import type { AlertFilter } from '../compliance/alerts';
import { alertColumns, alertOf } from '../views/rows';
import type { AlertView } from '../views/views';
import { Where } from '../views/where';

/**
 * The first page of alerts of many projects at once (Project.alerts inside a page of projects):
 * a window over the alerts of all of them picks each project's first `first` in the list's order
 * (newest due date first), as views; a second statement counts each project's. The projects come
 * from a list the caller already sees, so their alerts are in scope.
 */
export async function firstAlertsOfProjects(
  ctx: ServiceContext,
  projectIds: readonly string[],
  filter: Pick<AlertFilter, 'kind' | 'status'>,
  first: number | null | undefined,
): Promise<Page<AlertView>[]> {
  const limit = pageSize(first);
  const cursorOf = (a: AlertView) => encodeCursor([a.dueDate, a.id]);
  const where = new Where().add('a.project_id = any(?::uuid[])', [...new Set(projectIds)]);
  if (filter.kind) where.add('a.kind = ?', filter.kind);
  if (filter.status) where.add('a.status = ?', filter.status);
  const [picked, counts] = await Promise.all([
    sql(
      ctx.em,
      `select ${alertColumns('r')} from (
         select a.*, row_number() over (partition by a.project_id order by a.due_date desc, a.id desc) as n
           from alert a where ${where.sql}) r
        where r.n <= ? order by r.due_date desc, r.id desc`,
      [...where.params, limit + 1],
    ),
    sql<{ project_id: string; n: number }>(
      ctx.em,
      `select a.project_id, count(*)::int as n from alert a where ${where.sql} group by a.project_id`,
      where.params,
    ),
  ]);
  const byProject = new Map<string, AlertView[]>();
  for (const a of picked.map(alertOf))
    byProject.set(a.project.id, [...(byProject.get(a.project.id) ?? []), a]);
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
