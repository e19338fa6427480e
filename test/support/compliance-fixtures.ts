import { randomBytes } from 'node:crypto';
import type { TestHub } from './test-hub';
import { CITY_HRSS, must, registerAgreement, registerProject, seedBasics } from './fixtures';
import type { SweepReport } from '../../src/services/compliance/sweep';

export const SWEEP = `mutation($d: Date!) { runComplianceSweep(asOf: $d) {
  asOf alertsOpened alertsResolved alertsWithdrawn escalations agreementsEvaluated problems } }`;

export const ALERT_FIELDS = `id kind status dueDate shortfall openedOn resolvedOn withdrawnOn bankNoticeDeadline
  contractorNotifiedAt contractorReportDeadline contractorReportedAt escalations { kind on } project { id }`;

/** What `runComplianceSweep` answers: the service's report, as JSON. */
export type { SweepReport };

/** A project with an agreement of 300,000.00 due on the 15th, at a bank of its own, from startsOn. */
export async function agreementScenario(
  t: TestHub,
  opts: { startsOn?: string; dueDay?: number; districtCode?: string } = {},
) {
  const seed = await seedBasics(t);
  const projectId = await registerProject(t, seed.admin, { ...seed, districtCode: opts.districtCode });
  const accountNo = `62220207${randomBytes(5).toString('hex').replace(/[a-f]/g, '7')}`;
  await registerAgreement(t, seed.admin, {
    projectId,
    bankCode: seed.bankCode,
    accountNo,
    laborCostPerCycle: '300000.00',
    dueDay: opts.dueDay ?? 15,
    startsOn: opts.startsOn ?? '2026-01-01',
  });
  const bankToken = t.token({ org: 'BANK', bank: seed.bankCode });
  const contractorToken = t.token({ org: 'CONTRACTOR', uscc: seed.contractorUscc });
  let n = 0;
  const credit = async (amount: string, bookedAt: string) => {
    n += 1;
    const res = await must(
      t.gql<{ ingestAccountEvents: { accepted: number } }>(
        bankToken,
        `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted } }`,
        { e: [{ bankEventId: `${accountNo}-${n}`, accountNo, type: 'CREDIT', amount, bookedAt }] },
      ),
    );
    if (res.ingestAccountEvents.accepted !== 1) throw new Error('credit not accepted');
  };
  const sweep = async (asOf: string) =>
    (await must(t.gql<{ runComplianceSweep: SweepReport }>(seed.admin, SWEEP, { d: asOf })))
      .runComplianceSweep;
  const alerts = async (token = seed.admin) =>
    (
      await must(
        t.gql<{ project: { alerts: { totalCount: number; edges: { node: any }[] } } }>(
          token,
          `query($id: ID!) { project(id: $id) { alerts(first: 50) { totalCount edges { node { ${ALERT_FIELDS} } } } } }`,
          { id: projectId },
        ),
      )
    ).project.alerts.edges.map((e) => e.node);
  return { ...seed, projectId, accountNo, bankToken, contractorToken, credit, sweep, alerts };
}

/** A hotline claim of 9,000.00 for two workers against a scenario's contractor, received 2026-09-01. */
export async function fileHotlineClaim(
  t: TestHub,
  scenario: { projectId: string; contractorUscc: string },
): Promise<void> {
  const claim = {
    source: 'HOTLINE',
    projectId: scenario.projectId,
    employerUscc: scenario.contractorUscc,
    workers: 2,
    amount: '9000.00',
    receivedOn: '2026-09-01',
  };
  await must(
    t.gql(t.token(CITY_HRSS), `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`, {
      i: claim,
    }),
  );
}
