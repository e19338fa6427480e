import fc from 'fast-check';
import { WorkingCalendar } from '../../src/domain/calendar';
import { addDays } from '../../src/domain/dates';
import { DomainError } from '../../src/domain/errors';
import {
  cycleDueDates,
  evaluateLaborCost,
  type AgreementTerms,
  type ChainFacts,
  type Credit,
} from '../../src/domain/labor-cost-rule';

const cal = WorkingCalendar.builtIn();
const PER = 100_000n; // ¥1,000 a cycle
const terms = (over: Partial<AgreementTerms> = {}): AgreementTerms => ({
  laborCostPerCycleFen: PER,
  dueDay: 15,
  startsOn: '2026-01-01',
  endsOn: null,
  ...over,
});
const credit = (bookedOn: string, amountFen: bigint): Credit => ({ bookedOn, amountFen });
const none = (): ChainFacts => ({ contractorNotifiedOn: null, contractorReportedOn: null });
const facts =
  (contractorNotifiedOn: string | null, contractorReportedOn: string | null = null) =>
  () => ({
    contractorNotifiedOn,
    contractorReportedOn,
  });
const run = (t: AgreementTerms, credits: Credit[], asOf: string, chain = none) =>
  evaluateLaborCost(t, credits, cal, asOf, chain);

describe('cycle due dates', () => {
  it('starts at the first due date on or after startsOn and moves days off to the next working day', () => {
    expect(cycleDueDates(terms(), cal, '2026-04-30')).toEqual([
      { nominal: '2026-01-15', effective: '2026-01-15' },
      { nominal: '2026-02-15', effective: '2026-02-24' }, // Spring Festival
      { nominal: '2026-03-15', effective: '2026-03-16' }, // Sunday
      { nominal: '2026-04-15', effective: '2026-04-15' },
    ]);
    expect(cycleDueDates(terms({ startsOn: '2026-01-16' }), cal, '2026-03-01')).toEqual([
      { nominal: '2026-02-15', effective: '2026-02-24' },
    ]);
    expect(cycleDueDates(terms({ startsOn: '2026-01-15' }), cal, '2026-01-15')).toHaveLength(1);
  });

  it('a cycle is due only once its effective date has come', () => {
    expect(cycleDueDates(terms(), cal, '2026-02-23')).toHaveLength(1);
    expect(cycleDueDates(terms(), cal, '2026-02-24')).toHaveLength(2);
  });

  it('endsOn bounds the nominal due date, even when the effective one falls after it', () => {
    expect(cycleDueDates(terms({ endsOn: '2026-02-15' }), cal, '2026-12-01').map((c) => c.effective)).toEqual(
      ['2026-01-15', '2026-02-24'],
    );
    expect(cycleDueDates(terms({ endsOn: '2026-02-14' }), cal, '2026-12-01')).toHaveLength(1);
  });

  it('asOf before startsOn gives nothing', () => {
    expect(cycleDueDates(terms(), cal, '2025-12-31')).toEqual([]);
    expect(run(terms(), [], '2025-12-31')).toEqual([]);
  });
});

