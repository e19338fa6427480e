import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { isDutyKind, penaltyPrefill } from '../../../src/services/duties/alert-penalty';
import { parseMoney } from '../../../src/domain/money';
import { serviceContext, type GraphQLContext } from '../../context';
import { loaders } from '../../loaders';
import { DateScalar } from '../../scalars';
import { AlertType } from '../../types/alert';
import { AlertPenaltyType, DutyAlertDetailType } from '../../types/duties/guarantee-return';

@Resolver(() => AlertType)
export class DutyAlertResolver {
  @FieldResolver(() => DateScalar, {
    nullable: true,
    description:
      'a duty alert’s: the day the duty is to be put right by; past it, CORRECTION_OVERDUE. (A duty alert has no bank step: its bankNoticeDeadline and contractorReportDeadline are its dueDate)',
  })
  correctionDeadline(@Root() alert: AlertType): string | null {
    return alert.entity.correctionDeadline;
  }

  @FieldResolver(() => DutyAlertDetailType, {
    nullable: true,
    description:
      'for the duty kinds: DEPOSIT_*, GUARANTEE_EXPIRING, PAYMENT_GUARANTEE_MISSING, RIGHTS_BOARD_MISSING, SPECIAL_ACCOUNT_*, FUNDING_NOT_ARRANGED',
  })
  duty(@Root() alert: AlertType): DutyAlertDetailType | null {
    const a = alert.entity;
    if (!isDutyKind(a.kind)) return null;
    return Object.assign(new DutyAlertDetailType(), {
      required: a.details?.required ? parseMoney(a.details.required, 'details.required') : 0n,
      subjectId: a.details?.subjectId ?? null,
      reasons: a.details?.reasons ?? null,
    });
  }

  @FieldResolver(() => AlertPenaltyType, {
    nullable: true,
    description:
      'the penalty code its duty carries (P2 deposit, P3 rights-protection board, P4 payment guarantee and labour cost), to prefill imposePenalty',
  })
  async penalty(@Root() alert: AlertType, @Ctx() ctx: GraphQLContext): Promise<AlertPenaltyType | null> {
    serviceContext(ctx);
    const project = await loaders(ctx).project.load(alert.projectId);
    const prefill = project && penaltyPrefill(alert.entity, project);
    return prefill ? AlertPenaltyType.from(prefill) : null;
  }
}
