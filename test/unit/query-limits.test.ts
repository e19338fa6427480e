import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { measureOperation } from '../../schema/limits/query-shape';
import { DEFAULT_QUERY_LIMITS, limitExceeded, operationShape } from '../../schema/limits/query-limits';

// The committed schema is the built one (schema-committed.test.ts), so it stands in for it here.
const schema = buildSchema(
  readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'),
);

function measure(query: string, variables: Record<string, unknown> = {}) {
  const doc = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let operation: OperationDefinitionNode | undefined;
  for (const def of doc.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    if (def.kind === Kind.OPERATION_DEFINITION) operation = def;
  }
  return measureOperation(schema, operation!, fragments, variables);
}

describe('measuring an operation before it runs', () => {
  it('counts a page by its first: 50 projects with 5 alerts each', () => {
    const shape = measure(`{ projects(first: 50) { totalCount edges { node { name
      agreement { creditedTotal } alerts(first: 5) { edges { node { dueDate } } } } } } }`);
    // projects: 1 + 50 × (totalCount 1 + edges (1 + node (1 + name 1 + agreement 2 + alerts (1 + 5 × 3))))
    expect(shape.cost).toBe(1 + 50 * (1 + 1 + 1 + 1 + 2 + (1 + 5 * 3)));
    expect(shape.depth).toBe(7);
    expect(shape.rootFields).toBe(1);
    expect(limitExceeded(shape, DEFAULT_QUERY_LIMITS)).toBeNull();
  });

  it("counts the duties' pages and lists: deposits by their first, top-ups and notices as plain lists", () => {
    const shape = measure(`{ projects(first: 10) { edges { node { depositRequirement { amount }
      wageDeposits(first: 4) { edges { node { amount topUps { amount } paymentNotices { payBy } } } }
      paymentGuarantees(first: 2) { edges { node { amount } } } } } } }`);
    // 1 + 10 × (edges 1 + node (1 + requirement 2 + deposits (1 + 4 × (edges 1 + node (1 + amount 1
    //   + topUps 1 + 10 + paymentNotices 1 + 10))) + guarantees (1 + 2 × 3)))
    expect(shape.cost).toBe(1 + 10 * (1 + 1 + 2 + (1 + 4 * (1 + 1 + 1 + 11 + 11)) + (1 + 2 * 3)));
    const huge =
      measure(`{ wageDeposits(first: 500) { edges { node { topUps { amount } paymentNotices { payBy } project {
      wageDeposits(first: 500) { edges { node { amount } } } } } } } }`);
    expect(limitExceeded(huge, DEFAULT_QUERY_LIMITS)?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('reads first from the variables, the default page when not given, the largest page when unreadable', () => {
    const q = `query($n: Int) { alerts(first: $n) { edges { node { dueDate } } } }`;
    expect(measure(q, { n: 3 }).cost).toBe(1 + 3 * 3);
    expect(measure(q, {}).cost).toBe(1 + 20 * 3);
    expect(measure(q, { n: 'x' }).cost).toBe(1 + 500 * 3);
    expect(measure(`{ alerts { edges { node { dueDate } } } }`).cost).toBe(1 + 20 * 3);
  });

  it('expands fragments where they are spread, once per spread', () => {
    const viaFragment = measure(
      `{ projects(first: 10) { ...P } } fragment P on ProjectConnection { edges { node { a: name b: name } } }`,
    );
    const inline = measure(`{ projects(first: 10) { edges { node { a: name b: name } } } }`);
    expect(viaFragment).toEqual(inline);
    expect(inline.aliases).toBe(2);
  });

  it('measures a fragment bomb without expanding it, and finds it far over the limit', () => {
    const levels = 12;
    let doc = `{ projects(first: 500) { edges { node { ...F0 } } } }\n`;
    for (let i = 0; i < levels; i++)
      doc += `fragment F${i} on Project { a${i}: name ...F${i + 1} ...F${i + 1} }\n`;
    doc += `fragment F${levels} on Project { name }`;
    const started = process.hrtime.bigint();
    const shape = measure(doc);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
    expect(shape.aliases).toBeGreaterThan(4000);
    expect(limitExceeded(shape, DEFAULT_QUERY_LIMITS)?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'maxAliases',
    });
  });

  it('refuses nested pages by cost and a cycle through the graph by depth, naming the limit', () => {
    const nested = measure(
      `{ projects(first: 500) { edges { node { alerts(first: 500) { edges { node { dueDate } } } } } } }`,
    );
    const costly = limitExceeded(nested, DEFAULT_QUERY_LIMITS);
    expect(costly?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' });
    expect(costly?.message).toMatch(/estimated cost \d+ is over the limit of 25000/);

    let deep = 'name';
    for (let i = 0; i < 6; i++) deep = `agreement { project { ${deep} } }`;
    const cyclic = limitExceeded(measure(`{ project(id: "x") { ${deep} } }`), DEFAULT_QUERY_LIMITS);
    expect(cyclic?.extensions).toMatchObject({ limit: 'maxDepth' });
    expect(cyclic?.message).toMatch(/depth 14 is over the limit of 12/);
  });

  it('does not count introspection, which the schema itself bounds', () => {
    const shape = measure(
      `{ __schema { types { name fields { name type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }`,
    );
    expect(shape).toEqual({ depth: 0, aliases: 0, rootFields: 0, cost: 0 });
  });

  it('counts root fields, also through fragments', () => {
    const shape = measure(
      `{ a: calendarYears { year } ...R } fragment R on Query { b: calendarYears { year } c: listingThresholds { kind } }`,
    );
    expect(shape.rootFields).toBe(3);
    expect(limitExceeded(shape, { ...DEFAULT_QUERY_LIMITS, maxRootFields: 2 })?.extensions).toMatchObject({
      limit: 'maxRootFields',
    });
  });

  it('measures an operation with variables for each request, one without them once', () => {
    const doc = parse('query P($n: Int) { projects(first: $n) { totalCount } }');
    const op = doc.definitions[0] as OperationDefinitionNode;
    const ten = { n: 10 };
    expect(operationShape(schema, doc, op, ten).cost).toBe(1 + 10);
    expect(operationShape(schema, doc, op, { n: 40 }).cost).toBe(1 + 40);
    expect(operationShape(schema, doc, op, ten).cost).toBe(1 + 10);
    const fixed = parse('{ projects(first: 5) { totalCount } }');
    const fixedOp = fixed.definitions[0] as OperationDefinitionNode;
    const shape = operationShape(schema, fixed, fixedOp, {});
    expect(shape.cost).toBe(1 + 5);
    expect(operationShape(schema, fixed, fixedOp, undefined)).toBe(shape);
  });
});
