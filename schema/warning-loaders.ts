/**
 * Per-request loaders of Project.warning and Enterprise.warning (R17): a page of projects or firms
 * reads its open warnings in one statement (src/services/warnings/reads.ts), scoped.
 */
import DataLoader from 'dataloader';
import { openWarningsOf, type WarningView } from '../src/services/warnings/reads';
import { serviceContext, type GraphQLContext } from './context';

type Kind = 'PROJECT' | 'ENTERPRISE';
const cache = new WeakMap<GraphQLContext, Map<Kind, DataLoader<string, WarningView | null>>>();

export function warningLoader(ctx: GraphQLContext, kind: Kind): DataLoader<string, WarningView | null> {
  let byKind = cache.get(ctx);
  if (!byKind) cache.set(ctx, (byKind = new Map()));
  let made = byKind.get(kind);
  if (!made) {
    made = new DataLoader(async (ids) => {
      const svc = serviceContext(ctx);
      return openWarningsOf(svc.em, svc.caller, kind, ids);
    });
    byKind.set(kind, made);
  }
  return made;
}
