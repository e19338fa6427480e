import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { ListWant } from '../src/services/pagination';

type Fragments = GraphQLResolveInfo['fragments'];

/** Calls `visit` with every field directly in these selection sets, through fragments and inline fragments. */
function eachField(sets: readonly SelectionSetNode[], fragments: Fragments, visit: (f: FieldNode) => void) {
  const seen = new Set<string>();
  const collect = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) visit(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) collect(sel.selectionSet);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        collect(fragments[sel.name.value]?.selectionSet);
      }
    }
  };
  for (const set of sets) collect(set);
}

const ownSets = (info: GraphQLResolveInfo): SelectionSetNode[] =>
  info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));

/**
 * The names of the fields asked for directly under this field (through fragments and inline
 * fragments; a field under @skip/@include counts as asked), so a list reads only what its answer shows.
 */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  eachField(ownSets(info), info.fragments, (f) => names.add(f.name.value));
  return names;
}

/**
 * The names asked for under a path of fields below this one (`['edges', 'node', 'project']`),
 * wherever the path is asked for (aliases and fragments merge, as in the answer); null when the path
 * is not asked for at all. A list uses it to read a nested object with its own statement only
 * when the answer shows what that statement adds.
 */
export function selectedUnder(info: GraphQLResolveInfo, path: readonly string[]): Set<string> | null {
  let sets = ownSets(info);
  for (const name of path) {
    const next: SelectionSetNode[] = [];
    let asked = false;
    eachField(sets, info.fragments, (f) => {
      if (f.name.value !== name) return;
      asked = true;
      if (f.selectionSet) next.push(f.selectionSet);
    });
    if (!asked) return null;
    sets = next;
  }
  const names = new Set<string>();
  eachField(sets, info.fragments, (f) => names.add(f.name.value));
  return names;
}

/**
 * For a connection of nodes with a `project` (alerts, cases): null when no node's project is asked
 * for; otherwise whether any spelling of it asks for the project's owner or contractor, which a
 * list reading its projects with the page then reads too.
 */
export function nodeProjectParties(info: GraphQLResolveInfo): boolean | null {
  const fields = selectedUnder(info, ['edges', 'node', 'project']);
  return fields === null ? null : fields.has('owner') || fields.has('contractor');
}

/** What a connection's answer needs: its rows (edges, pageInfo), its totalCount. */
export function connectionWant(info: GraphQLResolveInfo): ListWant {
  const names = selectedFields(info);
  return { rows: names.has('edges') || names.has('pageInfo'), total: names.has('totalCount') };
}
