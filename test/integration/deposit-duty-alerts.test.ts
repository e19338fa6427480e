import type { TestHub } from '../support/test-hub';
import { useDutyHub } from '../support/duty-hub';
import { must } from '../support/fixtures';
import { dutyProject, FILE_FROM_ALERT } from '../support/duty-fixtures';
import { TEST_2027 } from '../support/test-calendar-2027';
import { setClock } from '../../src/clock';
import { TEST_NOW } from '../support/test-clock';

/**
 * Each duty alert kind (R1, R3) through its life on the 2026 calendar: it opens when its deadline
 * has passed (or, for a guarantee, a month before it ends), is sent to the party the duty is on,
 * the district HRSS and the housing authority, escalates past its correction deadline (to them
 * and the Liaoning warning system), becomes a case and names its penalty, and resolves when the
 * facts catch up.
 */
describe('deposit and guarantee duty alerts', () => {
  let t: TestHub;
  const { notices } = useDutyHub((hub) => {
    t = hub;
  });

  /** A payment guarantee over the whole period, so that only the deposit's alerts are in view. */
  const guaranteed = async (p: Awaited<ReturnType<typeof dutyProject>>) =>
    must(p.guarantee({ amount: '1000000.00', issuedOn: '2025-09-01', validUntil: '2028-12-31' }));

  it('DEPOSIT_MISSING: permit 2026-09-10, due 2026-10-14 across Mid-Autumn and National Day', async () => {
    const p = await dutyProject(t, { permitIssuedOn: '2026-09-10' });
    await guaranteed(p);
    await p.sweep('2026-10-13');
    expect(await p.alerts('DEPOSIT_MISSING')).toEqual([]);

    await p.sweep('2026-10-14');
    const [opened] = await p.alerts('DEPOSIT_MISSING');
    expect(opened).toMatchObject({
      status: 'OPEN',
      dueDate: '2026-10-14',
      openedOn: '2026-10-14',
      shortfall: '120000.00', // 1 % of ¥12,000,000
      correctionDeadline: '2026-10-28',
      bankNoticeDeadline: '2026-10-14',
      escalations: [],
      duty: { required: '120000.00', subjectId: null },
      penalty: {
        code: 'P2',
        article: 'art. 55',
        partyUscc: p.contractorUscc,
        consequence: 'STOP_WORK',
        minFine: '50000.00',
      },
    });
    expect(await notices(opened.id)).toEqual([
      'ALERT_OPENED ENTERPRISE:' + p.contractorUscc,
      'ALERT_OPENED HOUSING:210502',
      'ALERT_OPENED HRSS:210502',
    ]);
    // not yet past its correction period: no case from it
    const early = await t.gql(p.admin, FILE_FROM_ALERT, { a: opened.id });
    expect(early.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(early.errors?.[0].message).toMatch(/correction deadline.*2026-10-28/);

    await p.sweep('2026-10-29');
    const [escalated] = await p.alerts('DEPOSIT_MISSING');
    expect(escalated.escalations).toEqual([
      { kind: 'CORRECTION_OVERDUE', on: '2026-10-29', retractedOn: null },
    ]);
    expect(await notices(opened.id)).toEqual(
      expect.arrayContaining([
        'ALERT_ESCALATED ENTERPRISE:' + p.contractorUscc,
        'ALERT_ESCALATED HOUSING:210502',
        'ALERT_ESCALATED HRSS:210502',
        'WARNING_SYSTEM_HANDOVER LIAONING_WARNING_SYSTEM',
      ]),
    );
    const filed = await must(
      t.gql<{ fileCaseFromAlert: any }>(p.admin, FILE_FROM_ALERT, { a: opened.id, on: '2026-10-30' }),
    );
    expect(filed.fileCaseFromAlert).toMatchObject({
      source: 'ALERT',
      claimedAmount: '0.00',
      employer: { uscc: p.contractorUscc },
      alertId: opened.id,
    });

    // deposited late: resolved at once, on the day it was paid in, with the notices
    await must(p.deposit({ form: 'CASH_ACCOUNT', amount: '120000.00', depositedOn: '2026-11-02' }));
    const [resolved] = await p.alerts('DEPOSIT_MISSING');
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedOn: '2026-11-02' });
    expect(await notices(opened.id)).toEqual(
      expect.arrayContaining(['ALERT_RESOLVED ENTERPRISE:' + p.contractorUscc, 'ALERT_RESOLVED HRSS:210502']),
    );
    // a later sweep of an earlier day undoes nothing
    await p.sweep('2026-10-20');
    expect((await p.alerts('DEPOSIT_MISSING'))[0]).toMatchObject({
      status: 'RESOLVED',
      resolvedOn: '2026-11-02',
    });
  });

  it('DEPOSIT_TOP_UP_OVERDUE: paid from the deposit on 2026-09-30, topped up by 2026-10-20', async () => {
    const p = await dutyProject(t, { permitIssuedOn: '2026-03-02', contractSignedOn: '2026-02-02' });
    await guaranteed(p);
    const dep = await must(
      p.deposit({
        form: 'CASH_ACCOUNT',
        amount: '120000.00',
        depositedOn: '2026-03-10',
        bankCode: p.bankCode,
      }),
    );
    const depositId = dep.recordWageDeposit.id;
    const notice = await must(
      t.gql<{ recordDepositPaymentNotice: any }>(
        p.hrss,
        `mutation($i: DepositPaymentNoticeInput!) { recordDepositPaymentNotice(input: $i) { id payBy late paidOn } }`,
        { i: { depositId, amount: '50000.00', noticeOn: '2026-09-24' } },
      ),
    );
    // across Mid-Autumn and National Day: 09-28…30, 10-08, 10-09
    expect(notice.recordDepositPaymentNotice).toMatchObject({ payBy: '2026-10-09', paidOn: null });
    const PAID = `mutation($n: ID!, $d: Date!) { recordDepositPaid(noticeId: $n, paidOn: $d) { paidOn late } }`;
    const stranger = await t.gql(p.contractor, PAID, {
      n: notice.recordDepositPaymentNotice.id,
      d: '2026-09-30',
    });
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const paid = await must(
      t.gql<{ recordDepositPaid: any }>(p.bank, PAID, {
        n: notice.recordDepositPaymentNotice.id,
        d: '2026-09-30',
      }),
    );
    expect(paid.recordDepositPaid).toEqual({ paidOn: '2026-09-30', late: false });

    await p.sweep('2026-10-19');
    expect(await p.alerts('DEPOSIT_TOP_UP_OVERDUE')).toEqual([]);
    await p.sweep('2026-10-20');
    const [opened] = await p.alerts('DEPOSIT_TOP_UP_OVERDUE');
    expect(opened).toMatchObject({
      dueDate: '2026-10-20',
      shortfall: '50000.00',
      correctionDeadline: '2026-11-03',
      duty: { subjectId: notice.recordDepositPaymentNotice.id },
      penalty: { code: 'P2' },
    });
    expect(await notices(opened.id)).toContain('ALERT_OPENED ENTERPRISE:' + p.contractorUscc);
    await p.sweep('2026-11-04');
    expect((await p.alerts('DEPOSIT_TOP_UP_OVERDUE'))[0].escalations).toEqual([
      { kind: 'CORRECTION_OVERDUE', on: '2026-11-04', retractedOn: null },
    ]);
    await must(
      t.gql(
        p.contractor,
        `mutation($d: ID!, $a: Money!, $on: Date!) { recordDepositTopUp(depositId: $d, amount: $a, toppedUpOn: $on) { id } }`,
        { d: depositId, a: '50000.00', on: '2026-11-05' },
      ),
    );
    expect((await p.alerts('DEPOSIT_TOP_UP_OVERDUE'))[0]).toMatchObject({
      status: 'RESOLVED',
      resolvedOn: '2026-11-05',
    });
    expect(await notices(opened.id)).toContain('ALERT_RESOLVED ENTERPRISE:' + p.contractorUscc);
  });

  it('GUARANTEE_EXPIRING: a 保函 ending 2026-11-04 is reminded on 2026-10-04, escalates on 11-05, resolves on renewal', async () => {
    const p = await dutyProject(t, { permitIssuedOn: '2025-10-20', contractSignedOn: '2025-10-01' });
    await guaranteed(p);
    await must(
      p.deposit({
        form: 'BANK_GUARANTEE',
        amount: '120000.00',
        depositedOn: '2025-11-05',
        validUntil: '2026-11-04',
        contractEndsOn: '2026-10-31',
      }),
    );
    await p.sweep('2026-10-03');
    expect(await p.alerts('GUARANTEE_EXPIRING')).toEqual([]);
    await p.sweep('2026-10-04');
    const [opened] = await p.alerts('GUARANTEE_EXPIRING');
    expect(opened).toMatchObject({
      openedOn: '2026-10-04',
      dueDate: '2026-11-04',
      correctionDeadline: '2026-11-04',
      shortfall: '120000.00',
    });
    expect(await notices(opened.id)).toEqual([
      'ALERT_OPENED ENTERPRISE:' + p.contractorUscc,
      'ALERT_OPENED HOUSING:210502',
      'ALERT_OPENED HRSS:210502',
    ]);
    await p.sweep('2026-11-05');
    expect((await p.alerts('GUARANTEE_EXPIRING'))[0].escalations).toEqual([
      { kind: 'CORRECTION_OVERDUE', on: '2026-11-05', retractedOn: null },
    ]);
    expect(await notices(opened.id)).toContain('WARNING_SYSTEM_HANDOVER LIAONING_WARNING_SYSTEM');
    await must(
      p.deposit({
        form: 'BANK_GUARANTEE',
        amount: '120000.00',
        depositedOn: '2026-11-10',
        validUntil: '2027-11-09',
        contractEndsOn: '2027-06-30',
      }),
    );
    expect((await p.alerts('GUARANTEE_EXPIRING'))[0]).toMatchObject({
      status: 'RESOLVED',
      resolvedOn: '2026-11-10',
    });
    expect(await p.alerts('DEPOSIT_MISSING')).toEqual([]); // made on time: the lapse is the guarantee's alert
  });

  it("PAYMENT_GUARANTEE_MISSING: the owner's, from the permit; P4 on the owner", async () => {
    const p = await dutyProject(t, { permitIssuedOn: '2026-09-10' });
    await must(p.deposit({ form: 'CASH_ACCOUNT', amount: '120000.00', depositedOn: '2026-09-15' }));
    await p.sweep('2026-09-10');
    const [opened] = await p.alerts('PAYMENT_GUARANTEE_MISSING');
    expect(opened).toMatchObject({
      dueDate: '2026-09-10',
      shortfall: '0.00',
      // 09-11, 14…18, Sunday 09-20 (worked), 09-21…23
      correctionDeadline: '2026-09-23',
      penalty: { code: 'P4', article: 'art. 57', partyUscc: p.ownerUscc, consequence: 'STOP_WORK' },
    });
    expect(await notices(opened.id)).toEqual([
      'ALERT_OPENED ENTERPRISE:' + p.ownerUscc,
      'ALERT_OPENED HOUSING:210502',
      'ALERT_OPENED HRSS:210502',
    ]);
    await p.sweep('2026-09-24');
    expect((await p.alerts('PAYMENT_GUARANTEE_MISSING'))[0].escalations).toEqual([
      { kind: 'CORRECTION_OVERDUE', on: '2026-09-24', retractedOn: null },
    ]);
    const filed = await must(
      t.gql<{ fileCaseFromAlert: any }>(p.housing, FILE_FROM_ALERT, { a: opened.id, on: '2026-09-25' }),
    );
    expect(filed.fileCaseFromAlert).toMatchObject({ employer: { uscc: p.ownerUscc }, claimedAmount: '0.00' });
    await must(
      p.guarantee({ amount: '2000000.00', issuedOn: '2026-10-08', validUntil: '2027-12-31' }, p.housing),
    );
    expect((await p.alerts('PAYMENT_GUARANTEE_MISSING'))[0]).toMatchObject({
      status: 'RESOLVED',
      resolvedOn: '2026-10-08',
    });
    expect(await notices(opened.id)).toContain('ALERT_RESOLVED ENTERPRISE:' + p.ownerUscc);
  });

  it('a back-dated deposit shows no miss happened: the alert is withdrawn and its escalation retracted', async () => {
    const p = await dutyProject(t, { permitIssuedOn: '2026-09-10' });
    await guaranteed(p);
    await p.sweep('2026-10-29');
    const [opened] = await p.alerts('DEPOSIT_MISSING');
    expect(opened.escalations).toHaveLength(1);
    await must(p.deposit({ form: 'CASH_ACCOUNT', amount: '120000.00', depositedOn: '2026-10-12' }, p.hrss));
    await p.sweep('2026-10-30');
    const [withdrawn] = await p.alerts('DEPOSIT_MISSING');
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(withdrawn.escalations[0].retractedOn).toBe('2026-12-01');
    expect(await notices(opened.id)).toEqual(
      expect.arrayContaining([
        'ALERT_WITHDRAWN ENTERPRISE:' + p.contractorUscc,
        'ESCALATION_RETRACTED HRSS:210502',
      ]),
    );
  });

  it('a correction deadline in a year not loaded is provisional, and exact once city HRSS loads the year', async () => {
    setClock('2026-12-23T10:00:00+08:00');
    try {
      const p = await dutyProject(t, { permitIssuedOn: '2026-12-21', contractSignedOn: '2026-12-01' });
      await p.sweep('2026-12-21');
      // 12-22…25, 12-28…31 (8), 01-01 a fixed holiday, 01-04 (9), 01-05 (10): on the provisional rule
      expect((await p.alerts('PAYMENT_GUARANTEE_MISSING'))[0]).toMatchObject({
        correctionDeadline: '2027-01-05',
        deadlinesProvisional: true,
      });
      await must(
        t.gql(
          t.token({ org: 'HRSS', district: '210500' }),
          `mutation($y: Int!, $h: [Date!]!, $w: [Date!]!) { setCalendarYear(year: $y, holidays: $h, workdays: $w) { year } }`,
          { y: 2027, h: TEST_2027.holidays, w: TEST_2027.workdays },
        ),
      );
      expect(
        (await p.alerts('PAYMENT_GUARANTEE_MISSING', t.token({ org: 'HRSS', district: '210500' })))[0],
      ).toMatchObject({
        correctionDeadline: '2027-01-05',
        deadlinesProvisional: false,
      });
    } finally {
      setClock(TEST_NOW);
    }
  });
});
