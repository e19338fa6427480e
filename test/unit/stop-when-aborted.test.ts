import {
  buildSchema,
  defaultFieldResolver,
  execute,
  parse,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
} from 'graphql';
import { stopResolversWhenAborted } from '../../schema/limits/stop-when-aborted';
import { buildHubSchema } from '../../schema/build-schema';
import { clientClosedRequest, requestTimeout } from '../../src/http/limits/request-budget';

describe('a stopped request calls no more resolvers', () => {
  it('runs no later field of a mutation document once the request is stopped, and reports the stop, not the failure', async () => {
    const schema = buildSchema(`type Query { ok: Boolean } type Mutation { first: String second: String }`);
    const controller = new AbortController();
    const called: string[] = [];
    const fields = schema.getMutationType()!.getFields();
    fields.first.resolve = async () => {
      called.push('first');
      controller.abort(clientClosedRequest()); // the client leaves while its statement runs…
      throw new Error('canceling statement due to user request'); // …which is then cancelled
    };
    fields.second.resolve = () => {
      called.push('second');
      return 'stored';
    };
    stopResolversWhenAborted(schema);
    const result = await execute({
      schema,
      document: parse('mutation { first second }'),
      contextValue: { signal: controller.signal },
    });
    expect(called).toEqual(['first']);
    expect(result.data).toEqual({ first: null, second: null });
    expect(result.errors?.map((e) => [e.path, e.extensions.code])).toEqual([
      [['first'], 'CLIENT_CLOSED_REQUEST'],
      [['second'], 'CLIENT_CLOSED_REQUEST'],
    ]);
  });

  it("wraps the hub's root fields and field resolvers, not its plain property fields", async () => {
    const schema = await buildHubSchema();
    const controller = new AbortController();
    controller.abort(requestTimeout(10_000));
    const touched: string[] = [];
    // Any use of the request's database would show here.
    const em = new Proxy({}, { get: (_t, key) => touched.push(String(key)) });
    const ctx = { signal: controller.signal, em, caller: { org: 'HRSS', district: '210500', sub: 'x' } };
    const info = {} as GraphQLResolveInfo;
    const fields = (schema.getType('Project') as GraphQLObjectType).getFields();
    expect(() => fields.agreement.resolve!({ id: 'p1' }, {}, ctx, info)).toThrow(/time budget of 10000 ms/);
    expect(() => fields.alerts.resolve!({ id: 'p1' }, {}, ctx, info)).toThrow(/time budget/);
    expect(() => schema.getQueryType()!.getFields().projects.resolve!({}, {}, ctx, info)).toThrow(
      /time budget/,
    );
    expect(() => schema.getMutationType()!.getFields().registerBank.resolve!({}, {}, ctx, info)).toThrow(
      /time budget/,
    );
    expect(touched).toEqual([]);
    // A plain property is still read: the fields that do no work are not wrapped.
    // (A field without a resolver of its own is read by graphql's default one, never wrapped.)
    const readName = fields.name.resolve ?? defaultFieldResolver;
    expect(
      await readName({ name: '平山区棚户区改造一期' }, {}, { ...ctx }, {
        fieldName: 'name',
      } as GraphQLResolveInfo),
    ).toBe('平山区棚户区改造一期');
  });
});
