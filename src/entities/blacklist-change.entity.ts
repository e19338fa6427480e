import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

export const CHANGE_KINDS = ['LISTED', 'REMOVED', 'EXPIRED'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * One published change of the blacklist: the credit feed. Written only by
 * src/services/blacklist/changes.ts, under the feed's advisory lock, so that `seq` order is commit
 * order (see there); `entry` is the entry as it then stood, ID number masked. Read by SQL; the
 * entity is for the schema's sake.
 */
@Entity({ tableName: 'blacklist_change' })
export class BlacklistChange {
  @PrimaryKey({ type: new BigIntType('bigint'), autoincrement: true })
  seq!: bigint;

  @Property({ type: 'string', length: 16 })
  kind!: ChangeKind;

  @Property({ type: 'uuid' })
  entryId!: string;

  @Property({ type: 'json' })
  entry!: Record<string, unknown>;

  @Property({ type: 'datetime' })
  at!: Date;
}
