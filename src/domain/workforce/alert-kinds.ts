/** The workforce's alert kinds (issue #10): beside the duty kinds in the alert table's kind list. */
export const WORKFORCE_ALERT_KINDS = ['WORKER_WITHOUT_CONTRACT'] as const;
export type WorkforceAlertKind = (typeof WORKFORCE_ALERT_KINDS)[number];
