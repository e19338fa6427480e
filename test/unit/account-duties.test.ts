/**
 * The special account's own deadlines (R5, R10, R13) on the 2026 calendar (国办发明电〔2025〕7号):
 * Mid-Autumn 09-25…09-27 with Sunday 09-20 worked, National Day 10-01…10-07 with Saturday 10-10
 * worked. The account's 30 days are calendar days (RULES.md "Special account"), whose last day off
 * moves to the next working day (Civil Code 203); the objection period is in working days.
 */
import { WorkingCalendar } from '../../src/domain/calendar';
import {
  accountDrafts,
  accountFileDueDate,
  accountOpenDueDate,
  earlyClosingReasons,
  freezeObjectionDeadline,
  type AccountFacts,
} from '../../src/domain/duties/account-duties';
import { evaluateDuties, type DutyFacts } from '../../src/domain/duties/duty-rules';

const cal = WorkingCalendar.builtIn();

describe('opened within 30 calendar days of the signing', () => {
  it('signed 2026-09-01: the 30th day is 10-01, National Day, so it moves to Thursday 10-08', () => {
    expect(accountOpenDueDate('2026-09-01', cal)).toEqual({ date: '2026-10-08', provisional: false });
  });
  it('signed 2026-09-10: the 30th day is Saturday 10-10, a make-up working day, so it stays', () => {
    expect(accountOpenDueDate('2026-09-10', cal).date).toBe('2026-10-10');
  });
  it('signed 2026-08-26: the 30th day is 09-25, Mid-Autumn (to 09-27), so Monday 09-28', () => {
    expect(accountOpenDueDate('2026-08-26', cal).date).toBe('2026-09-28');
  });
  it('signed 2026-08-21: the 30th day is Sunday 09-20, a make-up working day, so it stays', () => {
    expect(accountOpenDueDate('2026-08-21', cal).date).toBe('2026-09-20');
  });
  it('a year not loaded: provisional, never a silent guess', () => {
    expect(accountOpenDueDate('2026-12-20', cal).provisional).toBe(true);
  });
});

describe('filed within 30 days of the opening', () => {
  it('opened 2026-09-05: the 30th day is 10-05, in National Day, so Thursday 10-08', () => {
    expect(accountFileDueDate('2026-09-05', cal).date).toBe('2026-10-08');
  });
  it('opened 2026-09-09: Friday 10-09, a working day', () => {
    expect(accountFileDueDate('2026-09-09', cal).date).toBe('2026-10-09');
  });
});

describe('the objection period to a freeze, in working days', () => {
  it('attempted Thursday 2026-09-24, 5 working days: 09-28, 09-29, 09-30, 10-08, 10-09', () => {
    expect(freezeObjectionDeadline('2026-09-24', 5, cal).date).toBe('2026-10-09');
  });
  it('attempted 2026-09-30: 10-08, 10-09, Saturday 10-10 worked, 10-12, 10-13', () => {
    expect(freezeObjectionDeadline('2026-09-30', 5, cal).date).toBe('2026-10-13');
  });
  it('attempted Friday 2026-09-18, 2 working days: Sunday 09-20 worked, Monday 09-21', () => {
    expect(freezeObjectionDeadline('2026-09-18', 2, cal).date).toBe('2026-09-21');
  });
});

const account = (f: Partial<AccountFacts> = {}): AccountFacts => ({
  contractSignedOn: '2026-09-01',
  startsOn: '2026-09-10',
  completedOn: null,
  governmentInvestment: false,
  openedOn: [],
  closedOn: [],
  filedOn: null,
  fundingVerifiedOn: null,
  publicityStartsOn: null,
  openCasesReceivedOn: [],
  freezes: [],
  ...f,
});
const kinds = (f: AccountFacts, asOf: string, watched = true) =>
  accountDrafts(f, cal, 5, asOf, watched).map((d) => `${d.kind} ${d.dueDate} ${d.resolvedOn}`);

