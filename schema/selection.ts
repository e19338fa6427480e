import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { ListWant } from '../src/services/pagination';

/**
 * The names of the fields asked for directly under this field (through fragments and inline
 * fragments; a field under @skip/@include counts as asked), so a list reads only what its answer shows.
 */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const collect = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) names.add(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) collect(sel.selectionSet);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        collect(info.fragments[sel.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) collect(node.selectionSet);
  return names;
}

/** What a connection's answer needs: its rows (edges, pageInfo), its totalCount. */
export function connectionWant(info: GraphQLResolveInfo): ListWant {
  const names = selectedFields(info);
  return { rows: names.has('edges') || names.has('pageInfo'), total: names.has('totalCount') };
}
