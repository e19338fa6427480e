import { DepositResolver } from './deposit.resolver';
import { DutyAlertResolver } from './duty-alert.resolver';
import { ProjectDutiesResolver } from './project-duties.resolver';
import { AccountDutiesResolver } from './account-duties.resolver';

/** The deposit and guarantee duties (R1, R3): schema/build-schema.ts spreads these into its list. */
export const DUTY_RESOLVERS = [
  DepositResolver,
  ProjectDutiesResolver,
  DutyAlertResolver,
  AccountDutiesResolver,
] as const;
