import { Field, ObjectType } from 'type-graphql';
import type { WebhookSecretRotation } from '../../src/services/bank-webhook-secret';
import { DateTimeScalar } from '../scalars';
import { BankType } from './core';

@ObjectType('BankWebhookSecretRotation', {
  description: "a bank's webhook secret, rotated: the new one signs from now on",
})
export class BankWebhookSecretRotationType {
  @Field(() => BankType) bank!: BankType;
  @Field(() => String, {
    nullable: true,
    description:
      'the new secret when the hub generated it (no newSecret given): in this answer only, never again; ' +
      'null when the caller gave it',
  })
  generatedSecret!: string | null;
  @Field(() => DateTimeScalar) rotatedAt!: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'pushes signed with the replaced secret are accepted until this instant; null: refused from now on',
  })
  previousSecretAcceptedUntil!: Date | null;

  static from(r: WebhookSecretRotation): BankWebhookSecretRotationType {
    return Object.assign(new BankWebhookSecretRotationType(), {
      bank: BankType.from(r.bank),
      generatedSecret: r.generatedSecret,
      rotatedAt: r.rotatedAt,
      previousSecretAcceptedUntil: r.previousSecretAcceptedUntil,
    });
  }
}
