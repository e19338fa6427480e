import { WorkingCalendar } from '../../src/domain/calendar';
import { DomainError } from '../../src/domain/errors';
import { validateDepositRules, rulesInForce, type DepositRules } from '../../src/domain/duties/deposit-rules';
import {
  computeDepositRequirement,
  type ContractorHistory,
  type ProjectTerms,
} from '../../src/domain/duties/deposit-requirement';

const cal = WorkingCalendar.builtIn();
const yuan = (y: number): bigint => BigInt(Math.round(y * 100));

const RULES: DepositRules = {
  effectiveFrom: '2021-11-01',
  baseRatioBp: 200,
  severalProjectsRatioBp: 100,
  capFen: null,
  exemptionBelowFen: yuan(3_000_000),
  arrearsRaisePct: 50,
  listedRaisePct: 100,
  bankPayWorkingDays: 5,
  topUpWorkingDays: 10,
  correctionWorkingDays: 10,
  watchedFrom: '2026-01-01',
};
const CLEAN: ContractorHistory = { arrearsOn: [], listings: [], otherProjects: [] };
const project = (price: number, permitIssuedOn: string | null = '2026-03-02'): ProjectTerms => ({
  contractPriceFen: yuan(price),
  contractSignedOn: '2026-02-02',
  permitIssuedOn,
});
const required = (p: ProjectTerms, h: ContractorHistory = CLEAN, r: DepositRules = RULES) =>
  computeDepositRequirement(p, r, h, cal);
const codes = (p: ProjectTerms, h: ContractorHistory = CLEAN, r: DepositRules = RULES) =>
  required(p, h, r).reasons.map((x) => x.code);

function refusal(change: Partial<DepositRules>): { field?: string; message: string } | null {
  try {
    validateDepositRules({ ...RULES, ...change });
    return null;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { field: e.field, message: e.message };
  }
}

describe('deposit rules as city HRSS sets them: refused only outside the national limits', () => {
  it.each([
    [{ baseRatioBp: 99 }, 'baseRatioBp'],
    [{ baseRatioBp: 301 }, 'baseRatioBp'],
    [{ severalProjectsRatioBp: 49 }, 'severalProjectsRatioBp'],
    [{ severalProjectsRatioBp: 201 }, 'severalProjectsRatioBp'],
    [{ arrearsRaisePct: 49 }, 'arrearsRaisePct'],
    [{ listedRaisePct: 99 }, 'listedRaisePct'],
    [{ topUpWorkingDays: 0 }, 'topUpWorkingDays'],
    [{ capFen: 0n }, 'cap'],
  ])('%j is refused, naming %s', (change, field) => {
    expect(refusal(change)).toMatchObject({ field });
  });

  it.each([
    [{ baseRatioBp: 100 }],
    [{ baseRatioBp: 300 }],
    [{ severalProjectsRatioBp: 50 }],
    [{ severalProjectsRatioBp: 200 }],
    [{ severalProjectsRatioBp: null }],
    [{ arrearsRaisePct: 50 }],
    [{ listedRaisePct: 100 }],
    [{ capFen: 1n, exemptionBelowFen: null }],
  ])('%j is accepted', (change) => {
    expect(refusal(change)).toBeNull();
  });

  it('the version in force on a day is the latest effective by then, else the earliest', () => {
    const later = { ...RULES, effectiveFrom: '2026-07-01', baseRatioBp: 300 };
    expect(rulesInForce([later, RULES], '2026-06-30').baseRatioBp).toBe(200);
    expect(rulesInForce([later, RULES], '2026-07-01').baseRatioBp).toBe(300);
    expect(rulesInForce([later], '2020-01-01').baseRatioBp).toBe(300);
  });
});

