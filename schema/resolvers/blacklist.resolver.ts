import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { decideListing } from '../../src/services/blacklist/decide';
import { findEntry, legalRepresentativeEntry } from '../../src/services/blacklist/entries';
import { blacklistSnapshot, feedCursor, listChanges } from '../../src/services/blacklist/feed';
import { runOperatorMaintenance } from '../../src/services/blacklist/maintenance';
import { entryView } from '../../src/services/blacklist/published';
import { recordCreditCommitment, removeFromBlacklist } from '../../src/services/blacklist/removal';
import { listThresholdRows, setThresholds } from '../../src/services/blacklist/thresholds';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { DateScalar, MoneyScalar } from '../scalars';
import {
  BlacklistChangeConnection,
  BlacklistEntryType,
  BlacklistMaintenanceReportType,
  BlacklistSnapshotType,
  ListingGround,
  ListingThresholdType,
  RemovalReason,
} from '../types/blacklist';

@Resolver(() => BlacklistEntryType)
export class BlacklistResolver {
  @Mutation(() => BlacklistEntryType, {
    description:
      "HRSS (city, or the case's district whichever agency the case was routed to): lists the employer for " +
      'three years, and its legal representative with it (see legalRepresentative). Refused, saying which: ' +
      "no order to pay; an order not issued by HRSS; decidedOn after today or not after the order's deadline; arrears paid; AMOUNT_THRESHOLD not met " +
      '(naming the thresholds); already listed. Published in blacklistChanges.',
  })
  async decideListing(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('decidedOn', () => DateScalar) decidedOn: string,
    @Arg('ground', () => ListingGround) ground: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('note', () => String, {
      nullable: true,
      description: 'what the decision rests on (for MASS_INCIDENT: the incident); kept with the entry',
    })
    note?: string | null,
  ): Promise<BlacklistEntryType> {
    const entry = await inTransaction(ctx, (svc) => decideListing(svc, { caseId, decidedOn, ground, note }));
    return BlacklistEntryType.from(entryView(entry));
  }

  @Mutation(() => BlacklistEntryType, {
    description:
      'EARLY_REMOVAL: city HRSS or the deciding district HRSS, on the employer entry, when the arrears ' +
      'were paid in full at least six months before `on` and a credit commitment is on file. CORRECTION: ' +
      'city HRSS, with a note. Removing the employer removes its legal representative too.',
  })
  async removeFromBlacklist(
    @Arg('entryId', () => ID) entryId: string,
    @Arg('on', () => DateScalar) on: string,
    @Arg('reason', () => RemovalReason) reason: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('note', () => String, { nullable: true, description: 'required for CORRECTION: what was wrong' })
    note?: string | null,
  ): Promise<BlacklistEntryType> {
    const entry = await inTransaction(ctx, (svc) => removeFromBlacklist(svc, { entryId, on, reason, note }));
    return BlacklistEntryType.from(entryView(entry));
  }

  @Mutation(() => BlacklistEntryType, {
    description:
      "puts the employer's written credit commitment (信用承诺书) on file, for early removal; on the " +
      'employer entry, received on or after the decision',
  })
  async recordCreditCommitment(
    @Arg('entryId', () => ID) entryId: string,
    @Arg('receivedOn', () => DateScalar) receivedOn: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BlacklistEntryType> {
    const entry = await inTransaction(ctx, (svc) => recordCreditCommitment(svc, { entryId, receivedOn }));
    return BlacklistEntryType.from(entryView(entry));
  }

  @Mutation(() => BlacklistMaintenanceReportType, {
    description:
      'city HRSS: the daily upkeep by hand, as of asOf (today or earlier): entries whose listedUntil is ' +
      'before asOf expire; cases whose listingDecisionDeadline is before asOf, undecided, are escalated',
  })
  async runBlacklistMaintenance(
    @Arg('asOf', () => DateScalar) asOf: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BlacklistMaintenanceReportType> {
    return BlacklistMaintenanceReportType.from(await runOperatorMaintenance(serviceContext(ctx), asOf));
  }

  @Mutation(() => [ListingThresholdType], {
    description:
      "city HRSS: the province's amounts for the amount test, within the national ranges " +
      '(one worker ¥5,000–20,000; ten or more workers ¥30,000–100,000); used by decisions from then on',
  })
  async setListingThresholds(
    @Arg('oneWorkerMinAmount', () => MoneyScalar) oneWorkerMinAmount: bigint,
    @Arg('manyWorkersMinTotal', () => MoneyScalar) manyWorkersMinTotal: bigint,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ListingThresholdType[]> {
    const rows = await inTransaction(ctx, (svc) =>
      setThresholds(svc, {
        oneWorkerMinAmountFen: oneWorkerMinAmount,
        manyWorkersMinTotalFen: manyWorkersMinTotal,
      }),
    );
    return rows.map(ListingThresholdType.from);
  }

  @Query(() => [ListingThresholdType], { description: 'the amount test as it now stands (HRSS)' })
  async listingThresholds(@Ctx() ctx: GraphQLContext): Promise<ListingThresholdType[]> {
    const svc = serviceContext(ctx);
    if (svc.caller.org !== 'HRSS') return [];
    return (await listThresholdRows(svc)).map(ListingThresholdType.from);
  }

  @Query(() => BlacklistChangeConnection, {
    description:
      'the credit feed (credit platform and city HRSS): every listing, removal and expiry in commit ' +
      'order, each once, with the entry as it then stood; `first` at most 500',
  })
  async blacklistChanges(
    @Ctx() ctx: GraphQLContext,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
  ): Promise<BlacklistChangeConnection> {
    return BlacklistChangeConnection.from(await listChanges(serviceContext(ctx), after, first), feedCursor);
  }

  @Query(() => BlacklistSnapshotType, {
    description:
      'the list as it stood on asOf (default today, Asia/Shanghai), for a first full load (credit ' +
      'platform and city HRSS); see BlacklistSnapshot for following the feed from it',
  })
  async blacklist(
    @Ctx() ctx: GraphQLContext,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string | null,
  ): Promise<BlacklistSnapshotType> {
    const snapshot = await blacklistSnapshot(serviceContext(ctx), asOf);
    return Object.assign(new BlacklistSnapshotType(), {
      ...snapshot,
      entries: snapshot.entries.map(BlacklistEntryType.from),
    });
  }

  @Query(() => BlacklistEntryType, {
    nullable: true,
    description: 'one entry as it stands now (credit platform, city HRSS, the deciding district HRSS)',
  })
  async blacklistEntry(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BlacklistEntryType | null> {
    const entry = await findEntry(serviceContext(ctx), id);
    return entry && BlacklistEntryType.from(entry);
  }

  @FieldResolver(() => BlacklistEntryType, {
    nullable: true,
    description:
      "ENTERPRISE entries: its legal representative's entry of the same decision, as it stands now",
  })
  async legalRepresentative(
    @Root() entry: BlacklistEntryType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BlacklistEntryType | null> {
    if (entry.subjectKind !== 'ENTERPRISE') return null;
    const person = await legalRepresentativeEntry(serviceContext(ctx), entry.id);
    return person && BlacklistEntryType.from(person);
  }
}

@Resolver(() => BlacklistChangeConnection)
export class BlacklistChangeConnectionResolver {
  @FieldResolver(() => Int, { description: 'every change in the feed' })
  totalCount(@Root() connection: BlacklistChangeConnection): Promise<number> {
    return connection.countTotal();
  }
}
