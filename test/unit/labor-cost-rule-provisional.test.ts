/**
 * The labour-cost rule with next year's calendar not loaded: the miss is raised on its due date
 * whatever the calendar; deadlines that reach into the missing year are computed provisionally and
 * the cycle is flagged; earlier cycles are exact; loading the year gives the real dates.
 */
import { WorkingCalendar } from '../../src/domain/calendar';
import { evaluateLaborCost, type AgreementTerms, type ChainFacts } from '../../src/domain/labor-cost-rule';
import { TEST_2027 } from '../support/test-calendar-2027';

const without2027 = WorkingCalendar.builtIn();
const with2027 = without2027.withYear(TEST_2027);
const PER = 100_000n;
const terms = (over: Partial<AgreementTerms> = {}): AgreementTerms => ({
  laborCostPerCycleFen: PER,
  dueDay: 28,
  startsOn: '2026-10-01',
  endsOn: null,
  ...over,
});
const none = (): ChainFacts => ({ contractorNotifiedOn: null, contractorReportedOn: null });
const brief = (m: ReturnType<typeof evaluateLaborCost>[number]) => ({
  dueDate: m.dueDate,
  bank: m.bankNoticeDeadline,
  contractor: m.contractorReportDeadline,
  provisional: m.deadlinesProvisional,
});

describe('a cycle due Mon 2026-12-28 with 2027 not loaded', () => {
  it('is raised on its due date with a provisional January deadline; earlier cycles are exact', () => {
    const misses = evaluateLaborCost(terms(), [], without2027, '2026-12-28', none);
    expect(misses.map(brief)).toEqual([
      { dueDate: '2026-10-28', bank: '2026-11-02', contractor: '2026-11-05', provisional: false },
      // Saturday 11-28 moves to Monday 11-30.
      { dueDate: '2026-11-30', bank: '2026-12-03', contractor: '2026-12-08', provisional: false },
      // Tue 29, Wed 30, Thu 31; then Fri 2027-01-01 (元旦, fixed) off, Mon 4, Tue 5, Wed 6.
      { dueDate: '2026-12-28', bank: '2026-12-31', contractor: '2027-01-06', provisional: true },
    ]);
    expect(misses[2]).toMatchObject({ openedOn: '2026-12-28', shortfallFen: 3n * PER, escalations: [] });
  });

  it('escalates on its provisional deadlines as their days come, in an unloaded January', () => {
    const [, , december] = evaluateLaborCost(terms(), [], without2027, '2027-01-07', none);
    expect(december.escalations).toEqual([
      { kind: 'BANK_NOTICE_OVERDUE', on: '2027-01-01' },
      { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2027-01-07' },
    ]);
    expect(december.deadlinesProvisional).toBe(true);
  });

  it('a bank notice recorded on Dec 31 gives a provisional report deadline from it', () => {
    const notified = () => ({ contractorNotifiedOn: '2026-12-31', contractorReportedOn: null });
    const [, , december] = evaluateLaborCost(terms(), [], without2027, '2026-12-31', notified);
    expect(brief(december)).toEqual({
      dueDate: '2026-12-28',
      bank: '2026-12-31',
      contractor: '2027-01-06',
      provisional: true,
    });
  });

  it('with 2027 loaded the same cycle is exact', () => {
    const misses = evaluateLaborCost(terms(), [], with2027, '2026-12-28', none);
    expect(misses.map((m) => m.deadlinesProvisional)).toEqual([false, false, false]);
    expect(brief(misses[2]).contractor).toBe('2027-01-06');
  });
});

describe('a cycle due in the missing year itself', () => {
  // Thu 2027-01-28. Provisionally Fri 29, Mon Feb 1, Tue Feb 2 and then Wed 3, Thu 4, Fri 5;
  // with the test 2027, Saturday 01-30 is a make-up working day: Fri 29, Sat 30, Mon 1; Tue 2, Wed 3, Thu 4.
  const t = terms({ startsOn: '2027-01-01' });

  it('is raised on its provisional due date and flagged', () => {
    expect(evaluateLaborCost(t, [], without2027, '2027-01-28', none).map(brief)).toEqual([
      { dueDate: '2027-01-28', bank: '2027-02-02', contractor: '2027-02-05', provisional: true },
    ]);
  });

  it('loading the year moves both deadlines and clears the flag', () => {
    expect(evaluateLaborCost(t, [], with2027, '2027-01-28', none).map(brief)).toEqual([
      { dueDate: '2027-01-28', bank: '2027-02-01', contractor: '2027-02-04', provisional: false },
    ]);
  });
});

describe('across a holiday and a make-up working day of the loaded year', () => {
  it('due Thu 2026-02-12: bank Feb 24 (Sat 14 works), contractor Feb 27, all exact', () => {
    const t = terms({ dueDay: 12, startsOn: '2026-02-01' });
    expect(evaluateLaborCost(t, [], without2027, '2026-02-12', none).map(brief)).toEqual([
      { dueDate: '2026-02-12', bank: '2026-02-24', contractor: '2026-02-27', provisional: false },
    ]);
  });
});
