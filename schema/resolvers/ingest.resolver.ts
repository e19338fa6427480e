import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { MAX_EVENTS_PER_PUSH, validateAll } from '../../adapters/canonical-json';
import { badInput, forbidden } from '../../src/domain/errors';
import { ingestForBank } from '../../src/services/ingestion';
import { inTransaction, type GraphQLContext } from '../context';
import { AccountEventInput } from '../inputs';
import { IngestResultType } from '../types/ingest';
import { now as clockNow } from '../../src/clock';

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestResultType, {
    description:
      "org BANK; the bank is the token's. Each event is validated on its own; valid ones are stored together.",
  })
  ingestAccountEvents(
    @Arg('events', () => [AccountEventInput]) events: AccountEventInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<IngestResultType> {
    return inTransaction(ctx, (svc) => {
      if (svc.caller.org !== 'BANK' || !svc.caller.bank) throw forbidden('only a bank pushes account events');
      if (events.length > MAX_EVENTS_PER_PUSH)
        throw badInput('events', `at most ${MAX_EVENTS_PER_PUSH} per call`);
      return ingestForBank(svc.em, svc.caller.bank, validateAll(events), clockNow());
    });
  }
}
