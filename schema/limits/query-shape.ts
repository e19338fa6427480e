/**
 * What a GraphQL operation would cost, measured on the document before anything runs: its depth,
 * its aliases, its root fields, and an estimated cost in objects (each field 1, each list or page
 * multiplying what is inside it by its size). Fragments are expanded where they are spread, so a
 * fragment cannot hide depth or cost; introspection (`__schema`, `__type`) is bounded by the schema
 * itself and is not counted.
 */
import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE, MAX_PAGE } from '../../src/services/pagination';

export interface QueryShape {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
}

/** A list without a `first` (e.g. an alert's escalations) is assumed to hold this many. */
export const ASSUMED_LIST_SIZE = 10;
/** Past this the walk stops adding: the answer is "too much" whatever the limit. */
const COST_CEILING = Number.MAX_SAFE_INTEGER / 1e3;

export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): QueryShape {
  const rootType =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const rootFields = countFields(operation.selectionSet, fragments, new Set());
  if (!rootType) return { depth: 0, aliases: 0, rootFields, cost: 0 };
  // Each fragment is measured once per type it is spread on: a fragment spread twice in a fragment
  // spread twice… costs the walk nothing extra, however large the expansion it describes.
  const memo = new Map<string, Measure>();
  const walk = (set: SelectionSetNode, type: GraphQLNamedType, seen: Set<string>): Measure => {
    const total: Measure = { cost: 0, depth: 0, aliases: 0 };
    const add = (m: Measure, times = 1) => {
      total.cost = capped(total.cost + m.cost * times);
      total.aliases = capped(total.aliases + m.aliases * times);
      total.depth = Math.max(total.depth, m.depth);
    };
    for (const sel of set.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[sel.name.value];
        // A cycle is refused by GraphQL's own validation; here it only must not loop.
        if (!fragment || seen.has(sel.name.value)) continue;
        const onType = schema.getType(fragment.typeCondition.name.value) ?? type;
        const key = `${sel.name.value}@${onType.name}`;
        let m = memo.get(key);
        if (!m) {
          m = walk(fragment.selectionSet, onType, new Set(seen).add(sel.name.value));
          memo.set(key, m);
        }
        add(m);
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const onType = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? type) : type;
        add(walk(sel.selectionSet, onType, seen));
        continue;
      }
      if (sel.name.value.startsWith('__')) continue; // introspection and __typename
      const field = fieldOf(type, sel.name.value);
      const own: Measure = { cost: 1, depth: 1, aliases: sel.alias ? 1 : 0 };
      if (sel.selectionSet && field) {
        const inner = walk(sel.selectionSet, getNamedType(field.type), seen);
        const times = multiplier(sel, field, type, variables);
        own.cost = capped(1 + times * inner.cost);
        own.aliases = capped(own.aliases + inner.aliases); // in the document, not per row
        own.depth = 1 + inner.depth;
      }
      add(own);
    }
    return total;
  };
  const m = walk(operation.selectionSet, rootType, new Set());
  return { depth: m.depth, aliases: m.aliases, rootFields, cost: m.cost };
}

interface Measure {
  cost: number;
  depth: number;
  aliases: number;
}

const capped = (n: number): number => Math.min(n, COST_CEILING);

function fieldOf(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(type) || isInterfaceType(type)) return type.getFields()[name];
  if (isUnionType(type)) {
    for (const member of type.getTypes()) {
      const field = member.getFields()[name];
      if (field) return field;
    }
  }
  return undefined;
}

/**
 * How many times what is inside a field is fetched: a page's `first` (its default when not given,
 * the largest page when it cannot be read), a plain list's assumed size; the `edges` and `nodes` of
 * a connection are already counted by the connection's `first`.
 */
function multiplier(
  node: FieldNode,
  field: GraphQLField<unknown, unknown>,
  parent: GraphQLNamedType,
  variables: Record<string, unknown>,
): number {
  if (field.args.some((a) => a.name === 'first')) {
    const arg = node.arguments?.find((a) => a.name.value === 'first');
    if (!arg) return DEFAULT_PAGE;
    const value = literalNumber(arg.value, variables);
    return value === undefined ? MAX_PAGE : Math.max(1, Math.min(value, MAX_PAGE));
  }
  if (isListType(getNullableType(field.type))) {
    return parent.name.endsWith('Connection') ? 1 : ASSUMED_LIST_SIZE;
  }
  return 1;
}

function literalNumber(value: ValueNode, variables: Record<string, unknown>): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    if (v === undefined || v === null) return DEFAULT_PAGE;
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }
  return undefined;
}

function countFields(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  let n = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) n += sel.name.value.startsWith('__') ? 0 : 1;
    else if (sel.kind === Kind.INLINE_FRAGMENT) n += countFields(sel.selectionSet, fragments, seen);
    else if (!seen.has(sel.name.value) && fragments[sel.name.value]) {
      n += countFields(fragments[sel.name.value].selectionSet, fragments, new Set(seen).add(sel.name.value));
    }
  }
  return n;
}