describe('the account duties as drafts', () => {
  it('not opened: nothing through its due day 10-08 (the sweep of 10-08 opens it); resolved the day it opens', () => {
    expect(kinds(account(), '2026-10-07')).toEqual([]);
    expect(kinds(account(), '2026-10-08')).toEqual(['SPECIAL_ACCOUNT_NOT_OPENED 2026-10-08 null']);
    expect(kinds(account({ openedOn: ['2026-10-08'] }), '2026-10-08')).toEqual([]); // on its last day: in time
    expect(kinds(account({ openedOn: ['2026-10-12'] }), '2026-10-20')).toEqual([
      'SPECIAL_ACCOUNT_NOT_OPENED 2026-10-08 2026-10-12',
    ]);
  });

  it('not filed: 30 days after the opening, resolved on the filing', () => {
    const opened = account({ openedOn: ['2026-09-05'] });
    expect(kinds(opened, '2026-10-07')).toEqual([]);
    expect(kinds(opened, '2026-10-08')).toEqual(['SPECIAL_ACCOUNT_NOT_FILED 2026-10-08 null']);
    expect(kinds({ ...opened, filedOn: '2026-10-08' }, '2026-10-30')).toEqual([]);
    expect(kinds({ ...opened, filedOn: '2026-10-15' }, '2026-10-30')).toEqual([
      'SPECIAL_ACCOUNT_NOT_FILED 2026-10-08 2026-10-15',
    ]);
  });

  it('closed early: each missing condition named; a complete, settled and publicised closing is none', () => {
    const base = account({ openedOn: ['2026-09-05'], filedOn: '2026-09-10' });
    expect(earlyClosingReasons(base, '2026-11-02')).toEqual([
      'works not complete',
      'no 30 days of publicity',
    ]);
    const done = { ...base, completedOn: '2026-10-09', publicityStartsOn: '2026-10-09' };
    // publicity 10-09 + 30 = 11-08 is its last day: a closing on it is early, the next day is not
    expect(earlyClosingReasons(done, '2026-11-08')).toEqual(['no 30 days of publicity']);
    expect(earlyClosingReasons(done, '2026-11-09')).toEqual([]);
    expect(earlyClosingReasons({ ...done, openCasesReceivedOn: ['2026-11-01'] }, '2026-11-09')).toEqual([
      'arrears open',
    ]);
    expect(
      kinds({ ...base, closedOn: ['2026-11-02'], openedOn: ['2026-09-05', '2026-11-04'] }, '2026-11-10'),
    ).toEqual(['SPECIAL_ACCOUNT_CLOSED_EARLY 2026-11-02 2026-11-04']);
  });

  it('funding: due the day before the start, resolved when verified; only for a government investment', () => {
    const gov = account({ governmentInvestment: true, openedOn: ['2026-09-02'], filedOn: '2026-09-03' });
    expect(kinds(gov, '2026-09-08')).toEqual([]);
    expect(kinds(gov, '2026-09-09')).toEqual(['FUNDING_NOT_ARRANGED 2026-09-09 null']);
    expect(kinds({ ...gov, fundingVerifiedOn: '2026-09-09' }, '2026-09-30')).toEqual([]);
    expect(kinds({ ...gov, fundingVerifiedOn: '2026-09-15' }, '2026-09-30')).toEqual([
      'FUNDING_NOT_ARRANGED 2026-09-09 2026-09-15',
    ]);
    expect(kinds({ ...gov, governmentInvestment: false }, '2026-09-30')).toEqual([]);
  });

  it('a freeze is drafted whether or not duties are watched, with its objection deadline', () => {
    const frozen = account({
      openedOn: ['2026-09-02'],
      freezes: [
        {
          eventId: '41',
          on: '2026-09-30',
          amountFen: 5_000_000n,
          court: '本溪市平山区人民法院',
          orderNo: '(2026)辽0502执123号',
          objectedOn: null,
          objectionReference: null,
        },
      ],
    });
    const [draft] = accountDrafts(frozen, cal, 5, '2026-09-30', false);
    expect(draft).toMatchObject({
      kind: 'SPECIAL_ACCOUNT_FREEZE',
      dueDate: '2026-09-30',
      requiredFen: 5_000_000n,
      subjectId: '41',
      deadline: { date: '2026-10-13', provisional: false },
      details: {
        court: '本溪市平山区人民法院',
        orderNo: '(2026)辽0502执123号',
        objectionDeadline: '2026-10-13',
      },
    });
  });
});

describe('through evaluateDuties', () => {
  const facts = (a: Partial<AccountFacts>): DutyFacts => ({
    baseDate: '2026-09-10',
    completedOn: null,
    requirement: { requiredFen: 0n, dueDate: { date: '2026-10-14', provisional: false } },
    deposits: [],
    returnConfirmedOn: null,
    paymentGuarantees: [
      { id: 'pg', issuedOn: '2026-09-01', validFrom: '2026-09-01', validUntil: '2028-12-31' },
    ],
    account: account({ openedOn: ['2026-09-02'], filedOn: '2026-09-03', ...a }),
  });
  const freeze = {
    eventId: '7',
    on: '2026-09-30',
    amountFen: null,
    court: null,
    orderNo: null,
    objectedOn: null,
    objectionReference: null,
  };
  const rules = {
    topUpWorkingDays: 10,
    correctionWorkingDays: 10,
    watchedFrom: null,
    freezeObjectionWorkingDays: 5,
  };

  it('watchedFrom null: the freeze alone, its correction deadline the objection deadline, escalated the day after', () => {
    const found = evaluateDuties(facts({ freezes: [freeze] }), rules, cal, '2026-10-14');
    expect(found.map((f) => f.kind)).toEqual(['SPECIAL_ACCOUNT_FREEZE']);
    expect(found[0]).toMatchObject({
      correctionDeadline: '2026-10-13',
      escalations: [{ kind: 'CORRECTION_OVERDUE', on: '2026-10-14' }],
      resolvedOn: null,
    });
  });

  it('objected in time: resolved, no escalation', () => {
    const found = evaluateDuties(
      facts({
        freezes: [{ ...freeze, objectedOn: '2026-10-09', objectionReference: '平人社异〔2026〕1号' }],
      }),
      rules,
      cal,
      '2026-10-20',
    );
    expect(found[0]).toMatchObject({ resolvedOn: '2026-10-09', escalations: [] });
    expect(found[0].details).toMatchObject({
      objectedOn: '2026-10-09',
      objectionReference: '平人社异〔2026〕1号',
    });
  });

  it('watched: the not-opened alert gets the usual correction period (10 working days after 10-08)', () => {
    const found = evaluateDuties(
      facts({ openedOn: [], filedOn: null }),
      { ...rules, watchedFrom: '2026-01-01' },
      cal,
      '2026-10-08',
    );
    expect(found.find((f) => f.kind === 'SPECIAL_ACCOUNT_NOT_OPENED')).toMatchObject({
      dueDate: '2026-10-08',
      // 10-09 (1), Saturday 10-10 worked (2), 10-12…16 (3–7), 10-19…21 (8–10)
      correctionDeadline: '2026-10-21',
    });
  });
});
