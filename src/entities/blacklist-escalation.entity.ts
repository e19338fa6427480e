import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { now as clockNow } from '../clock';

/**
 * A case whose listing decision was due (listingDecisionDeadline, B2) and not taken: the flag the
 * daily maintenance raises once per case, with the notice to city HRSS. The case's state does not
 * change (the state table has no "overdue" state, and the decision can still be taken).
 */
@Entity({ tableName: 'listing_escalation' })
export class ListingEscalation {
  @PrimaryKey({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'date' })
  deadline!: string;

  /** the first day the deadline had passed (deadline + 1) */
  @Property({ type: 'date' })
  escalatedOn!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Opt<Date> = clockNow();
}
