/**
 * The worst documents a caller may still send: each is made as large as the query limits allow
 * (the largest `first` whose estimated cost is within GRAPHQL_MAX_COST, measured by the hub's own
 * schema/limits/query-shape.ts on the committed schema), so that the bench follows the limits when
 * they change. A bank's token sees every project on its accounts, which here is all of them.
 */
import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { measureOperation, type QueryShape } from '../../schema/limits/query-shape';
import { limitExceeded, type QueryLimits } from '../../schema/limits/query-limits';
import { MAX_PAGE } from '../../src/services/pagination';

export interface HostileQuery {
  name: string;
  query: string;
  shape: QueryShape;
  /** the client gives up after this long (an abandoned request) */
  abandonAfterMs?: number;
}

const schema = buildSchema(
  readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'),
);

export function measure(query: string): QueryShape {
  const doc = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let operation: OperationDefinitionNode | undefined;
  for (const def of doc.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    if (def.kind === Kind.OPERATION_DEFINITION) operation = def;
  }
  return measureOperation(schema, operation!, fragments, {});
}

/** The largest n in 1..MAX_PAGE for which make(n) is within every limit. */
function largest(limits: QueryLimits, make: (n: number) => string): string {
  let lo = 1;
  let hi = MAX_PAGE;
  if (limitExceeded(measure(make(lo)), limits)) throw new Error(`not even n = 1 is allowed: ${make(1)}`);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (limitExceeded(measure(make(mid)), limits)) hi = mid - 1;
    else lo = mid;
  }
  return make(lo);
}

const PROJECT = `id name districtCode industry contractPrice contractSignedOn permitIssuedOn
  owner { uscc name } contractor { uscc name }
  agreement { id accountNo bankCode laborCostPerCycle dueDay startsOn endsOn creditedTotal }`;

/** What a normal agency client asks for (the city HRSS page). */
export const NORMAL_QUERY = `query NormalPage { projects(first: 50) { totalCount edges { node {
  name districtCode contractor { name uscc } agreement { laborCostPerCycle dueDay creditedTotal }
  alerts(first: 5) { totalCount edges { node { dueDate shortfall status } } } } } } }`;

export function hostileQueries(limits: QueryLimits): HostileQuery[] {
  const aliases = Math.min(limits.maxAliases, limits.maxRootFields);
  // 200 characters: the longest project search allowed; it matches nothing, so every row is read.
  const search = 'x'.repeat(200);
  const docs: Omit<HostileQuery, 'shape'>[] = [
    {
      name: 'big page: projects with everything and their alerts',
      query: largest(
        limits,
        (n) => `query BigPage { projects(first: ${n}) { totalCount edges { cursor node { ${PROJECT}
          alerts(first: 2) { totalCount edges { node { id kind status dueDate shortfall openedOn } } } } } } }`,
      ),
    },
    {
      name: `aliases: ${aliases} pages of projects at once, each filtered differently`,
      query: largest(
        limits,
        (n) =>
          `query Aliased { ${Array.from(
            { length: aliases },
            (
              _,
              i,
            ) => `a${i}: projects(first: ${n}, filter: { nameContains: "${i}" }) { totalCount edges { node {
              ${PROJECT} alerts(first: 1) { totalCount edges { node { dueDate shortfall } } } } } }`,
          ).join(' ')} }`,
      ),
    },
    {
      name: `depth ${limits.maxDepth}: alerts → project → agreement → project → alerts → project → agreement`,
      query: largest(
        limits,
        (
          n,
        ) => `query Deep { alerts(first: ${n}) { totalCount edges { node { id dueDate shortfall project { name
          agreement { creditedTotal project { alerts(first: 5) { totalCount edges { node { dueDate
          project { agreement { creditedTotal } } } } } } } } } } } }`,
      ),
    },
    {
      name: 'the longest search, over every project',
      query: largest(
        limits,
        (n) => `query Search { projects(first: ${n}, filter: { nameContains: "${search}" }) { totalCount
          edges { node { ${PROJECT} } } } }`,
      ),
    },
  ];
  const measured = docs.map((d) => ({ ...d, shape: measure(d.query) }));
  return [
    ...measured,
    { ...measured[0], name: 'abandoned: the big page, given up after 150 ms', abandonAfterMs: 150 },
  ];
}
