/**
 * Batched reads behind the per-request loaders (schema/loaders.ts): one statement for all the keys
 * a page asks for, so the statements a request costs do not grow with its page size.
 */
import { Project } from '../../entities';
import { projectScope } from '../../auth/scope';
import { isUuid } from '../../domain/uuid';
import type { ServiceContext } from '../context';

/** The projects the caller may see, in the order of `ids`; null where absent or out of scope. */
export async function findProjects(ctx: ServiceContext, ids: readonly string[]): Promise<(Project | null)[]> {
  const scope = projectScope(ctx.caller);
  const wanted = ids.filter(isUuid);
  if (!scope || wanted.length === 0) return ids.map(() => null);
  const found = await ctx.em.find(
    Project,
    { $and: [{ id: { $in: [...new Set(wanted)] } }, scope] },
    { populate: ['owner', 'contractor'] },
  );
  const byId = new Map(found.map((p) => [p.id, p]));
  return ids.map((id) => byId.get(id) ?? null);
}