describe('the deposit a project owes', () => {
  it('is the base ratio of the contract price, due 20 working days after the permit', () => {
    const r = required(project(12_000_000));
    expect(r).toMatchObject({
      requiredFen: yuan(240_000),
      exempt: false,
      ratePpm: 20_000,
      baseDateKind: 'PERMIT',
    });
    expect(r.reasons).toEqual([{ code: 'BASE_RATIO', text: '2 % of the contract price ¥12000000.00' }]);
  });

  it('rounds up to the fen: never a fen short', () => {
    expect(required(project(100.01)).requiredFen).toBe(0n); // exempt: small and clean
    expect(required(project(3_000_000.01)).requiredFen).toBe(6_000_001n); // 2 % of 300,000,001 fen = 6,000,000.02
  });

  describe('exemption under ¥3,000,000 for a contractor without arrears the year before', () => {
    it('¥2,999,999.99 is exempt; ¥3,000,000.00 is not', () => {
      expect(required(project(2_999_999.99))).toMatchObject({ exempt: true, requiredFen: 0n });
      expect(codes(project(2_999_999.99))).toEqual(['EXEMPT_SMALL_PROJECT']);
      expect(required(project(3_000_000))).toMatchObject({ exempt: false, requiredFen: yuan(60_000) });
    });

    it('arrears in the calendar year before the base date (2025 for 2026-03-02) take it away; in 2024 they do not', () => {
      const y2025 = { ...CLEAN, arrearsOn: ['2025-12-31'] };
      const y2024 = { ...CLEAN, arrearsOn: ['2024-12-31'] };
      expect(required(project(1_000_000), y2025)).toMatchObject({ exempt: false });
      expect(codes(project(1_000_000), y2025)).toContain('NOT_EXEMPT');
      expect(required(project(1_000_000), y2024)).toMatchObject({ exempt: true });
    });

    it('a listed contractor is never exempt', () => {
      const listed = {
        ...CLEAN,
        listings: [{ decidedOn: '2025-01-10', listedUntil: '2028-01-09', removedOn: null }],
      };
      expect(required(project(1_000_000), listed)).toMatchObject({
        exempt: false,
        requiredFen: yuan(40_000),
      });
    });

    it('no exemption at all when the rules set none', () => {
      expect(required(project(1_000_000), CLEAN, { ...RULES, exemptionBelowFen: null }).requiredFen).toBe(
        yuan(20_000),
      );
    });
  });

  describe('the floor for a contractor with several projects', () => {
    const other = (startsOn: string, completedOn: string | null = null) => ({
      ...CLEAN,
      otherProjects: [{ startsOn, completedOn }],
    });
    it('another project under construction on the base date lowers the ratio to the several-projects ratio', () => {
      expect(required(project(12_000_000), other('2026-03-02'))).toMatchObject({
        requiredFen: yuan(120_000),
      });
      expect(codes(project(12_000_000), other('2026-03-02'))).toEqual(['BASE_RATIO', 'SEVERAL_PROJECTS']);
    });
    it('one that starts the day after, or was completed on the base date, does not', () => {
      expect(required(project(12_000_000), other('2026-03-03')).requiredFen).toBe(yuan(240_000));
      expect(required(project(12_000_000), other('2025-01-01', '2026-03-02')).requiredFen).toBe(
        yuan(240_000),
      );
      expect(required(project(12_000_000), other('2025-01-01', '2026-03-03')).requiredFen).toBe(
        yuan(120_000),
      );
    });
    it('the floor itself, 0.5 %, is the lowest a city may set', () => {
      const floor = { ...RULES, severalProjectsRatioBp: 50 };
      expect(required(project(12_000_000), other('2026-01-01'), floor).requiredFen).toBe(yuan(60_000));
    });
  });

  describe('raises', () => {
    const arrears = (day: string) => ({ ...CLEAN, arrearsOn: [day] });
    it('arrears in the 2 years before the base date raise it by 50 %; the day before those 2 years, not', () => {
      expect(required(project(12_000_000), arrears('2024-03-02')).requiredFen).toBe(yuan(360_000));
      expect(codes(project(12_000_000), arrears('2024-03-02'))).toContain('RAISED_ARREARS');
      expect(required(project(12_000_000), arrears('2024-03-01')).requiredFen).toBe(yuan(240_000));
      expect(required(project(12_000_000), arrears('2026-03-01')).requiredFen).toBe(yuan(360_000));
      expect(required(project(12_000_000), arrears('2026-03-02')).requiredFen).toBe(yuan(240_000)); // not before
    });

    it('a listed contractor by 100 %, on the base date only (removed or expired before: no raise)', () => {
      const listing = (removedOn: string | null, listedUntil = '2029-01-01') => ({
        ...CLEAN,
        listings: [{ decidedOn: '2026-03-02', listedUntil, removedOn }],
      });
      expect(required(project(12_000_000), listing(null)).requiredFen).toBe(yuan(480_000));
      expect(required(project(12_000_000), listing(null)).ratePpm).toBe(40_000);
      expect(required(project(12_000_000), listing('2026-03-02')).requiredFen).toBe(yuan(240_000));
      expect(required(project(12_000_000), listing(null, '2026-03-01')).requiredFen).toBe(yuan(240_000));
    });

    it('listed with arrears too: the larger raise only', () => {
      const both = {
        arrearsOn: ['2025-05-01'],
        listings: [{ decidedOn: '2025-09-01', listedUntil: '2028-08-31', removedOn: null }],
        otherProjects: [],
      };
      expect(required(project(12_000_000), both).requiredFen).toBe(yuan(480_000));
      expect(codes(project(12_000_000), both)).toEqual(['BASE_RATIO', 'RAISED_LISTED']);
    });
  });

  describe('the cap', () => {
    const capped = { ...RULES, capFen: yuan(200_000) };
    it('limits what the contract price gives: at the cap nothing changes, above it the cap applies', () => {
      expect(required(project(10_000_000), CLEAN, capped)).toMatchObject({ requiredFen: yuan(200_000) });
      expect(codes(project(10_000_000), CLEAN, capped)).toEqual(['BASE_RATIO']);
      expect(required(project(10_000_000.5), CLEAN, capped).requiredFen).toBe(yuan(200_000));
      expect(codes(project(10_000_000.5), CLEAN, capped)).toEqual(['BASE_RATIO', 'CAP']);
    });
    it('a raise comes on top of the cap', () => {
      const arrears = { ...CLEAN, arrearsOn: ['2025-05-01'] };
      expect(required(project(50_000_000), arrears, capped).requiredFen).toBe(yuan(300_000));
    });
  });
});
