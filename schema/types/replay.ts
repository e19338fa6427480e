import { Field, ID, ObjectType } from 'type-graphql';
import type { ConflictingReplayRecord } from '../../src/entities';
import { DateTimeScalar } from '../scalars';
import { ConnectionType } from './connection';

/** A stored bankEventId sent again with other content: rejected, the stored event untouched. */
@ObjectType('ConflictingReplay', {
  description:
    'A replay of a stored bankEventId with other content, rejected as CONFLICTING_REPLAY; the stored event is kept.',
})
export class ConflictingReplayType {
  @Field(() => ID) id!: string;
  @Field() bankCode!: string;
  @Field() bankEventId!: string;
  @Field(() => [String], {
    description: 'the fields that differ from the stored event: amount, accountNo, type, bookedAt, reverses',
  })
  differing!: string[];
  @Field(() => DateTimeScalar) receivedAt!: Date;
  @Field(() => ID, { nullable: true, description: 'the archived push it came in; null for GraphQL intake' })
  documentId!: string | null;

  static from(r: ConflictingReplayRecord): ConflictingReplayType {
    return Object.assign(new ConflictingReplayType(), {
      id: r.id,
      bankCode: r.bank.code,
      bankEventId: r.bankEventId,
      differing: r.differing,
      receivedAt: r.receivedAt,
      documentId: r.document?.id ?? null,
    });
  }
}

export const ConflictingReplayConnection = ConnectionType(ConflictingReplayType, 'ConflictingReplay');
