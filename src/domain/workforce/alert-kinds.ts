/** The workforce's alert kinds (issue #10): beside the duty kinds in the alert table's kind list. */
export const WORKFORCE_ALERT_KINDS = [
  'WORKER_WITHOUT_CONTRACT',
  // R6, src/services/workforce/pay-alerts: what the hub watches about pay
  'ATTENDED_NOT_PAID',
  'PAID_OUTSIDE_PAYROLL',
  'PAY_BELOW_MINIMUM_WAGE',
  'PAYMENT_FAILED_UNRESOLVED',
  'NO_LABOUR_WAGE_MANAGER',
] as const;
export type WorkforceAlertKind = (typeof WORKFORCE_ALERT_KINDS)[number];

export const PAY_ALERT_KINDS = [
  'ATTENDED_NOT_PAID',
  'PAID_OUTSIDE_PAYROLL',
  'PAY_BELOW_MINIMUM_WAGE',
  'PAYMENT_FAILED_UNRESOLVED',
  'NO_LABOUR_WAGE_MANAGER',
] as const satisfies readonly WorkforceAlertKind[];
export type PayAlertKind = (typeof PAY_ALERT_KINDS)[number];
