import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { InboundDocumentRecord } from '../../src/entities';
import { DateTimeScalar } from '../scalars';
import { ConnectionType } from './connection';

/** The unit a bank's amounts count in; the profile option `amountUnit` stores it lower-case. */
export enum AmountUnit {
  YUAN = 'yuan',
  FEN = 'fen',
}
registerEnumType(AmountUnit, {
  name: 'AmountUnit',
  description:
    "YUAN (decimal yuan, the default) | FEN (an integer count of fen) — what a bank's amounts count",
});

/** An archived bank push: metadata only; the bytes never leave the hub through the API. */
@ObjectType('InboundDocument', {
  description: 'A pushed document kept as received (city HRSS); the counts are those of its intake.',
})
export class InboundDocumentType {
  @Field(() => ID) id!: string;
  @Field() bankCode!: string;
  @Field({ description: 'media type without parameters, e.g. application/xml' }) contentType!: string;
  @Field(() => String, { nullable: true, description: 'the charset parameter the bank sent, if any' })
  charset!: string | null;
  @Field({ description: 'hex SHA-256 of the bytes as received' }) sha256!: string;
  @Field(() => Int, { description: 'bytes' }) size!: number;
  @Field(() => DateTimeScalar) receivedAt!: Date;
  @Field({ description: 'the adapter that read it, e.g. iso20022, icbc-cms, cmb-cmbsdkpgk' })
  adapter!: string;
  @Field(() => String, { nullable: true, description: '?accountNo= of the push URL' })
  accountNoHint!: string | null;
  @Field(() => String, { nullable: true, description: 'the webhook-id header of the delivery' })
  webhookId!: string | null;
  @Field(() => Int) accepted!: number;
  @Field(() => Int) duplicates!: number;
  @Field(() => Int) unmatched!: number;
  @Field(() => Int, { description: 'how many rows were rejected' }) rejected!: number;

  static from(d: InboundDocumentRecord): InboundDocumentType {
    return Object.assign(new InboundDocumentType(), {
      id: d.id,
      bankCode: d.bank.code,
      contentType: d.contentType,
      charset: d.charset,
      sha256: d.sha256,
      size: d.size,
      receivedAt: d.receivedAt,
      adapter: d.adapter,
      accountNoHint: d.accountNoHint,
      webhookId: d.webhookId,
      accepted: d.accepted,
      duplicates: d.duplicates,
      unmatched: d.unmatched,
      rejected: d.rejected,
    });
  }
}

export const InboundDocumentConnection = ConnectionType(InboundDocumentType, 'InboundDocument');