describe('evaluateLaborCost', () => {
  it('on-time payment: no alert (a credit on the due date itself counts)', () => {
    const credits = [credit('2026-01-10', PER), credit('2026-02-24', PER), credit('2026-03-16', PER)];
    expect(run(terms(), credits, '2026-04-14')).toEqual([]);
  });

  it('a missed cycle with its shortfall, deadlines and escalations', () => {
    const [miss] = run(terms(), [credit('2026-01-10', 60_000n)], '2026-01-24');
    expect(miss).toEqual({
      cycleIndex: 1,
      nominalDueDate: '2026-01-15',
      dueDate: '2026-01-15',
      requiredFen: PER,
      shortfallFen: 40_000n, // partial payment
      openedOn: '2026-01-15',
      resolvedOn: null,
      bankNoticeDeadline: '2026-01-20', // Fri 16, Mon 19, Tue 20
      contractorReportDeadline: '2026-01-23', // Wed 21, Thu 22, Fri 23
      deadlinesProvisional: false,
      escalations: [
        { kind: 'BANK_NOTICE_OVERDUE', on: '2026-01-21' },
        { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-01-24' },
      ],
    });
    // Escalations appear only once their day has come.
    expect(run(terms(), [], '2026-01-20')[0].escalations).toEqual([]);
    expect(run(terms(), [], '2026-01-23')[0].escalations.map((e) => e.kind)).toEqual(['BANK_NOTICE_OVERDUE']);
  });

  it('a due date on a holiday moves: Feb 15 2026 is due on Feb 24', () => {
    const paid1 = credit('2026-01-15', PER);
    expect(run(terms(), [paid1, credit('2026-02-24', PER)], '2026-03-01')).toEqual([]);
    const [miss] = run(terms(), [paid1, credit('2026-02-25', PER)], '2026-03-01');
    expect(miss).toMatchObject({
      cycleIndex: 2,
      nominalDueDate: '2026-02-15',
      dueDate: '2026-02-24',
      requiredFen: 2n * PER,
      shortfallFen: PER,
      openedOn: '2026-02-24',
      resolvedOn: '2026-02-25',
      bankNoticeDeadline: '2026-02-27',
      contractorReportDeadline: '2026-03-03', // Saturday Feb 28 is a make-up working day
    });
  });

  it('cumulative catch-up resolves on the day the credit lands; resolved before a deadline, no escalation', () => {
    const [miss] = run(terms(), [credit('2026-01-19', PER)], '2026-02-01');
    expect(miss).toMatchObject({ shortfallFen: PER, resolvedOn: '2026-01-19', escalations: [] });
    // Resolved after the bank deadline: that escalation stays, the contractor one never comes.
    const [late] = run(terms(), [credit('2026-01-22', PER)], '2026-02-01');
    expect(late.resolvedOn).toBe('2026-01-22');
    expect(late.escalations).toEqual([{ kind: 'BANK_NOTICE_OVERDUE', on: '2026-01-21' }]);
  });

  it('a later over-payment covers two cycles; a prepayment covers those it reaches', () => {
    const misses = run(terms(), [credit('2026-01-20', 2n * PER)], '2026-03-01');
    expect(misses.map((m) => [m.cycleIndex, m.resolvedOn])).toEqual([[1, '2026-01-20']]);

    const pre = run(terms(), [credit('2026-01-10', 3n * PER)], '2026-04-15');
    expect(pre.map((m) => [m.cycleIndex, m.dueDate, m.shortfallFen])).toEqual([[4, '2026-04-15', PER]]);
  });

  it('partial payments: the miss stays open until the running total reaches per-cycle × k', () => {
    const credits = [credit('2026-01-10', 60_000n), credit('2026-01-16', 30_000n)];
    const asOfFeb = run(terms(), credits, '2026-02-24');
    expect(asOfFeb.map((m) => [m.cycleIndex, m.shortfallFen, m.resolvedOn])).toEqual([
      [1, 40_000n, null],
      [2, 110_000n, null],
    ]);
    const caughtUp = run(
      terms(),
      [...credits, credit('2026-03-02', 10_000n), credit('2026-03-03', PER)],
      '2026-03-04',
    );
    expect(caughtUp.map((m) => m.resolvedOn)).toEqual(['2026-03-02', '2026-03-03']);
  });

  it('credits after asOf and before startsOn are ignored', () => {
    const credits = [credit('2025-12-31', PER), credit('2026-01-21', PER)];
    expect(run(terms(), credits, '2026-01-20')[0]).toMatchObject({ shortfallFen: PER, resolvedOn: null });
    expect(run(terms(), credits, '2026-01-21')[0].resolvedOn).toBe('2026-01-21');
  });

  describe('escalations across the Spring Festival (due Thu 2026-02-12)', () => {
    const t = terms({ dueDay: 12, startsOn: '2026-02-01' });

    it('without any notice: bank deadline Feb 24, contractor deadline Feb 27 from it', () => {
      const at = (asOf: string) => run(t, [], asOf)[0];
      expect(at('2026-02-24')).toMatchObject({
        bankNoticeDeadline: '2026-02-24', // Fri 13, Sat 14 (make-up), Tue 24
        contractorReportDeadline: '2026-02-27',
        escalations: [],
      });
      expect(at('2026-02-25').escalations).toEqual([{ kind: 'BANK_NOTICE_OVERDUE', on: '2026-02-25' }]);
      expect(at('2026-02-28').escalations).toEqual([
        { kind: 'BANK_NOTICE_OVERDUE', on: '2026-02-25' },
        { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-02-28' },
      ]);
    });

    it('notice on time: the contractor deadline runs from the notice date', () => {
      const [m] = run(t, [], '2026-03-10', facts('2026-02-13'));
      expect(m.contractorReportDeadline).toBe('2026-02-25'); // Sat 14, Tue 24, Wed 25
      expect(m.escalations).toEqual([{ kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-02-26' }]);
      expect(run(t, [], '2026-03-10', facts('2026-02-13', '2026-02-25'))[0].escalations).toEqual([]);
    });

    it('a notice is not known before it happens: as of an earlier date the fallback applies', () => {
      expect(run(t, [], '2026-02-12', facts('2026-02-13'))[0].contractorReportDeadline).toBe('2026-02-27');
    });

    it('a late notice: bank escalation stays; the contractor deadline runs from the notice, even after the fallback', () => {
      const [m] = run(t, [], '2026-03-10', facts('2026-02-26'));
      expect(m.contractorReportDeadline).toBe('2026-03-02'); // Fri 27, Sat 28 (make-up), Mon Mar 2
      expect(m.escalations).toEqual([
        { kind: 'BANK_NOTICE_OVERDUE', on: '2026-02-25' },
        { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-03' },
      ]);
      // Stated after the fallback (Feb 27) had passed: the contractor was not told before Mar 2, so
      // its 3 working days run from then (Mar 3, 4, 5); as of Mar 4 it is not overdue.
      const [tooLate] = run(t, [], '2026-03-10', facts('2026-03-02'));
      expect(tooLate.contractorReportDeadline).toBe('2026-03-05');
      expect(tooLate.escalations.map((e) => e.on)).toEqual(['2026-02-25', '2026-03-06']);
      expect(run(t, [], '2026-03-04', facts('2026-03-02'))[0].escalations.map((e) => e.kind)).toEqual([
        'BANK_NOTICE_OVERDUE',
      ]);
    });

    it('the working-day periods are configurable', () => {
      const [m] = evaluateLaborCost(t, [], cal, '2026-02-12', none, {
        bankNoticeWorkingDays: 5,
        contractorReportWorkingDays: 1,
      });
      expect([m.bankNoticeDeadline, m.contractorReportDeadline]).toEqual(['2026-02-26', '2026-02-27']);
    });
  });

  describe('reversals count as negative credits (net funding)', () => {
    const reversal = (bookedOn: string, amountFen: bigint) => credit(bookedOn, -amountFen);

    it('a reversal before the due date leaves the cycle short by what it took back', () => {
      const misses = run(terms(), [credit('2026-01-10', PER), reversal('2026-01-12', 40_000n)], '2026-01-20');
      expect(misses).toMatchObject([{ dueDate: '2026-01-15', shortfallFen: 40_000n, resolvedOn: null }]);
    });

    it('a credit that caught up, then reversed, resolves nothing until made good again', () => {
      const paid = [credit('2026-01-20', PER)];
      expect(run(terms(), paid, '2026-01-31')[0].resolvedOn).toBe('2026-01-20');
      const reversed = [...paid, reversal('2026-01-22', PER)];
      expect(run(terms(), reversed, '2026-01-21')[0].resolvedOn).toBe('2026-01-20'); // not yet known
      expect(run(terms(), reversed, '2026-01-31')[0].resolvedOn).toBeNull();
      expect(run(terms(), [...reversed, credit('2026-01-26', PER)], '2026-01-31')[0].resolvedOn).toBe(
        '2026-01-26',
      );
    });

    it('an escalation counts the net total at the end of the deadline', () => {
      // Paid on Jan 16, reversed on Jan 19: open at the end of the bank's deadline (Jan 20).
      const [m] = run(terms(), [credit('2026-01-16', PER), reversal('2026-01-19', PER)], '2026-01-31');
      expect(m.escalations.map((e) => e.kind)).toEqual(['BANK_NOTICE_OVERDUE', 'CONTRACTOR_REPORT_OVERDUE']);
    });
  });

  it('endsOn stops cycles; credits after it still catch up', () => {
    const t = terms({ endsOn: '2026-02-20' });
    const misses = run(t, [credit('2026-06-01', 2n * PER)], '2026-12-01');
    expect(misses.map((m) => [m.dueDate, m.resolvedOn])).toEqual([
      ['2026-01-15', '2026-06-01'],
      ['2026-02-24', '2026-06-01'],
    ]);
  });

  it('a year that is not loaded is counted provisionally and flagged (labor-cost-rule-provisional.test.ts)', () => {
    // Due Mon 2026-12-28: bank deadline Thu Dec 31, contractor deadline in January 2027.
    expect(run(terms({ dueDay: 28, startsOn: '2026-12-01' }), [], '2026-12-28')).toMatchObject([
      { dueDate: '2026-12-28', contractorReportDeadline: '2027-01-06', deadlinesProvisional: true },
    ]);
    // Agreement that ended in 2026: evaluating as of 2027 needs no 2027 data.
    expect(run(terms({ endsOn: '2026-01-31' }), [credit('2026-01-15', PER)], '2027-06-01')).toEqual([]);
  });

  it('refuses bad terms and credits, naming the field', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as DomainError).field;
      }
    };
    expect(field(() => run(terms({ dueDay: 29 }), [], '2026-03-01'))).toBe('dueDay');
    expect(field(() => run(terms({ laborCostPerCycleFen: 0n }), [], '2026-03-01'))).toBe('laborCostPerCycle');
    expect(field(() => run(terms({ endsOn: '2025-12-31' }), [], '2026-03-01'))).toBe('endsOn');
    expect(field(() => run(terms(), [], '2026-02-30'))).toBe('asOf');
    expect(
      field(() =>
        run(terms(), [credit('2026-01-02', 1n), credit('2026-01-03', 1 as unknown as bigint)], '2026-03-01'),
      ),
    ).toBe('credits[1].amountFen');
  });
});

describe('properties', () => {
  const LAST = 680; // days after 2025-01-01 → 2026-11-12, leaving room for deadlines inside 2026
  const offset = fc.integer({ min: 0, max: LAST });
  const date = (n: number) => addDays('2025-01-01', n);
  const arbTerms = fc.record({
    laborCostPerCycleFen: fc.bigInt({ min: 1n, max: 500_000n }),
    dueDay: fc.integer({ min: 1, max: 28 }),
    start: fc.integer({ min: 0, max: 400 }),
    length: fc.option(fc.integer({ min: 0, max: 400 })),
  });
  const arbCredits = fc.array(fc.record({ at: offset, amountFen: fc.bigInt({ min: 1n, max: 1_500_000n }) }), {
    maxLength: 25,
  });
  // Chain facts per due date, as day offsets from it (null = never recorded).
  const arbChain = fc.record({
    notified: fc.array(fc.option(fc.integer({ min: -2, max: 25 })), { minLength: 1, maxLength: 4 }),
    reported: fc.array(fc.option(fc.integer({ min: -2, max: 30 })), { minLength: 1, maxLength: 4 }),
  });

  it('evaluation as of b agrees with evaluation as of a <= b, and credit order does not matter', () => {
    fc.assert(
      fc.property(arbTerms, arbCredits, arbChain, offset, offset, (tt, cs, ch, x, y) => {
        const t: AgreementTerms = {
          laborCostPerCycleFen: tt.laborCostPerCycleFen,
          dueDay: tt.dueDay,
          startsOn: date(tt.start),
          endsOn: tt.length === null ? null : date(tt.start + tt.length),
        };
        const credits = cs.map((c) => credit(date(c.at), c.amountFen));
        const pick = <T>(xs: T[], d: string) => xs[Number(d.slice(8)) % xs.length];
        const chain = (d: string): ChainFacts => {
          const n = pick(ch.notified, d);
          const r = pick(ch.reported, d);
          return {
            contractorNotifiedOn: n === null ? null : addDays(d, n),
            contractorReportedOn: r === null ? null : addDays(d, r),
          };
        };
        const [a, b] = [date(Math.min(x, y)), date(Math.max(x, y))];
        const atA = evaluateLaborCost(t, credits, cal, a, chain);
        const atB = evaluateLaborCost(t, credits, cal, b, chain);

        // The misses due by a are the same either way: the shortfall at a due date never depends on asOf.
        const key = (m: (typeof atA)[number]) => [
          m.cycleIndex,
          m.nominalDueDate,
          m.dueDate,
          m.requiredFen,
          m.shortfallFen,
        ];
        expect(atB.filter((m) => m.dueDate <= a).map(key)).toEqual(atA.map(key));
        // With the same facts (those stated by a), nothing found as of a is taken back as of b.
        const known = (d: string | null) => (d !== null && d <= a ? d : null);
        const chainByA = (d: string): ChainFacts => {
          const f = chain(d);
          return {
            contractorNotifiedOn: known(f.contractorNotifiedOn),
            contractorReportedOn: known(f.contractorReportedOn),
          };
        };
        const atBSameFacts = evaluateLaborCost(t, credits, cal, b, chainByA);
        for (const m of atA) {
          const later = atBSameFacts.find((n) => n.cycleIndex === m.cycleIndex)!;
          if (m.resolvedOn !== null) expect(later.resolvedOn).toBe(m.resolvedOn);
          expect(later.escalations).toEqual(expect.arrayContaining(m.escalations));
          expect(later.bankNoticeDeadline).toBe(m.bankNoticeDeadline);
        }
        // Order of the credits is irrelevant.
        for (const shuffled of [
          [...credits].reverse(),
          [...credits].sort((p, q) => (p.amountFen < q.amountFen ? -1 : 1)),
        ]) {
          expect(evaluateLaborCost(t, shuffled, cal, b, chain)).toEqual(atB);
        }
      }),
      { numRuns: 300 },
    );
  });
});
