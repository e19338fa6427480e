import { BigIntType, Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { now as clockNow } from '../clock';

export const THRESHOLD_RULES = ['ONE_WORKER', 'MANY_WORKERS'] as const;
export type ThresholdRule = (typeof THRESHOLD_RULES)[number];

/**
 * The amount test's thresholds as data (RULES.md: configurable): ONE_WORKER — a worker owed
 * `minMonths` or more and `minAmountFen` or more; MANY_WORKERS — `minWorkers` or more owed
 * `minAmountFen` or more in total. Seeded with Liaoning's amounts; city HRSS sets them.
 */
@Entity({ tableName: 'listing_threshold' })
export class ListingThreshold {
  @PrimaryKey({ type: 'string', length: 16 })
  rule!: ThresholdRule;

  @Property({ type: 'integer' })
  minWorkers!: number;

  @Property({ type: 'integer' })
  minMonths!: number;

  @Property({ type: new BigIntType('bigint') })
  minAmountFen!: bigint;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = clockNow();

  @Property({ type: 'text' })
  updatedBy!: string;
}
