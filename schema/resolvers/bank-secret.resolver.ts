import { Arg, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import {
  DEFAULT_OVERLAP_HOURS,
  MAX_OVERLAP_HOURS,
  rotateBankWebhookSecret,
} from '../../src/services/bank-webhook-secret';
import { inTransaction, type GraphQLContext } from '../context';
import { BankWebhookSecretRotationType } from '../types/bank-secret';

@Resolver()
export class BankWebhookSecretResolver {
  @Mutation(() => BankWebhookSecretRotationType, {
    description:
      "city HRSS only: replaces a bank's webhook secret; the replaced one is still accepted for overlapHours, " +
      'so the bank can switch without a refused push (docs/operations.md)',
  })
  async rotateBankWebhookSecret(
    @Arg('bankCode') bankCode: string,
    @Arg('newSecret', () => String, {
      nullable: true,
      description:
        'whsec_ + base64 of 24–64 random bytes; omitted: the hub generates one and answers it once',
    })
    newSecret: string | null | undefined,
    @Arg('overlapHours', () => Int, {
      nullable: true,
      description: `hours the replaced secret stays accepted, 0–${MAX_OVERLAP_HOURS} (default ${DEFAULT_OVERLAP_HOURS}); 0 refuses it at once`,
    })
    overlapHours: number | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BankWebhookSecretRotationType> {
    // Named in the audit entry even when refused: who tried to rotate which bank's secret.
    ctx.auditObjectIds = [...(ctx.auditObjectIds ?? []), `bank:${bankCode.slice(0, 32)}`];
    const rotation = await inTransaction(ctx, (svc) =>
      rotateBankWebhookSecret(svc, { bankCode, newSecret, overlapHours }),
    );
    return BankWebhookSecretRotationType.from(rotation);
  }
}
