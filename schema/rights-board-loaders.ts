/**
 * The per-request loader of Project.rightsBoard (R7): a page of projects reads its boards in one
 * batch (src/services/rights-board/reads.ts), its projects and agreements through the request's
 * own loaders (schema/loaders.ts), so nothing is read twice.
 */
import DataLoader from 'dataloader';
import { todayInShanghai } from '../src/clock';
import type { RightsBoardView } from '../src/domain/rights-board/board-content';
import { rightsBoardsOf, type BoardProject } from '../src/services/rights-board/reads';
import { serviceContext, type GraphQLContext } from './context';
import { loaders } from './loaders';

const cache = new WeakMap<GraphQLContext, DataLoader<string, RightsBoardView | null>>();

export function rightsBoardLoader(ctx: GraphQLContext): DataLoader<string, RightsBoardView | null> {
  let made = cache.get(ctx);
  if (made) return made;
  made = new DataLoader(async (ids) => {
    const svc = serviceContext(ctx);
    const [projects, agreements] = await Promise.all([
      loaders(ctx).project.loadMany(ids),
      loaders(ctx).currentAgreement.loadMany(ids),
    ]);
    const items: BoardProject[] = [];
    projects.forEach((p, i) => {
      if (!p || p instanceof Error) return;
      const a = agreements[i];
      items.push({ project: p, agreementDueDay: a && !(a instanceof Error) ? a.dueDay : null });
    });
    const views = new Map(
      (await rightsBoardsOf(svc.em, items, todayInShanghai())).map((v) => [v.projectId, v]),
    );
    return ids.map((id) => views.get(id) ?? null);
  });
  cache.set(ctx, made);
  return made;
}
