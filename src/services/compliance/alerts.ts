import type { FilterQuery } from '@mikro-orm/core';
import { Alert, type AlertKind, type AlertStatus } from '../../entities/alert.entity';
import { badInput } from '../../domain/errors';
import { isValidIsoDate } from '../../domain/dates';
import { projectScope } from '../../auth/scope';
import type { ServiceContext } from '../context';
import { encodeCursor, pageSize, decodeCursor, type Page, WANT_ALL, type ListWant } from '../pagination';
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

/** Newest due date first: what an officer works from. */
export async function listAlerts(
  ctx: ServiceContext,
  filter: AlertFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  want: ListWant = WANT_ALL,
): Promise<Page<Alert>> {
  const limit = pageSize(first);
  const cursorOf = (a: Alert) => encodeCursor([a.dueDate, a.id]);
  const scope = scoped(ctx);
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const where: FilterQuery<Alert> = { $and: [scope, filterWhere(filter ?? {})] };
  const key = decodeCursor(after, 2);
  if (key && (!isValidIsoDate(String(key[0])) || !isUuid(String(key[1]))))
    throw badInput('after', 'is not a cursor this list gave out');
  const keyset: FilterQuery<Alert> = key
    ? {
        $or: [{ dueDate: { $lt: String(key[0]) } }, { dueDate: String(key[0]), id: { $lt: String(key[1]) } }],
      }
    : {};
  const [nodes, totalCount] = await Promise.all([
    want.rows
      ? ctx.em.find(
          Alert,
          { $and: [where, keyset] },
          // Nothing populated: an answer's alert fields are its own columns, and its project comes
          // from the request's project loader. Populating project, contractor, agreement, account
          // and bank made six entities of every row (most of a page's CPU, issue #9's profile).
          { orderBy: { dueDate: 'desc', id: 'desc' }, limit: limit + 1 },
        )
      : [],
    want.total ? ctx.em.count(Alert, where) : 0,
  ]);
  return { nodes: nodes.slice(0, limit), cursorOf, totalCount, hasNextPage: nodes.length > limit };
}

function filterWhere(filter: AlertFilter): FilterQuery<Alert> {
  const where: Record<string, unknown> = {};
  if (filter.projectId) {
    if (!isUuid(filter.projectId)) throw badInput('filter.projectId', 'is not a project id');
    where.project = filter.projectId;
  }
  if (filter.kind) where.kind = filter.kind;
  if (filter.status) where.status = filter.status;
  if (filter.districtCode)
    where.project = { ...(where.project ? { id: where.project } : {}), districtCode: filter.districtCode };
  return where as FilterQuery<Alert>;
}
