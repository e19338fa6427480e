import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../support/test-hub';
import { SWEEP } from '../support/compliance-fixtures';
import { must, registerAgreement, registerProject, seedBasics } from '../support/fixtures';

const REGISTER = `mutation($i: TripartiteAgreementInput!) { registerTripartiteAgreement(input: $i) {
  id laborCostPerCycle startsOn endsOn supersedes { id laborCostPerCycle } supersededBy { id } } }`;

/**
 * Agreement succession (补充协议). The first agreement: ¥500,000.00 a month due on the 15th from
 * 2026-01-01, paid for January and February. The owner and contractor sign a supplementary
 * agreement from 2026-03-01 at ¥300,000.00 and the owner pays that on 03-13. Evaluated beside it,
 * the old terms would call March (due Monday 03-16, the 15th being a Sunday) ¥200,000.00 short.
 */
describe('a supplementary agreement replaces the one it supersedes from its startsOn', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
  });
  afterAll(() => t.close());

  async function paidOnOldTermsThenNew() {
    const seed = await seedBasics(t);
    const projectId = await registerProject(t, seed.admin, seed);
    const accountNo = `6222${randomUUID().replace(/\D/g, '').slice(0, 14)}`;
    const terms = { projectId, bankCode: seed.bankCode, accountNo, dueDay: 15 };
    const oldId = await registerAgreement(t, seed.admin, {
      ...terms,
      laborCostPerCycle: '500000.00',
      startsOn: '2026-01-01',
    });
    const bank = t.token({ org: 'BANK', bank: seed.bankCode });
    const credits = [
      ['500000.00', '2026-01-14T10:00:00+08:00'],
      ['500000.00', '2026-02-13T10:00:00+08:00'],
      ['300000.00', '2026-03-13T10:00:00+08:00'],
    ].map(([amount, bookedAt], i) => ({
      bankEventId: `${accountNo}-${i}`,
      accountNo,
      type: 'CREDIT',
      amount,
      bookedAt,
    }));
    await must(
      t.gql(bank, `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted } }`, {
        e: credits,
      }),
    );
    const register = (over: Record<string, unknown>) =>
      t.gql<{ registerTripartiteAgreement: any }>(seed.admin, REGISTER, {
        i: { ...terms, laborCostPerCycle: '300000.00', startsOn: '2026-03-01', ...over },
      });
    const sweep = (asOf: string) => must(t.gql(seed.admin, SWEEP, { d: asOf }));
    const alerts = async () =>
      (
        await must(
          t.gql<{ project: { alerts: { edges: { node: any }[] } } }>(
            seed.admin,
            `query($id: ID!) { project(id: $id) { alerts(first: 10) { edges { node { dueDate status shortfall } } } } }`,
            { id: projectId },
          ),
        )
      ).project.alerts.edges.map((e) => e.node);
    return { ...seed, projectId, oldId, register, sweep, alerts };
  }

  it('beside a plain second agreement the old terms raise the false ¥200,000 alert; superseded, they do not', async () => {
    const plain = await paidOnOldTermsThenNew();
    await must(plain.register({}));
    await plain.sweep('2026-03-31');
    expect(await plain.alerts()).toEqual([{ dueDate: '2026-03-16', status: 'OPEN', shortfall: '200000.00' }]);

    const s = await paidOnOldTermsThenNew();
    const created = (await must(s.register({ supersedes: s.oldId }))).registerTripartiteAgreement;
    // the old terms stay visible, as registered
    expect(created.supersedes).toEqual({ id: s.oldId, laborCostPerCycle: '500000.00' });
    expect(created.supersededBy).toBeNull();
    await s.sweep('2026-03-31');
    expect(await s.alerts()).toEqual([]);
  });

  it('registered after the old terms raised the alert, it withdraws it at the next sweep', async () => {
    const s = await paidOnOldTermsThenNew();
    await s.sweep('2026-03-16');
    expect(await s.alerts()).toEqual([{ dueDate: '2026-03-16', status: 'OPEN', shortfall: '200000.00' }]);
    await must(s.register({ supersedes: s.oldId }));
    expect(await s.sweep('2026-03-17')).toMatchObject({ runComplianceSweep: { alertsWithdrawn: 1 } });
    expect(await s.alerts()).toEqual([
      { dueDate: '2026-03-16', status: 'WITHDRAWN', shortfall: '200000.00' },
    ]);
    const view = await must(
      t.gql<{ project: { agreement: any } }>(
        s.admin,
        `query($id: ID!) { project(id: $id) { agreement { laborCostPerCycle supersedes { id endsOn supersededBy { laborCostPerCycle } } } } }`,
        { id: s.projectId },
      ),
    );
    expect(view.project.agreement).toEqual({
      laborCostPerCycle: '300000.00',
      supersedes: { id: s.oldId, endsOn: null, supersededBy: { laborCostPerCycle: '300000.00' } },
    });
  });

  it('the old agreement owes exactly the cycles nominally due before the new startsOn', async () => {
    const s = await paidOnOldTermsThenNew();
    await must(s.register({ supersedes: s.oldId, startsOn: '2026-02-20' }));
    // February's cycle (due 02-24) belongs to the new terms now: nothing is short
    await s.sweep('2026-03-31');
    expect(await s.alerts()).toEqual([]);
    const late = await paidOnOldTermsThenNew();
    await must(late.register({ supersedes: late.oldId, startsOn: '2026-04-01' }));
    await late.sweep('2026-03-31');
    expect(await late.alerts()).toEqual([{ dueDate: '2026-03-16', status: 'OPEN', shortfall: '200000.00' }]);
  });

  it('refuses an unknown, foreign, not later or already superseded agreement, naming supersedes', async () => {
    const s = await paidOnOldTermsThenNew();
    const other = await paidOnOldTermsThenNew();
    const refusal = async (over: Record<string, unknown>) => (await s.register(over)).errors?.[0];
    for (const supersedes of [randomUUID(), 'not-an-id', other.oldId]) {
      expect(await refusal({ supersedes })).toMatchObject({
        message: `supersedes: no agreement ${supersedes} on this project's special account`,
        extensions: { code: 'BAD_USER_INPUT', field: 'supersedes' },
      });
    }
    for (const startsOn of ['2026-01-01', '2025-12-01']) {
      expect(await refusal({ supersedes: s.oldId, startsOn })).toMatchObject({
        message: 'supersedes: the new agreement must start after the one it supersedes (2026-01-01)',
        extensions: { code: 'BAD_USER_INPUT', field: 'supersedes' },
      });
    }
    const first = (await must(s.register({ supersedes: s.oldId }))).registerTripartiteAgreement;
    expect(await refusal({ supersedes: s.oldId, startsOn: '2026-05-01' })).toMatchObject({
      message: `supersedes: agreement ${s.oldId} is already superseded by ${first.id}`,
      extensions: { code: 'CONFLICT', field: 'supersedes' },
    });
  });
});
