import { WorkingCalendar } from '../../src/domain/calendar';
import { acknowledgeDeadline, superiorOf, warningRecipients } from '../../src/domain/warning-routing';
import {
  DEFAULT_WARNING_RULES,
  NO_FACTS,
  gradeFacts,
  type SubjectFacts,
  type WarningRule,
} from '../../src/domain/warnings';

const grade = (over: Partial<SubjectFacts>, rules: readonly WarningRule[] = DEFAULT_WARNING_RULES) =>
  gradeFacts(rules, { ...NO_FACTS, ...over });
const signals = (over: Partial<SubjectFacts>) => grade(over).reasons.map((r) => r.signal);

describe('graded warnings (R17): the default grading on constructed facts', () => {
  it('no facts, no grade', () => expect(grade({})).toEqual({ grade: null, reasons: [] }));

  it('a complaint being handled is YELLOW', () => {
    expect(grade({ openCases: 1, workersOwed: 3 }).grade).toBe('YELLOW');
    expect(signals({ openCases: 1, workersOwed: 3 })).toEqual(['COMPLAINT_BEING_HANDLED']);
  });

  it('arrears: 1 month YELLOW, 2 months ORANGE (over 1), 3 months RED (over 2)', () => {
    expect(grade({ openCases: 1, maxMonthsOwed: 1 }).grade).toBe('YELLOW');
    expect(grade({ openCases: 1, maxMonthsOwed: 2 }).grade).toBe('ORANGE');
    expect(signals({ openCases: 1, maxMonthsOwed: 2 })).not.toContain('ARREARS_OVER_MONTHS_SEVERE');
    expect(grade({ openCases: 1, maxMonthsOwed: 3 }).grade).toBe('RED');
  });

  it('workers owed: 9 is not ORANGE, 10 is', () => {
    expect(grade({ openCases: 1, workersOwed: 9 }).grade).toBe('YELLOW');
    expect(grade({ openCases: 1, workersOwed: 10 }).grade).toBe('ORANGE');
    expect(grade({ openCases: 1, workersOwed: 10 }).reasons[0]).toEqual({
      signal: 'WORKERS_OWED_AT_LEAST',
      grade: 'ORANGE',
      detail: '10 workers owed (10 or more)',
    });
  });

  it('a labour-cost transfer late is YELLOW; the cycle missed (escalated) ORANGE', () => {
    expect(grade({ lateTransfers: 1 }).grade).toBe('YELLOW');
    expect(grade({ missedCycles: 1 }).grade).toBe('ORANGE');
  });

  it('no deposit 20 working days after the permit is ORANGE; a court freeze RED; the blacklist RED', () => {
    expect(grade({ depositMissing: 1 }).grade).toBe('ORANGE');
    expect(grade({ courtFreezes: 1 }).grade).toBe('RED');
    expect(grade({ blacklisted: true }).grade).toBe('RED');
  });

  it('other duty alerts: open YELLOW, past correction ORANGE', () => {
    expect(grade({ otherAlertsOpen: 1 }).grade).toBe('YELLOW');
    expect(grade({ otherAlertsOpen: 1, otherAlertsEscalated: 1 }).grade).toBe('ORANGE');
  });

  it('an incident 90 days ago is RED, 91 days ago is not', () => {
    expect(grade({ daysSinceIncident: 90 }).grade).toBe('RED');
    expect(grade({ daysSinceIncident: 91 }).grade).toBeNull();
  });

  it('the grade is the highest raised; every raised signal is a reason, highest first', () => {
    const g = grade({ openCases: 2, workersOwed: 12, maxMonthsOwed: 3, depositMissing: 1 });
    expect(g.grade).toBe('RED');
    expect(g.reasons.map((r) => r.grade)).toEqual(['RED', 'ORANGE', 'ORANGE', 'ORANGE', 'YELLOW']);
  });

  it('the rules are data: a signal OFF is not graded, a threshold moved moves the line', () => {
    const rules = DEFAULT_WARNING_RULES.map((r) =>
      r.signal === 'WORKERS_OWED_AT_LEAST'
        ? { ...r, threshold: 5 }
        : r.signal === 'COMPLAINT_BEING_HANDLED'
          ? { ...r, grade: 'OFF' as const }
          : r,
    );
    expect(grade({ openCases: 1, workersOwed: 4 }, rules).grade).toBeNull();
    expect(grade({ openCases: 1, workersOwed: 5 }, rules).grade).toBe('ORANGE');
  });
});

describe('routing and escalation', () => {
  it('district HRSS and the industry authority; RED also city HRSS and the district government', () => {
    expect(warningRecipients('ORANGE', ['210502'], ['HOUSING:210502'])).toEqual([
      'HOUSING:210502',
      'HRSS:210502',
    ]);
    expect(warningRecipients('RED', ['210502'], ['HOUSING:210502'])).toEqual([
      'GOVERNMENT:210502',
      'HOUSING:210502',
      'HRSS:210500',
      'HRSS:210502',
    ]);
  });

  it("a district agency's superior is the city's agency of its kind; a city agency's the city government", () => {
    expect(superiorOf('HRSS:210502')).toBe('HRSS:210500');
    expect(superiorOf('HOUSING:210502')).toBe('HOUSING:210500');
    expect(superiorOf('GOVERNMENT:210502')).toBe('GOVERNMENT:210500');
    expect(superiorOf('HRSS:210500')).toBe('GOVERNMENT:210500');
    expect(superiorOf('GOVERNMENT:210500')).toBeNull();
  });
});

describe('the acknowledgement deadline on the 2026 calendar (3 working days by default)', () => {
  const calendar = WorkingCalendar.builtIn();
  it('opened Wednesday 09-30: National Day 10-01…07 off, 10-08, 10-09 and Saturday 10-10 (make-up) count', () => {
    expect(acknowledgeDeadline(calendar, '2026-09-30', 3)).toEqual({
      date: '2026-10-10',
      provisional: false,
    });
  });
  it('opened Friday 10-09: Saturday 10-10 (make-up) counts, Sunday 10-11 does not', () => {
    expect(acknowledgeDeadline(calendar, '2026-10-09', 3)).toEqual({
      date: '2026-10-13',
      provisional: false,
    });
  });
  it('opened Friday 09-25 (Mid-Autumn): 09-28, 09-29, 09-30', () => {
    expect(acknowledgeDeadline(calendar, '2026-09-25', 3)).toEqual({
      date: '2026-09-30',
      provisional: false,
    });
  });
});
