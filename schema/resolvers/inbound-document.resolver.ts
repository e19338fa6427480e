import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Bank } from '../../src/entities';
import { setBankAmountUnit } from '../../src/services/banks';
import { listInboundDocuments, replayInboundDocument } from '../../src/services/inbound-documents';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { toConnection, type Connection } from '../types/connection';
import { BankType } from '../types/core';
import { IngestResultType } from '../types/ingest';
import { AmountUnit, InboundDocumentConnection, InboundDocumentType } from '../types/inbound-document';
import { now as clockNow } from '../../src/clock';

/** The raw archive of bank pushes, and replaying a document after an adapter fix: city HRSS only. */
@Resolver()
export class InboundDocumentResolver {
  @Query(() => InboundDocumentConnection, {
    description: 'city HRSS only; archived bank pushes, newest first (metadata, never the bytes)',
  })
  async inboundDocuments(
    @Ctx() ctx: GraphQLContext,
    @Arg('bankCode', () => String, { nullable: true }) bankCode?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<InboundDocumentType>> {
    const page = await listInboundDocuments(serviceContext(ctx), bankCode, first, after);
    return toConnection(page, InboundDocumentType.from);
  }

  @Mutation(() => IngestResultType, {
    description:
      "city HRSS only; reads a stored document again with the bank's current adapter and options and stores what " +
      'is new (events already stored count as duplicates and are not changed)',
  })
  replayInboundDocument(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IngestResultType> {
    return inTransaction(ctx, (svc) => replayInboundDocument(svc, id, clockNow()));
  }
}

/** A bank profile states the unit of its amounts (ICBC leaves it undocumented): city HRSS only. */
@Resolver(() => BankType)
export class BankAmountUnitResolver {
  @Mutation(() => BankType, {
    description:
      "city HRSS only; states the unit of the bank's amounts for its 银企直连 adapter (ICBC's is undocumented)",
  })
  async setBankAmountUnit(
    @Arg('bankCode') bankCode: string,
    @Arg('unit', () => AmountUnit) unit: AmountUnit,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BankType> {
    return BankType.from(await inTransaction(ctx, (svc) => setBankAmountUnit(svc, bankCode, unit)));
  }

  @FieldResolver(() => AmountUnit, {
    nullable: true,
    description: 'the unit the bank profile states; null when it states none (amounts are then read as yuan)',
  })
  async amountUnit(@Root() bank: BankType, @Ctx() ctx: GraphQLContext): Promise<AmountUnit | null> {
    const unit = (await ctx.em.findOne(Bank, { code: bank.code }))?.adapterOptions.amountUnit;
    return unit === AmountUnit.YUAN || unit === AmountUnit.FEN ? unit : null;
  }
}
