import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  ENTRY_STATUSES,
  LISTING_GROUNDS,
  REMOVAL_REASONS,
  SUBJECT_KINDS,
} from '../../src/entities/blacklist-entry.entity';
import { CHANGE_KINDS } from '../../src/entities/blacklist-change.entity';
import type { ListingThreshold } from '../../src/entities/listing-threshold.entity';
import type { PublishedChange } from '../../src/services/blacklist/changes';
import type { FeedPage } from '../../src/services/blacklist/feed';
import type { EntryView, PublishedEntry } from '../../src/services/blacklist/published';
import type { MaintenanceReport } from '../../src/services/blacklist/maintenance';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../scalars';
import { PageInfo } from './connection';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const SubjectKind = enumOf(SUBJECT_KINDS);
registerEnumType(SubjectKind, {
  name: 'SubjectKind',
  description: 'ENTERPRISE (the employer) | PERSON (its legal representative, listed with it)',
});
export const ListingGround = enumOf(LISTING_GROUNDS);
registerEnumType(ListingGround, {
  name: 'ListingGround',
  description:
    'AMOUNT_THRESHOLD (the arrears reach the criminal threshold; see listingThresholds) | ' +
    'MASS_INCIDENT (the arrears caused a mass or extreme incident)',
});
export const BlacklistStatus = enumOf(ENTRY_STATUSES);
registerEnumType(BlacklistStatus, { name: 'BlacklistStatus', description: 'LISTED | REMOVED | EXPIRED' });
export const RemovalReason = enumOf(REMOVAL_REASONS);
registerEnumType(RemovalReason, {
  name: 'RemovalReason',
  description:
    'EARLY_REMOVAL (arrears paid, six months since, written credit commitment on file) | ' +
    'CORRECTION (the listing was wrong; city HRSS, with a note)',
});
export const BlacklistChangeKind = enumOf(CHANGE_KINDS);
registerEnumType(BlacklistChangeKind, {
  name: 'BlacklistChangeKind',
  description: 'LISTED | REMOVED | EXPIRED',
});

@ObjectType('BlacklistEntry', {
  description:
    'A party on the blacklist (失信联合惩戒名单) by one listing decision. Personal ID numbers appear only masked.',
})
export class BlacklistEntryType {
  @Field(() => ID) id!: string;
  @Field(() => SubjectKind) subjectKind!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'ENTERPRISE entries' }) uscc!: string | null;
  @Field(() => String, { nullable: true, description: 'PERSON entries: the resident ID number, masked' })
  maskedIdNumber!: string | null;
  @Field(() => ListingGround) ground!: string;
  @Field(() => DateScalar) decidedOn!: string;
  @Field(() => DateScalar, {
    description: 'the last day on the list: the decision plus three calendar years (Feb 29 → Feb 28)',
  })
  listedUntil!: string;
  @Field(() => BlacklistStatus) status!: string;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'the first day off the list: the removal, or for EXPIRED the day after listedUntil',
  })
  removedOn!: string | null;
  @Field(() => RemovalReason, { nullable: true, description: 'REMOVED entries' }) removalReason!:
    string | null;
  @Field({ description: 'the HRSS district that decided (210500: the city)' }) districtCode!: string;
  @Field(() => ID, { description: 'the wage case the decision was taken on' }) caseId!: string;
  @Field(() => ID, {
    nullable: true,
    description: "PERSON entries: the employer's entry of the same decision",
  })
  legalRepresentativeOf!: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'when the hub recorded the listing decision (its own clock); null in the feed’s snapshots',
  })
  recordedAt!: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'when the hub recorded the removal or expiry (its own clock); null in the feed’s snapshots',
  })
  removalRecordedAt!: Date | null;

  static from(e: PublishedEntry | EntryView): BlacklistEntryType {
    return Object.assign(new BlacklistEntryType(), {
      id: e.id,
      subjectKind: e.subjectKind,
      name: e.name,
      uscc: e.uscc,
      maskedIdNumber: e.maskedIdNumber,
      ground: e.ground,
      decidedOn: e.decidedOn,
      listedUntil: e.listedUntil,
      status: e.status,
      removedOn: e.removedOn,
      removalReason: e.removalReason,
      districtCode: e.districtCode,
      caseId: e.caseId,
      legalRepresentativeOf: e.legalRepresentativeOf,
      recordedAt: 'recordedAt' in e ? e.recordedAt : null,
      removalRecordedAt: 'removalRecordedAt' in e ? e.removalRecordedAt : null,
    });
  }
}

