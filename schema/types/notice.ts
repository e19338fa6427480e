import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  NOTICE_STATUSES,
  type NoticeStatus as NoticeStatusValue,
} from '../../src/entities/outbox-notice.entity';
import type { NoticeEndpoint, OutboxNotice } from '../../src/entities';
import { DateTimeScalar } from '../scalars';
import { ConnectionType } from './connection';

export const NoticeStatus = Object.fromEntries(NOTICE_STATUSES.map((v) => [v, v])) as {
  [K in NoticeStatusValue]: K;
};
registerEnumType(NoticeStatus, {
  name: 'NoticeStatus',
  description:
    'PENDING (waiting or retrying) | DELIVERED (a 2xx came back) | FAILED (refused or gave up; replayable)',
});

@ObjectType('Notice', {
  description: 'An outbound notice (the outbox). Its id is the webhook-id of every delivery.',
})
export class NoticeType {
  @Field(() => ID) id!: string;
  @Field() topic!: string;
  @Field({
    description:
      'BANK:{bankCode}, HRSS:{district}, {industry}:{district}, {GOVERNMENT|POLICE|COURT|JUSTICE|UNION}:{district}, ENTERPRISE:{uscc}, LIAONING_WARNING_SYSTEM or CREDIT_PLATFORM',
  })
  recipient!: string;
  @Field(() => NoticeStatus) status!: NoticeStatusValue;
  @Field(() => Int) attempts!: number;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'when the relay tries next; null unless PENDING',
  })
  nextAttemptAt!: Date | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Int, { nullable: true }) lastHttpStatus!: number | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) deliveredAt!: Date | null;
  @Field({ description: 'the payload the recipient receives as the body\'s "data", as a JSON string' })
  payload!: string;

  static from(n: OutboxNotice): NoticeType {
    return Object.assign(new NoticeType(), {
      id: n.id,
      topic: n.topic,
      recipient: n.recipient,
      status: n.status,
      attempts: n.attempts,
      nextAttemptAt: n.status === 'PENDING' ? n.nextAttemptAt : null,
      lastError: n.lastError,
      lastHttpStatus: n.lastHttpStatus,
      createdAt: n.createdAt,
      deliveredAt: n.deliveredAt,
      payload: JSON.stringify(n.payload),
    });
  }
}

export const NoticeConnection = ConnectionType(NoticeType, 'Notice');

/** The webhook secret is write-only: no field returns it. */
@ObjectType('NoticeEndpoint')
export class NoticeEndpointType {
  @Field() recipient!: string;
  @Field() url!: string;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  @Field() updatedBy!: string;

  static from(e: NoticeEndpoint): NoticeEndpointType {
    return Object.assign(new NoticeEndpointType(), {
      recipient: e.recipient,
      url: e.url,
      updatedAt: e.updatedAt,
      updatedBy: e.updatedBy,
    });
  }
}

@InputType('NoticeFilter')
export class NoticeFilter {
  @Field(() => NoticeStatus, { nullable: true }) status?: NoticeStatusValue | null;
  @Field(() => String, { nullable: true }) recipient?: string | null;
  @Field(() => String, { nullable: true }) topic?: string | null;
}
