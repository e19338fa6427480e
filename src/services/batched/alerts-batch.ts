import { Alert } from '../../entities/alert.entity';
import { sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { encodeCursor, pageSize, type Page } from '../pagination';
import type { AlertFilter } from '../compliance/alerts';

/**
 * The first page of alerts of many projects at once (Project.alerts inside a page of projects):
 * a window over the alerts of all of them picks each project's first `first` in the list's order
 * (newest due date first), then one read loads those alerts and one counts each project's. The
 * projects come from a list the caller already sees, so their alerts are in scope.
 */
export async function firstAlertsOfProjects(
  ctx: ServiceContext,
  projectIds: readonly string[],
  filter: Pick<AlertFilter, 'kind' | 'status'>,
  first: number | null | undefined,
): Promise<Page<Alert>[]> {
  const limit = pageSize(first);
  const cursorOf = (a: Alert) => encodeCursor([a.dueDate, a.id]);
  const ids = [...new Set(projectIds)];
  const conditions = ['a.project_id = any(?::uuid[])'];
  const params: unknown[] = [ids];
  if (filter.kind) {
    conditions.push('a.kind = ?');
    params.push(filter.kind);
  }
  if (filter.status) {
    conditions.push('a.status = ?');
    params.push(filter.status);
  }
  const where = conditions.join(' and ');
  const [picked, counts] = await Promise.all([
    sql<{ id: string }>(
      ctx.em,
      `select id from (
         select a.id, row_number() over (partition by a.project_id order by a.due_date desc, a.id desc) as n
           from alert a where ${where}) ranked
        where n <= ?`,
      [...params, limit + 1],
    ),
    sql<{ project_id: string; n: number }>(
      ctx.em,
      `select a.project_id, count(*)::int as n from alert a where ${where} group by a.project_id`,
      params,
    ),
  ]);
  const alerts = picked.length
    ? await ctx.em.find(
        Alert,
        { id: { $in: picked.map((r) => r.id) } },
        // nothing populated, as in listAlerts: the answer needs the alerts' own columns only
        { orderBy: { dueDate: 'desc', id: 'desc' } },
      )
    : [];
  const byProject = new Map<string, Alert[]>();
  for (const a of alerts) byProject.set(a.project.id, [...(byProject.get(a.project.id) ?? []), a]);
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
