/** The owner's payment guarantee (工程款支付担保, R3), recorded with its form, amount and validity. */
import { assertIsoDate } from '../../domain/dates';
import { PAYMENT_GUARANTEE_FORMS, type PaymentGuaranteeForm } from '../../domain/duties/instruments';
import { badInput } from '../../domain/errors';
import { PaymentGuarantee } from '../../entities';
import { todayInShanghai } from '../../clock';
import { requiredText, type ServiceContext } from '../context';
import { assertStatedDate } from '../stated-date';
import { conflictOnDuplicate } from '../unique-violation';
import { assertGuaranteeRecorder, recorder } from './access';
import { dutyProject } from './deposits';
import { refreshProjectDuties } from './duty-sweep';

export interface PaymentGuaranteeInput {
  projectId: string;
  form: PaymentGuaranteeForm;
  issuer: string;
  number: string;
  amountFen: bigint;
  issuedOn: string;
  validFrom?: string | null;
  validUntil: string;
}

export async function recordPaymentGuarantee(
  ctx: ServiceContext,
  input: PaymentGuaranteeInput,
): Promise<PaymentGuarantee> {
  const project = await dutyProject(ctx, input.projectId);
  assertGuaranteeRecorder(ctx.caller, project);
  if (!(PAYMENT_GUARANTEE_FORMS as readonly string[]).includes(input.form))
    throw badInput('form', `must be one of ${PAYMENT_GUARANTEE_FORMS.join(', ')}`);
  const issuer = requiredText(input.issuer, 'issuer');
  const number = requiredText(input.number, 'number', 100);
  if (input.amountFen <= 0n) throw badInput('amount', 'must be more than 0');
  assertStatedDate(input.issuedOn, 'issuedOn');
  const validFrom = input.validFrom ?? input.issuedOn;
  assertIsoDate(validFrom, 'validFrom');
  assertIsoDate(input.validUntil, 'validUntil');
  if (validFrom < input.issuedOn)
    throw badInput('validFrom', `must not be before it was issued (${input.issuedOn})`);
  if (input.validUntil < validFrom)
    throw badInput('validUntil', `must not be before validFrom (${validFrom})`);
  const guarantee = ctx.em.create(PaymentGuarantee, {
    project,
    form: input.form,
    issuer,
    number,
    amountFen: input.amountFen,
    issuedOn: input.issuedOn,
    validFrom,
    validUntil: input.validUntil,
    recordedBy: recorder(ctx.caller),
  });
  await conflictOnDuplicate(
    () => ctx.em.flush(),
    `number: this project already has a ${input.form} numbered ${number}`,
    'number',
  );
  await refreshProjectDuties(ctx.em, [project.id], todayInShanghai());
  return guarantee;
}
