import { WorkingCalendar } from '../../src/domain/calendar';
import { evaluateDuties, type DutyFacts } from '../../src/domain/duties/duty-rules';
import type { HeldInstrument } from '../../src/domain/duties/instruments';

const cal = WorkingCalendar.builtIn();
const R = 24_000_000n; // ¥240,000.00
const RULES: { topUpWorkingDays: number; correctionWorkingDays: number; watchedFrom: string | null } = {
  topUpWorkingDays: 10,
  correctionWorkingDays: 10,
  watchedFrom: '2026-01-01',
};

/** Permit 2026-09-10: the deposit is due 2026-10-14 (test/unit/deposit-deadlines.test.ts). */
const facts = (f: Partial<DutyFacts> = {}): DutyFacts => ({
  baseDate: '2026-09-10',
  completedOn: null,
  requirement: { requiredFen: R, dueDate: { date: '2026-10-14', provisional: false } },
  deposits: [],
  returnConfirmedOn: null,
  paymentGuarantees: [
    { id: 'pg', issuedOn: '2026-09-01', validFrom: '2026-09-01', validUntil: '2028-12-31' },
  ],
  ...f,
});
const cash = (depositedOn: string, amountFen = R, more: Partial<HeldInstrument> = {}): HeldInstrument => ({
  id: `cash-${depositedOn}`,
  form: 'CASH_ACCOUNT',
  amountFen,
  depositedOn,
  validFrom: depositedOn,
  validUntil: null,
  topUps: [],
  payments: [],
  ...more,
});
const guarantee = (id: string, depositedOn: string, validUntil: string, amountFen = R): HeldInstrument => ({
  id,
  form: 'BANK_GUARANTEE',
  amountFen,
  depositedOn,
  validFrom: depositedOn,
  validUntil,
  topUps: [],
  payments: [],
});
const run = (f: DutyFacts, asOf: string, rules = RULES) => evaluateDuties(f, rules, cal, asOf);
const kinds = (f: DutyFacts, asOf: string) => run(f, asOf).map((x) => x.kind);

describe('duty alerts are raised only once city HRSS has said from when', () => {
  it('watchedFrom null: nothing, whatever is missing', () => {
    expect(run(facts({ paymentGuarantees: [] }), '2026-11-30', { ...RULES, watchedFrom: null })).toEqual([]);
  });
});

describe('DEPOSIT_MISSING', () => {
  it('not decided before the end of the due date; nothing by then opens it on the due date', () => {
    expect(kinds(facts(), '2026-10-13')).toEqual([]);
    expect(run(facts(), '2026-10-14')).toEqual([
      expect.objectContaining({
        kind: 'DEPOSIT_MISSING',
        dueDate: '2026-10-14',
        openedOn: '2026-10-14',
        shortfallFen: R,
        resolvedOn: null,
        // 10 working days after 10-14: 10-15, 16, 19…23, 26…28
        correctionDeadline: '2026-10-28',
        escalations: [],
      }),
    ]);
  });

  it('deposited in full on the due date: no alert; a fen short: an alert for the fen', () => {
    expect(kinds(facts({ deposits: [cash('2026-10-14')] }), '2026-11-30')).toEqual([]);
    const short = run(facts({ deposits: [cash('2026-10-14', R - 1n)] }), '2026-10-20');
    expect(short).toMatchObject([{ kind: 'DEPOSIT_MISSING', shortfallFen: 1n }]);
  });

  it('resolves on the day enough is held, and escalates only past its correction deadline', () => {
    const late = facts({ deposits: [cash('2026-10-28')] });
    expect(run(late, '2026-11-30')).toMatchObject([{ resolvedOn: '2026-10-28', escalations: [] }]);
    const later = facts({ deposits: [cash('2026-10-29')] });
    expect(run(later, '2026-11-30')).toMatchObject([
      { resolvedOn: '2026-10-29', escalations: [{ kind: 'CORRECTION_OVERDUE', on: '2026-10-29' }] },
    ]);
    expect(run(facts(), '2026-10-28')[0].escalations).toEqual([]);
    expect(run(facts(), '2026-10-29')[0].escalations).toEqual([
      { kind: 'CORRECTION_OVERDUE', on: '2026-10-29' },
    ]);
  });

  it('a guarantee and cash together count; a guarantee not yet in force does not', () => {
    const halves = [cash('2026-10-01', R / 2n), guarantee('g', '2026-10-10', '2027-12-31', R / 2n)];
    expect(kinds(facts({ deposits: halves }), '2026-11-30')).toEqual([]);
    const notYet = [
      cash('2026-10-01', R / 2n),
      { ...guarantee('g', '2026-10-10', '2027-12-31', R / 2n), validFrom: '2026-10-15' },
    ];
    expect(run(facts({ deposits: notYet }), '2026-11-30')).toMatchObject([
      { shortfallFen: R / 2n, resolvedOn: '2026-10-15' },
    ]);
  });

  it('an exempt project (nothing required) has no deposit duties', () => {
    expect(
      kinds(
        facts({ requirement: { requiredFen: 0n, dueDate: { date: '2026-10-14', provisional: false } } }),
        '2026-11-30',
      ),
    ).toEqual([]);
  });
});

