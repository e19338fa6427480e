import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('RejectedEvent')
export class RejectedEventType {
  @Field(() => Int, { description: 'position of the event in the batch, from 0' }) index!: number;
  @Field({ description: 'machine-readable reason, e.g. INVALID_AMOUNT' }) code!: string;
  @Field({ description: 'what is wrong, naming the field' }) message!: string;
}

@ObjectType('IngestResult')
export class IngestResultType {
  @Field(() => Int) accepted!: number;
  @Field(() => Int) duplicates!: number;
  @Field(() => Int, {
    description: 'accepted events for accounts not yet registered; they join on registration',
  })
  unmatched!: number;
  @Field(() => [RejectedEventType]) rejected!: RejectedEventType[];
}
