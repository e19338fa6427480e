import { DepositRulesRecord } from './deposit-rules.entity';
import { DepositPaymentNotice, DepositTopUp } from './deposit-movement.entity';
import { DepositReturn } from './deposit-return.entity';
import { PaymentGuarantee } from './payment-guarantee.entity';
import { WageDeposit } from './wage-deposit.entity';

/** The deposit and guarantee duties (R1, R3): kept apart so that other areas' entities merge cleanly. */
export {
  DepositRulesRecord,
  DepositPaymentNotice,
  DepositTopUp,
  DepositReturn,
  PaymentGuarantee,
  WageDeposit,
};
export const DUTY_ENTITIES = [
  DepositRulesRecord,
  WageDeposit,
  DepositTopUp,
  DepositPaymentNotice,
  DepositReturn,
  PaymentGuarantee,
];
