/**
 * Batched reads behind the per-request loaders (schema/loaders.ts): one statement for all the keys
 * a page asks for, so the statements a request costs do not grow with its page size. They read
 * views (services/views) with plain SQL, not entities.
 */
import { projectScopeSql } from '../../auth/scope-sql';
import { sql } from '../../db/sql';
import { isUuid } from '../../domain/uuid';
import type { ServiceContext } from '../context';
import { projectColumns, projectJoins, projectOf } from '../views/rows';
import type { ProjectView } from '../views/views';

/** The projects the caller may see, in the order of `ids`; null where absent or out of scope. */
export async function findProjects(
  ctx: ServiceContext,
  ids: readonly string[],
): Promise<(ProjectView | null)[]> {
  const scope = projectScopeSql(ctx.caller, 'p');
  const wanted = ids.filter(isUuid);
  if (!scope || wanted.length === 0) return ids.map(() => null);
  const rows = await sql(
    ctx.em,
    `select ${projectColumns('p', '')} from project p ${projectJoins('p')}
      where p.id = any(?::uuid[]) and (${scope.sql})`,
    [[...new Set(wanted)], ...scope.params],
  );
  const byId = new Map(rows.map((r) => [r.id as string, projectOf(r, '')]));
  return ids.map((id) => byId.get(id) ?? null);
}
