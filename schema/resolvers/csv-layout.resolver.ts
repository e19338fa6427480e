import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { getBankCsvLayout, setBankCsvLayout } from '../../src/services/csv-layouts';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { CsvLayoutInput, CsvLayoutType } from '../types/csv-layout';

/** The column layout a bank's CSV statements are read with: city HRSS registers it. */
@Resolver(() => CsvLayoutType)
export class CsvLayoutResolver {
  @Mutation(() => CsvLayoutType, {
    description:
      "city HRSS only; registers or replaces the bank's CSV statement layout (text/csv pushes); " +
      'a layout that is not valid is BAD_USER_INPUT naming the field and nothing is stored',
  })
  async setBankCsvLayout(
    @Arg('bankCode') bankCode: string,
    @Arg('layout', () => CsvLayoutInput) layout: CsvLayoutInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CsvLayoutType> {
    return CsvLayoutType.from(await inTransaction(ctx, (svc) => setBankCsvLayout(svc, bankCode, layout)));
  }

  @Query(() => CsvLayoutType, {
    nullable: true,
    description: 'city HRSS and the bank itself; null when the bank has no CSV layout',
  })
  async bankCsvLayout(
    @Arg('bankCode') bankCode: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CsvLayoutType | null> {
    const layout = await getBankCsvLayout(serviceContext(ctx), bankCode);
    return layout && CsvLayoutType.from(layout);
  }
}