@ObjectType('BlacklistChange', {
  description: 'One listing, removal or expiry, with the entry as it then stood',
})
export class BlacklistChangeType {
  @Field(() => BlacklistChangeKind) kind!: string;
  @Field(() => DateTimeScalar, { description: 'when the change was recorded' }) at!: Date;
  @Field(() => BlacklistEntryType, { description: 'the entry as it stood after this change' })
  entry!: BlacklistEntryType;

  static from(c: PublishedChange): BlacklistChangeType {
    return Object.assign(new BlacklistChangeType(), {
      kind: c.kind,
      at: new Date(c.at),
      entry: BlacklistEntryType.from(c.entry),
    });
  }
}

@ObjectType('BlacklistChangeEdge')
export class BlacklistChangeEdge {
  @Field() cursor!: string;
  @Field(() => BlacklistChangeType) node!: BlacklistChangeType;
}

@ObjectType('BlacklistChangeConnection', {
  description:
    'The credit feed, in commit order. Pass pageInfo.endCursor back as `after` to continue; on a page ' +
    'with no new change endCursor is the position asked from, so a poller never restarts or skips.',
})
export class BlacklistChangeConnection {
  @Field(() => [BlacklistChangeEdge]) edges!: BlacklistChangeEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  /** resolved (counted) only when asked for */
  countTotal!: () => Promise<number>;

  static from(page: FeedPage, cursorOf: (seq: string) => string): BlacklistChangeConnection {
    return Object.assign(new BlacklistChangeConnection(), {
      edges: page.changes.map((c) => ({ cursor: cursorOf(c.seq), node: BlacklistChangeType.from(c) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      countTotal: page.totalCount,
    });
  }
}

@ObjectType('BlacklistSnapshot', {
  description:
    'The list on one day. For a first full load ask for today (asOf omitted): store `entries`, then ' +
    'follow blacklistChanges(after: cursor). Entries and cursor are read in one database snapshot, so ' +
    'every change up to the cursor is already in the entries and every later one is in the feed after ' +
    'it: nothing is missed and nothing comes twice. Apply each change by entry id (its entry replaces ' +
    'the one held; REMOVED and EXPIRED take it off the list).',
})
export class BlacklistSnapshotType {
  @Field(() => DateScalar) asOf!: string;
  @Field(() => [BlacklistEntryType], {
    description: 'every party on the list that day, each as it stood that day',
  })
  entries!: BlacklistEntryType[];
  @Field(() => String, {
    nullable: true,
    description: "the feed position today's list reflects; null for a past day",
  })
  cursor!: string | null;
}

@ObjectType('BlacklistMaintenanceReport')
export class BlacklistMaintenanceReportType {
  @Field(() => DateScalar) asOf!: string;
  @Field(() => Int, { description: 'entries whose listedUntil was before asOf, now EXPIRED' })
  expired!: number;
  @Field(() => Int, {
    description: 'cases whose listingDecisionDeadline was before asOf with no decision, escalated now',
  })
  escalated!: number;

  static from(r: MaintenanceReport): BlacklistMaintenanceReportType {
    return Object.assign(new BlacklistMaintenanceReportType(), r);
  }
}

@ObjectType('ListingThreshold', {
  description:
    'ONE_WORKER: a worker owed minMonths or more and minAmount or more. MANY_WORKERS: minWorkers or ' +
    'more owed minAmount or more in total. Both include the figures themselves (以上).',
})
export class ListingThresholdType {
  @Field() rule!: string;
  @Field(() => Int) minWorkers!: number;
  @Field(() => Int) minMonths!: number;
  @Field(() => MoneyScalar) minAmount!: bigint;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  @Field() updatedBy!: string;

  static from(t: ListingThreshold): ListingThresholdType {
    return Object.assign(new ListingThresholdType(), {
      rule: t.rule,
      minWorkers: t.minWorkers,
      minMonths: t.minMonths,
      minAmount: t.minAmountFen,
      updatedAt: t.updatedAt,
      updatedBy: t.updatedBy,
    });
  }
}