describe('DEPOSIT_TOP_UP_OVERDUE', () => {
  const used = (topUps: { on: string; amountFen: bigint }[] = []) =>
    facts({
      deposits: [
        cash('2026-10-01', R, { payments: [{ id: 'n1', on: '2026-09-30', amountFen: 5_000_000n }], topUps }),
      ],
    });

  it('the bank paid ¥50,000 on 2026-09-30: top-up due 2026-10-20, the alert opens then for what is short', () => {
    // the payment comes before the deposit here only to put the deadline across National Day
    expect(kinds(used(), '2026-10-19')).toEqual([]);
    expect(run(used(), '2026-10-20')).toMatchObject([
      { kind: 'DEPOSIT_TOP_UP_OVERDUE', dueDate: '2026-10-20', shortfallFen: 5_000_000n, subjectId: 'n1' },
    ]);
  });

  it('topped up by the deadline: nothing; after it: resolved that day', () => {
    expect(kinds(used([{ on: '2026-10-20', amountFen: 5_000_000n }]), '2026-11-30')).toEqual([]);
    expect(run(used([{ on: '2026-10-22', amountFen: 5_000_000n }]), '2026-11-30')).toMatchObject([
      { resolvedOn: '2026-10-22', escalations: [] },
    ]);
  });

  it('still short after its correction period: CORRECTION_OVERDUE the day after', () => {
    // 10 working days after 10-20: 10-21…23, 10-26…30, 11-02, 11-03
    expect(run(used(), '2026-11-04')).toMatchObject([
      { correctionDeadline: '2026-11-03', escalations: [{ kind: 'CORRECTION_OVERDUE', on: '2026-11-04' }] },
    ]);
  });
});

