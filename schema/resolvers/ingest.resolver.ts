import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { MAX_EVENTS_PER_PUSH, validateAll } from '../../adapters/canonical-json';
import { badInput, forbidden } from '../../src/domain/errors';
import { ingestForBank } from '../../src/services/ingestion';
import { inTransaction, type GraphQLContext } from '../context';
import { AccountEventInput } from '../inputs';
import { IngestResultType } from '../types/ingest';
import { now as clockNow } from '../../src/clock';
import { textProblem } from '../../src/services/storable';

const TEXT_FIELDS = [
  'bankEventId',
  'accountNo',
  'counterpartyName',
  'counterpartyAccount',
  'memo',
  'reverses',
] as const;

/**
 * Text PostgreSQL cannot store (NUL, a lone surrogate) is a caller's mistake in GraphQL: refused
 * as BAD_USER_INPUT naming the field (e.g. `events[3].memo`), before anything is stored.
 */
function refuseUnstorableText(events: AccountEventInput[]): void {
  events.forEach((event, i) => {
    for (const field of TEXT_FIELDS) {
      const value = event[field];
      const why = typeof value === 'string' ? textProblem(value) : null;
      if (why) throw badInput(`events[${i}].${field}`, why);
    }
  });
}

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
      refuseUnstorableText(events);
      return ingestForBank(svc.em, svc.caller.bank, validateAll(events), clockNow());
    });
  }
}
