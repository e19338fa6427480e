import { WorkingCalendar } from '../../src/domain/calendar';
import { boardDueDate, boardMissing } from '../../src/domain/rights-board/posting-rule';
import { assembleBoard } from '../../src/domain/rights-board/board-content';

const cal = WorkingCalendar.builtIn();
const facts = (more: Partial<Parameters<typeof boardMissing>[0]> = {}) => ({
  baseDate: '2026-09-10',
  completedOn: null,
  postedOn: null,
  postingWorkingDays: 15,
  ...more,
});

describe('the rights-protection board is due 15 working days after the permit (or the signing)', () => {
  it('permit Thursday 2026-09-10: across Mid-Autumn and National Day, due Thursday 2026-10-08', () => {
    // 09-11 (1), 09-14…18 (2–6), Sunday 09-20 worked (7), 09-21…24 (8–11), 09-25…27 off,
    // 09-28…30 (12–14), 10-01…07 off, 10-08 (15)
    expect(boardDueDate('2026-09-10', 15, cal)).toEqual({ date: '2026-10-08', provisional: false });
  });

  it('signed 2026-02-10 with no permit: across the Spring Festival, due Monday 2026-03-09', () => {
    // 02-11…13 (1–3), Saturday 02-14 worked (4), 02-15…23 off, 02-24…27 (5–8), Saturday 02-28 worked (9),
    // 03-02…06 (10–14), 03-09 (15)
    expect(boardDueDate('2026-02-10', 15, cal).date).toBe('2026-03-09');
  });

  it('a period into a year not loaded is provisional', () => {
    expect(boardDueDate('2027-12-20', 15, cal).provisional).toBe(true);
  });
});

describe('RIGHTS_BOARD_MISSING as a finding', () => {
  it('is nothing until the end of the due date, then missing with no resolution', () => {
    expect(boardMissing(facts(), cal, '2026-10-07')).toBeNull();
    expect(boardMissing(facts(), cal, '2026-10-08')).toEqual({
      dueDate: { date: '2026-10-08', provisional: false },
      resolvedOn: null,
    });
  });

  it('posted on the due date itself: in time', () => {
    expect(boardMissing(facts({ postedOn: '2026-10-08' }), cal, '2026-12-01')).toBeNull();
  });

  it('posted late: resolved on the posting day, and only once that day has come', () => {
    expect(boardMissing(facts({ postedOn: '2026-10-09' }), cal, '2026-10-08')?.resolvedOn).toBeNull();
    expect(boardMissing(facts({ postedOn: '2026-10-09' }), cal, '2026-12-01')?.resolvedOn).toBe('2026-10-09');
  });

  it('the works completed by the due date need no board; completed later, completion ends it', () => {
    expect(boardMissing(facts({ completedOn: '2026-10-08' }), cal, '2026-12-01')).toBeNull();
    expect(
      boardMissing(facts({ completedOn: '2026-11-02', postedOn: '2026-11-05' }), cal, '2026-12-01')
        ?.resolvedOn,
    ).toBe('2026-11-02');
  });
});

describe('the board falls back to the city’s channels and prefers the district’s', () => {
  const channels = (code: string, more: Record<string, unknown>) => ({
    districtCode: code,
    labourInspectionPhone: null,
    industryAuthorityPhones: {},
    arbitration: null,
    legalAid: null,
    legalServiceHotline: null,
    complaintUrl: null,
    ...more,
  });
  const board = (district: Record<string, unknown>, city: Record<string, unknown>) =>
    assembleBoard({
      project: {
        id: 'p',
        name: '安置房',
        districtCode: '210502',
        industry: 'HOUSING',
        owner: { name: '建设单位甲', uscc: 'x' },
        contractor: { name: '总包乙', uscc: 'y' },
      },
      board: null,
      channels: { district: channels('210502', district), city: channels('210500', city) },
      minimumWage: null,
      agreementDueDay: 15,
      posting: { dueBy: '2026-10-08', dueByProvisional: false },
    });

  it('district first, then the city; the QR opens the complaint page, else calls labour inspection', () => {
    const b = board(
      { labourInspectionPhone: '024-1' },
      { labourInspectionPhone: '024-2', legalServiceHotline: '12348' },
    );
    expect(b.labourInspectionPhone).toBe('024-1');
    expect(b.legalServiceHotline).toBe('12348');
    expect(b.qrTarget).toBe('tel:0241');
    expect(board({}, { complaintUrl: 'https://c.example/' }).qrTarget).toBe('https://c.example/');
  });

  it('the pay day is the agreement’s labour-cost day until the contractor records one', () => {
    expect(board({}, {}).payDay).toEqual({ day: 15, source: 'AGREEMENT' });
  });
});