describe('GUARANTEE_EXPIRING', () => {
  const held = (more: HeldInstrument[] = []) =>
    facts({ deposits: [guarantee('g1', '2026-10-01', '2027-10-31'), ...more] });

  it('opens one month before the guarantee ends, the reminder to the contractor', () => {
    expect(kinds(held(), '2027-09-29')).toEqual([]);
    expect(run(held(), '2027-09-30')).toMatchObject([
      {
        kind: 'GUARANTEE_EXPIRING',
        dueDate: '2027-10-31',
        openedOn: '2027-09-30',
        correctionDeadline: '2027-10-31',
        subjectId: 'g1',
      },
    ]);
  });

  it('renewed before it ends: resolved on the renewal, no escalation', () => {
    const renewed = held([guarantee('g2', '2027-10-15', '2028-12-31')]);
    // g2 is issued on 10-15 and valid from then: the reminder went out, then the renewal resolved it
    expect(run(renewed, '2027-11-30')).toMatchObject([{ resolvedOn: '2027-10-15', escalations: [] }]);
  });

  it('renewed before the reminder: never raised', () => {
    expect(kinds(held([guarantee('g2', '2027-09-01', '2028-12-31')]), '2027-11-30')).toEqual([]);
  });

  it('not renewed by its last day: CORRECTION_OVERDUE the day after; a later top-up in cash resolves it', () => {
    expect(run(held(), '2027-11-01')).toMatchObject([
      { escalations: [{ kind: 'CORRECTION_OVERDUE', on: '2027-11-01' }] },
    ]);
    expect(run(held([cash('2027-11-05')]), '2027-11-30')).toMatchObject([{ resolvedOn: '2027-11-05' }]);
  });

  it('after the return is confirmed there is nothing to remind', () => {
    expect(kinds({ ...held(), returnConfirmedOn: '2027-08-01' }, '2027-10-30')).toEqual([]);
  });
});

describe('PAYMENT_GUARANTEE_MISSING', () => {
  const deposited = [cash('2026-10-01')];
  it('none from the base date: one alert from it, resolved the day one is issued', () => {
    const none = facts({ deposits: deposited, paymentGuarantees: [] });
    expect(run(none, '2026-09-10')).toMatchObject([
      { kind: 'PAYMENT_GUARANTEE_MISSING', dueDate: '2026-09-10', resolvedOn: null, shortfallFen: 0n },
    ]);
    const late = facts({
      deposits: deposited,
      paymentGuarantees: [
        { id: 'pg', issuedOn: '2026-09-20', validFrom: '2026-09-20', validUntil: '2027-12-31' },
      ],
    });
    expect(run(late, '2026-11-30')).toMatchObject([
      { dueDate: '2026-09-10', resolvedOn: '2026-09-20', escalations: [] },
    ]);
  });

  it('a guarantee that lapses under construction: a new alert from the day after it ends', () => {
    const lapsed = facts({
      deposits: deposited,
      paymentGuarantees: [
        { id: 'pg', issuedOn: '2026-09-01', validFrom: '2026-09-01', validUntil: '2026-10-31' },
      ],
    });
    expect(run(lapsed, '2026-11-30')).toMatchObject([
      {
        dueDate: '2026-11-01',
        resolvedOn: null,
        // 10 working days after 11-01 (a Sunday): 11-02…06, 11-09…13
        correctionDeadline: '2026-11-13',
        escalations: [{ kind: 'CORRECTION_OVERDUE', on: '2026-11-14' }],
      },
    ]);
  });

  it('completion ends the duty: the gap is resolved on the completion day; none after it', () => {
    const done = facts({ deposits: deposited, paymentGuarantees: [], completedOn: '2026-10-01' });
    expect(run(done, '2026-11-30')).toMatchObject([{ dueDate: '2026-09-10', resolvedOn: '2026-10-01' }]);
  });
});

describe('watchedFrom: what was made good before it is history; what is still open gets its full correction period', () => {
  it('a deposit made good before watching starts: not raised', () => {
    expect(run(facts({ deposits: [cash('2026-10-20')] }), '2026-11-30')).toMatchObject([
      { resolvedOn: '2026-10-20' },
    ]);
    const watched = { ...RULES, watchedFrom: '2026-11-01' };
    expect(run(facts({ deposits: [cash('2026-10-20')] }), '2026-11-30', watched)).toEqual([]);
  });
  it('still missing when watching starts: raised with its own dates, the correction deadline counted from watchedFrom', () => {
    const watched = { ...RULES, watchedFrom: '2026-11-02' };
    // 10 working days after 11-02: 11-03…06, 11-09…13, 11-16
    expect(run(facts(), '2026-11-16', watched)).toMatchObject([
      { dueDate: '2026-10-14', openedOn: '2026-10-14', correctionDeadline: '2026-11-16', escalations: [] },
    ]);
  });
});
