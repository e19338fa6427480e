import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import {
  loadPayAlertRules,
  setPayAlertRules,
  type PayAlertRules,
} from '../../src/services/workforce/pay-alerts/rules';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';

@ObjectType('PayAlertRules', {
  description:
    'the pay alerts’ settings as data (README “What the hub watches about pay”); applied from the next evaluation',
})
export class PayAlertRulesType {
  @Field(() => Int, {
    description:
      'PAYMENT_FAILED_UNRESOLVED: working days after a line’s first failure by which it is paid again (default 5)',
  })
  failedPaymentWorkingDays!: number;
  @Field(() => Int, {
    description:
      'NO_LABOUR_WAGE_MANAGER: natural days after the construction permit by which the manager is appointed (default 10)',
  })
  managerDays!: number;
  @Field() setBy!: string;
  @Field() setAt!: Date;
}

@InputType('PayAlertRulesInput')
export class PayAlertRulesInput {
  @Field(() => Int, { nullable: true, description: '1–60; not given: unchanged' })
  failedPaymentWorkingDays?: number | null;
  @Field(() => Int, { nullable: true, description: '1–365; not given: unchanged' })
  managerDays?: number | null;
}

const typed = (r: PayAlertRules): PayAlertRulesType => Object.assign(new PayAlertRulesType(), r);

@Resolver()
export class PayAlertRulesResolver {
  @Query(() => PayAlertRulesType, { description: 'the pay alerts’ settings (any authenticated caller)' })
  async payAlertRules(@Ctx() ctx: GraphQLContext): Promise<PayAlertRulesType> {
    return typed(await loadPayAlertRules(serviceContext(ctx).em));
  }

  @Mutation(() => PayAlertRulesType, {
    description: 'city HRSS: the pay alerts’ settings; a value not given stays',
  })
  async setPayAlertRules(
    @Arg('input') input: PayAlertRulesInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PayAlertRulesType> {
    return typed(await inTransaction(ctx, (svc) => setPayAlertRules(svc, { ...input })));
  }
}
