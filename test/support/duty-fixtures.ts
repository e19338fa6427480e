import { randomBytes } from 'node:crypto';
import type { TestHub } from './test-hub';
import { must, seedBasics } from './fixtures';
import { SWEEP } from './compliance-fixtures';

export const DUTY_ALERT_FIELDS = `id kind status dueDate shortfall openedOn resolvedOn withdrawnOn bankNoticeDeadline
  contractorReportDeadline correctionDeadline deadlinesProvisional escalations { kind on retractedOn }
  duty { required subjectId reasons } penalty { code article partyUscc projectId consequence minFine maxFine }`;

export const RECORD_DEPOSIT = `mutation($i: WageDepositInput!) { recordWageDeposit(input: $i) {
  id projectId form issuer number bankCode amount depositedOn validFrom validUntil contractEndsOn } }`;
export const RECORD_GUARANTEE = `mutation($i: PaymentGuaranteeInput!) { recordPaymentGuarantee(input: $i) {
  id projectId form issuer number amount issuedOn validFrom validUntil } }`;
export const SET_RULES = `mutation($i: DepositRulesInput!) { setDepositRules(input: $i) {
  effectiveFrom baseRatioBp severalProjectsRatioBp cap exemptionBelow arrearsRaisePct listedRaisePct
  bankPayWorkingDays topUpWorkingDays correctionWorkingDays watchedFrom } }`;
export const FILE_FROM_ALERT = `mutation($a: ID!, $on: Date) { fileCaseFromAlert(alertId: $a, on: $on) {
  id source status claimedAmount employer { uscc } alertId } }`;

/** The national minimum rules of the migration, watched from `watchedFrom`. */
export const rulesInput = (watchedFrom: string | null, more: Record<string, unknown> = {}) => ({
  effectiveFrom: '2021-11-01',
  baseRatioBp: 100,
  exemptionBelow: '3000000.00',
  arrearsRaisePct: 50,
  listedRaisePct: 100,
  watchedFrom,
  ...more,
});

/**
 * A project in 平山区 (HOUSING) registered as city HRSS, with the tokens that act on its duties:
 * its contractor, the district HRSS, the housing authority and the bank of its seed.
 */
export async function dutyProject(
  t: TestHub,
  opts: {
    permitIssuedOn?: string | null;
    contractSignedOn?: string;
    contractPrice?: string;
    contractorUscc?: string;
    governmentInvestment?: boolean;
  } = {},
) {
  const seed = await seedBasics(t);
  const contractorUscc = opts.contractorUscc ?? seed.contractorUscc;
  const res = await must(
    t.gql<{ registerProject: { id: string } }>(
      seed.admin,
      `mutation($i: ProjectInput!) { registerProject(input: $i) { id } }`,
      {
        i: {
          name: `平山区安置房${randomBytes(2).toString('hex')}`,
          districtCode: '210502',
          industry: 'HOUSING',
          ownerUscc: seed.ownerUscc,
          contractorUscc,
          contractPrice: opts.contractPrice ?? '12000000.00',
          contractSignedOn: opts.contractSignedOn ?? '2026-08-01',
          permitIssuedOn: opts.permitIssuedOn === undefined ? '2026-09-10' : opts.permitIssuedOn,
          ...(opts.governmentInvestment ? { governmentInvestment: true } : {}),
        },
      },
    ),
  );
  const projectId = res.registerProject.id;
  const contractor = t.token({ org: 'CONTRACTOR', uscc: contractorUscc });
  const hrss = t.token({ org: 'HRSS', district: '210502' });
  const housing = t.token({ org: 'HOUSING', district: '210502' });
  const bank = t.token({ org: 'BANK', bank: seed.bankCode });
  const sweep = async (asOf: string) =>
    (await must(t.gql<{ runComplianceSweep: Record<string, unknown> }>(seed.admin, SWEEP, { d: asOf })))
      .runComplianceSweep;
  const alerts = async (kind: string, token = seed.admin) =>
    (
      await must(
        t.gql<{ project: { alerts: { edges: { node: any }[] } } }>(
          token,
          `query($id: ID!, $k: AlertKind) { project(id: $id) { alerts(first: 50, filter: { kind: $k }) {
             edges { node { ${DUTY_ALERT_FIELDS} } } } } }`,
          { id: projectId, k: kind },
        ),
      )
    ).project.alerts.edges.map((e) => e.node);
  const deposit = (i: Record<string, unknown>, token = contractor) =>
    t.gql<{ recordWageDeposit: any }>(token, RECORD_DEPOSIT, {
      i: { projectId, issuer: '中国工商银行本溪分行', number: `BZJ-${randomBytes(3).toString('hex')}`, ...i },
    });
  const guarantee = (i: Record<string, unknown>, token = contractor) =>
    t.gql<{ recordPaymentGuarantee: any }>(token, RECORD_GUARANTEE, {
      i: {
        projectId,
        form: 'BANK_GUARANTEE',
        issuer: '中国银行本溪分行',
        number: `ZFDB-${randomBytes(3).toString('hex')}`,
        ...i,
      },
    });
  return {
    ...seed,
    contractorUscc,
    projectId,
    contractor,
    hrss,
    housing,
    bank,
    sweep,
    alerts,
    deposit,
    guarantee,
  };
}
