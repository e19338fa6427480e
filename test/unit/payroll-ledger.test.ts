import { workerLedger, type LedgerLine } from '../../src/domain/workforce/ledger';
import { lookupHash } from '../../src/personal-data/cipher';
import {
  checkLineShapes,
  checkLinesAgainstRegister,
  type PayrollLineInput,
} from '../../src/services/workforce/payroll-lines';
import { memoReferences } from '../../src/services/workforce/payroll-push';

const line = (month: string, net: bigint, status: LedgerLine['status']): LedgerLine => ({
  month,
  netFen: net,
  status,
});

describe('the wage ledger (R6)', () => {
  const lines = [
    line('2026-09', 600000n, 'PAID'),
    line('2026-10', 450000n, 'FAILED'),
    line('2026-10', 50000n, 'PAID'), // back pay for October on a second payroll
    line('2026-11', 700000n, 'PENDING'),
  ];

  it('sums due (every line), paid (PAID lines) and owed (due − paid) in fen', () => {
    const l = workerLedger(['2026-09', '2026-10', '2026-11', '2026-08'], lines);
    expect(l).toEqual({
      monthsWorked: ['2026-08', '2026-09', '2026-10', '2026-11'],
      dueFen: 1800000n,
      paidFen: 650000n,
      owedFen: 1150000n,
      monthsOwed: ['2026-10', '2026-11'],
      attendedNotOnPayroll: ['2026-08'],
    });
  });

  it('counts one month only when asked', () => {
    expect(workerLedger(['2026-10', '2026-11'], lines, '2026-10')).toEqual({
      monthsWorked: ['2026-10'],
      dueFen: 500000n,
      paidFen: 50000n,
      owedFen: 450000n,
      monthsOwed: ['2026-10'],
      attendedNotOnPayroll: [],
    });
    expect(workerLedger(['2026-08'], lines, '2026-08')).toMatchObject({
      dueFen: 0n,
      owedFen: 0n,
      attendedNotOnPayroll: ['2026-08'],
    });
  });

  it('owes nothing when every line is paid, and lists a month on a payroll without attendance as not worked', () => {
    const l = workerLedger([], [line('2026-09', 1n, 'PAID')]);
    expect(l).toMatchObject({ monthsWorked: [], dueFen: 1n, paidFen: 1n, owedFen: 0n, monthsOwed: [] });
  });
});

describe('a payroll line’s checks', () => {
  const ID = '110101199003077777'.slice(0, 17);
  // a valid resident ID and Luhn card, built here so the test says what they are
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const id = ID + '10X98765432'[[...ID].reduce((s, d, i) => s + Number(d) * weights[i], 0) % 11];
  const luhn = (body: string) => {
    let sum = 0;
    for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
      let d = Number(body[i]);
      if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return body + ((10 - (sum % 10)) % 10);
  };
  const card = luhn('622202123456789012');
  const ok: PayrollLineInput = {
    workerIdNumber: id,
    days: 21.5,
    grossPay: 800000n,
    netPay: 760000n,
    bankCardNo: card,
  };

  it('names each bad field by its line, and keeps the good lines', () => {
    const { checked, problems } = checkLineShapes([
      ok,
      { ...ok, bankCardNo: card.slice(0, -1) + ((Number(card.at(-1)) + 1) % 10) },
      { ...ok, days: 32 },
      { ...ok, days: 1.25 },
      { ...ok, netPay: 900000n },
      { ...ok, grossPay: 0n, netPay: 0n },
      { ...ok, workerIdNumber: id.slice(0, 17) + (id[17] === '1' ? '2' : '1') },
    ]);
    expect(checked.map((c) => c.index)).toEqual([0]);
    expect(checked[0].cardHash).toBe(lookupHash('CARD', card));
    expect(problems.map((p) => p.field)).toEqual([
      'lines[1].bankCardNo',
      'lines[2].days',
      'lines[3].days',
      'lines[4].netPay',
      'lines[5].grossPay',
      'lines[5].netPay',
      'lines[6].workerIdNumber',
    ]);
    expect(problems.map((p) => p.message).join(' ')).not.toContain(card);
  });

  it('wants one line per worker, on the payroll’s team, to his own card', () => {
    const { checked } = checkLineShapes([ok, ok, ok]);
    const worker = { id: 'w', teamId: 'T', cardHash: lookupHash('CARD', card) };
    expect(checkLinesAgainstRegister(checked, 'T', new Map([[checked[0].idHash, worker]]))).toEqual([
      { field: 'lines[1].workerIdNumber', message: expect.stringMatching(/line 0/) },
      { field: 'lines[2].workerIdNumber', message: expect.stringMatching(/line 0/) },
    ]);
    const one = checked.slice(0, 1);
    expect(checkLinesAgainstRegister(one, 'T', new Map())[0].field).toBe('lines[0].workerIdNumber');
    expect(checkLinesAgainstRegister(one, 'U', new Map([[one[0].idHash, worker]]))[0].message).toMatch(
      /another of the project's teams/,
    );
    const otherCard = { ...worker, cardHash: lookupHash('CARD', luhn('622202999999999999')) };
    expect(checkLinesAgainstRegister(one, 'T', new Map([[one[0].idHash, otherCard]]))).toEqual([
      { field: 'lines[0].bankCardNo', message: expect.stringMatching(/worker's own card/) },
    ]);
  });
});

describe('a debit memo’s payroll references', () => {
  it('takes the words a reference can be, without a sentence’s trailing stop', () => {
    expect(memoReferences('代发工资 GZ-2026-10/01. 钢筋一班')).toEqual(
      expect.arrayContaining(['GZ-2026-10/01.', 'GZ-2026-10/01']),
    );
    expect(memoReferences('工资代发：PR100；')).toEqual(['PR100']);
    // PR-1 is not quoted by a memo that quotes PR-10
    expect(memoReferences('payroll PR-10')).not.toContain('PR-1');
  });
});
