import type { FilterQuery } from '@mikro-orm/core';
import { Alert, type AlertKind, type AlertStatus } from '../../entities/alert.entity';
import { badInput } from '../../domain/errors';
import { isValidIsoDate } from '../../domain/dates';
import { projectScope } from '../../auth/scope';
import type { ServiceContext } from '../context';
import { encodeCursor, pageSize, decodeCursor, type Page, WANT_ALL, type ListWant } from '../pagination';
import { projectScopeSql } from '../../auth/scope-sql';
import { limitLiteral } from '../../db/sql';
import { readPage } from '../views/page-read';
import { alertColumns, alertOf, projectCoreColumns, projectCoreOf } from '../views/rows';
import type { AlertView } from '../views/views';
import { Where } from '../views/where';
import { isUuid } from '../../domain/uuid';

export interface AlertFilter {
  projectId?: string | null;
  kind?: AlertKind | null;
  status?: AlertStatus | null;
  districtCode?: string | null;
}

export const ALERT_POPULATE = [
  'project',
  'project.contractor',
  'agreement',
  'agreement.account',
  'agreement.account.bank',
] as const;

/** Alerts are seen exactly where their project is (the project scope decides). */
function scoped(ctx: ServiceContext): FilterQuery<Alert> | null {
  const scope = projectScope(ctx.caller);
  return scope ? ({ project: scope } as FilterQuery<Alert>) : null;
}

export async function findAlert(ctx: ServiceContext, id: string): Promise<Alert | null> {
  const scope = scoped(ctx);
  if (!scope || !isUuid(id)) return null;
  return ctx.em.findOne(Alert, { $and: [{ id }, scope] }, { populate: ALERT_POPULATE });
}

/**
 * Newest due date first: what an officer works from. Read with plain SQL as views
 * (services/views): an alert is seen exactly where its project is (projectScope, as SQL).
 * `withProject`: the page joins the project anyway, so it reads the project's own columns too
 * (`projectCore`) and an answer showing only those needs no statement of its own for them.
 */
export async function listAlerts(
  ctx: ServiceContext,
  filter: AlertFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  want: ListWant = WANT_ALL,
  withProject = false,
): Promise<Page<AlertView>> {
  const limit = pageSize(first);
  const cursorOf = (a: AlertView) => encodeCursor([a.dueDate, a.id]);
  const scope = projectScopeSql(ctx.caller, 'p');
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const where = filterWhere(new Where(scope), filter ?? {});
  const key = decodeCursor(after, 2);
  if (key && (!isValidIsoDate(String(key[0])) || !isUuid(String(key[1]))))
    throw badInput('after', 'is not a cursor this list gave out');
  const page = new Where().add(where.sql, ...where.params);
  if (key) page.add('(a.due_date, a.id) < (?::date, ?::uuid)', String(key[0]), String(key[1]));
  const from = 'alert a join project p on p.id = a.project_id';
  const { rows, total } = await readPage(ctx.em, want, {
    columns: `${alertColumns('a')}${withProject ? `, ${projectCoreColumns('p', 'p_')}` : ''}`,
    from,
    where: page,
    orderAndLimit: `order by a.due_date desc, a.id desc limit ${limitLiteral(limit + 1)}`,
    count: { from, where },
  });
  const nodes = withProject
    ? rows.map((r) => Object.assign(alertOf(r), { projectCore: projectCoreOf(r, 'p_') }))
    : rows.map(alertOf);
  return {
    nodes: nodes.slice(0, limit),
    cursorOf,
    totalCount: total,
    hasNextPage: nodes.length > limit,
  };
}

function filterWhere(where: Where, filter: AlertFilter): Where {
  if (filter.projectId) {
    if (!isUuid(filter.projectId)) throw badInput('filter.projectId', 'is not a project id');
    where.add('a.project_id = ?::uuid', filter.projectId);
  }
  if (filter.kind) where.add('a.kind = ?', filter.kind);
  if (filter.status) where.add('a.status = ?', filter.status);
  if (filter.districtCode) where.add('p.district_code = ?', filter.districtCode);
  return where;
}
