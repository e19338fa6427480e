import {
  DocumentRejected,
  type AdapterResult,
  type BankAdapter,
  type InboundDocument,
} from '../../adapters/bank-adapter';
import { canonicalJsonAdapter } from '../../adapters/canonical-json';
import { cmbCmbsdkpgk, icbcCms } from '../../adapters/cn-bank';
import {
  CsvLayoutError,
  csvStatement,
  MAX_CSV_ROWS,
  validateCsvLayout,
  type CsvLayout,
} from '../../adapters/csv-statement';
import { neutraliseFormula } from '../../adapters/csv-statement/formula';
import { iso20022 } from '../../adapters/iso20022';
import { REVERSAL_MARKER } from '../../adapters/xml/event-ids';
import { ACCOUNT_EVENT_TYPES, type AccountEvent } from '../../src/domain/account-event';
import { fixture, thrown } from './support';
import { ICBC_GBK_LAYOUT } from '../fixtures/csv/icbc-detail-direction.layout';

const ACC = '0706001234567890123';
const ACC2 = '0706009876543210000';

/** The layouts the three fixture files are written in (see test/fixtures/csv/PROVENANCE.md). */
const ICBC_GBK: Record<string, unknown> = ICBC_GBK_LAYOUT;
const SIGNED: Record<string, unknown> = {
  encoding: 'UTF8',
  delimiter: ',',
  hasHeader: true,
  columns: {
    bookedAt: { header: '记账日期' },
    accountNo: { header: '账号' },
    amount: { header: '金额' },
    currency: { header: '币种' },
    counterpartyName: { index: 5 },
    counterpartyAccount: { index: 6 },
    memo: { header: '用途' },
    bankEventId: { header: '交易参考号' },
  },
  directionConvention: 'SIGNED_AMOUNT',
  dateFormat: 'YYYY-MM-DD',
  amountUnit: 'yuan',
};
const SEPARATE_FEN: Record<string, unknown> = {
  encoding: 'UTF8',
  delimiter: '\t',
  hasHeader: false,
  columns: {
    bookedAt: { index: 1 },
    accountNo: { index: 2 },
    creditAmount: { index: 3 },
    debitAmount: { index: 4 },
    counterpartyName: { index: 5 },
    memo: { index: 6 },
  },
  directionConvention: 'SEPARATE_COLUMNS',
  dateFormat: 'YYYY/MM/DD HH:mm:ss',
  amountUnit: 'fen',
};
const FIXTURES = [
  { file: 'csv/icbc-detail-direction.gbk.csv', layout: ICBC_GBK, rows: 5 },
  { file: 'csv/signed-amount.utf8.csv', layout: SIGNED, rows: 4 },
  { file: 'csv/separate-columns-fen.tab.csv', layout: SEPARATE_FEN, rows: 4 },
];

/** A small layout for inline files: `date,account,amount,name,memo`, signed amounts. */
const BASE: Record<string, unknown> = {
  encoding: 'UTF8',
  delimiter: ',',
  hasHeader: false,
  columns: {
    bookedAt: { index: 1 },
    accountNo: { index: 2 },
    amount: { index: 3 },
    counterpartyName: { index: 4 },
    memo: { index: 5 },
  },
  directionConvention: 'SIGNED_AMOUNT',
  dateFormat: 'YYYY-MM-DD',
  amountUnit: 'yuan',
};

const doc = (body: string | Buffer, extra: Partial<InboundDocument> = {}): InboundDocument => ({
  bankCode: 'TEST_BANK',
  contentType: 'text/csv',
  charset: null,
  body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  ...extra,
});
const parse = (
  body: string | Buffer,
  layout: Record<string, unknown> = BASE,
  extra?: Partial<InboundDocument>,
): AdapterResult => csvStatement.parse(doc(body, extra), { csvLayout: layout });
const parseFixture = (f: (typeof FIXTURES)[number]) => parse(fixture(f.file), f.layout);
const layoutWith = (patch: Record<string, unknown>, base = BASE) => ({ ...base, ...patch });
const columnsWith = (patch: Record<string, unknown>, base = BASE) =>
  layoutWith({ columns: { ...(base.columns as object), ...patch } }, base);

function refused(fn: () => unknown): DocumentRejected {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(DocumentRejected);
  return e as DocumentRejected;
}
const shanghai = (local: string) => new Date(`${local}+08:00`);
const pick = (e: AccountEvent) => ({
  type: e.type,
  amountFen: e.amountFen,
  bookedAt: e.bookedAt.toISOString(),
  counterpartyName: e.counterpartyName,
  counterpartyAccount: e.counterpartyAccount,
  memo: e.memo,
});

describe('csv-statement conformance (the properties every bank adapter has)', () => {
  const all: BankAdapter[] = [canonicalJsonAdapter, iso20022, icbcCms, cmbCmbsdkpgk, csvStatement];

  describe.each(FIXTURES)('$file', (f) => {
    it('is recognised by this adapter only', () => {
      const d = doc(fixture(f.file));
      expect(all.filter((a) => a.contentTypes.includes(d.contentType) && a.accepts(d))).toEqual([
        csvStatement,
      ]);
    });

    it('maps every data line to a valid event', () => {
      const { events, rejected, eventIndexes } = parseFixture(f);
      expect(rejected).toEqual([]);
      expect(events).toHaveLength(f.rows);
      expect(eventIndexes).toEqual(events.map((_, i) => i));
      for (const e of events) {
        expect(e.bankEventId).toMatch(/^[\x21-\x7e]{1,128}$/);
        expect(e.accountNo).toMatch(/^[0-9A-Za-z-]{4,64}$/);
        expect(ACCOUNT_EVENT_TYPES).toContain(e.type);
        expect(typeof e.amountFen).toBe('bigint');
        expect(e.amountFen! > 0n).toBe(true);
        expect(Number.isNaN(e.bookedAt.getTime())).toBe(false);
        expect(() => JSON.stringify(e.raw)).not.toThrow();
      }
    });

    it('gives the same events, ids included, when parsed twice, and unique ids', () => {
      const first = parseFixture(f);
      expect(parseFixture(f)).toEqual(first);
      const ids = first.events.map((e) => e.bankEventId);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('refuses the file truncated inside a quoted field, naming where the quote opened', () => {
      const text = fixture(f.file);
      // the first quote that opens a field ('"' never occurs inside a GBK or UTF-8 character)
      const open = /(?:^|[,\t])"/m.exec(text.toString('latin1'));
      if (!open) return; // this file has no quoted field
      const cut = open.index + open[0].length;
      const e = refused(() => parse(text.subarray(0, cut), { ...f.layout, skipFooterLines: 0 }));
      expect(e.code).toBe('MALFORMED_CSV');
      expect(e.message).toMatch(/^line \d+, column \d+: the quoted field opened here is never closed/);
    });
  });

  it('refuses a file that is not CSV in the layout at all, saying why', () => {
    const e = refused(() => parse('{"events": []}\n', SIGNED));
    expect(e.code).toBe('CSV_HEADER_MISMATCH');
    expect(e.message).toMatch(
      /^line 1 \(header\): no column named "交易参考号" \(bankEventId\), "账号" \(accountNo\), "记账日期" \(bookedAt\),/,
    );
  });
});

describe('the GBK statement (direction column 借/贷, separate time column, header names)', () => {
  const result = parseFixture(FIXTURES[0]);
  const [salary, zhang, li, hyperlink, cmd] = result.events;

  it('reads Chinese text, thousands separators and Shanghai times', () => {
    expect(pick(salary)).toEqual({
      type: 'CREDIT',
      amountFen: 30_000_000n,
      bookedAt: shanghai('2026-03-15T10:12:00').toISOString(),
      counterpartyName: '本溪市城建投资有限公司',
      counterpartyAccount: '2105001234567890',
      memo: '3月人工费',
    });
    expect(salary.accountNo).toBe(ACC);
    expect(pick(zhang)).toMatchObject({ type: 'DEBIT', amountFen: 1_234_567n, memo: '工资，三月' });
  });

  it('keeps a quoted comma, line break and "" inside a field, and counts lines across the break', () => {
    expect(li.counterpartyName).toBe('李四, 班组长');
    expect(li.memo).toBe('工资\r\n补发');
    expect(li.raw).toEqual({
      line: 6,
      cells: [
        '20260316',
        '093001',
        '借',
        '8,000.00',
        '279,654.33',
        '李四, 班组长',
        '6222020705002222222',
        '工资\r\n补发',
        'HX20260316000003',
      ],
    });
    expect((cmd.raw as { line: number }).line).toBe(9); // line 7 is the rest of line 6's memo
  });

  it("uses the bank's 流水号 as the id, and a digest of the fields where it is empty", () => {
    expect(result.events.slice(0, 3).map((e) => e.bankEventId)).toEqual([
      `csv:${ACC}:ref:HX20260315000017`,
      `csv:${ACC}:ref:HX20260316000002`,
      `csv:${ACC}:ref:HX20260316000003`,
    ]);
    expect(hyperlink.bankEventId).toMatch(new RegExp(`^csv:${ACC}:F[0-9a-f]{24}$`));
    expect(cmd.bankEventId).toMatch(new RegExp(`^csv:${ACC}:F[0-9a-f]{24}$`));
  });

  it('neutralises formula-like counterparty and memo text, and keeps raw as received', () => {
    expect(pick(hyperlink)).toMatchObject({
      counterpartyName: `'=HYPERLINK("http://evil.example/","点击查看")`,
      counterpartyAccount: `'+8613800000000`,
      memo: `'@SUM(A1:A9)`,
    });
    expect(cmd.memo).toBe(`'-2+3+cmd|' /C calc'!A0`);
    expect((hyperlink.raw as { cells: string[] }).cells.slice(5, 8)).toEqual([
      '=HYPERLINK("http://evil.example/","点击查看")',
      '+8613800000000',
      '@SUM(A1:A9)',
    ]);
  });

  it('gives the same events as a UTF-8 copy read with a UTF-8 layout', () => {
    const utf8 = Buffer.from(new TextDecoder('gbk').decode(fixture(FIXTURES[0].file)), 'utf8');
    expect(parse(utf8, layoutWith({ encoding: 'UTF8' }, ICBC_GBK))).toEqual(result);
    expect(parse(fixture(FIXTURES[0].file), layoutWith({ encoding: 'GB18030' }, ICBC_GBK))).toEqual(result);
  });

  it('accepts an agreeing Content-Type charset and refuses a contradicting one', () => {
    const body = fixture(FIXTURES[0].file);
    for (const charset of ['GBK', 'gb2312', 'GB18030']) {
      expect(parse(body, ICBC_GBK, { charset }).events).toHaveLength(5);
    }
    const e = refused(() => parse(body, ICBC_GBK, { charset: 'utf-8' }));
    expect(e.code).toBe('WRONG_ENCODING');
    expect(e.message).toMatch(/charset "utf-8" does not match .* GBK/);
  });

  it('refuses GBK bytes under a UTF-8 layout, naming the first bad line, and UTF-8 bytes under GBK', () => {
    const e = refused(() => parse(fixture(FIXTURES[0].file), layoutWith({ encoding: 'UTF8' }, ICBC_GBK)));
    expect(e.code).toBe('WRONG_ENCODING');
    expect(e.message).toMatch(/not valid UTF8 \(line 1\)/);
    const utf8 = Buffer.from(new TextDecoder('gbk').decode(fixture(FIXTURES[0].file)), 'utf8');
    expect(refused(() => parse(utf8, ICBC_GBK)).message).toMatch(/GBK but the file's bytes are UTF-8/);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture(FIXTURES[0].file)]);
    expect(refused(() => parse(bom, ICBC_GBK)).code).toBe('WRONG_ENCODING');
  });

  it('reads the markers case-insensitively, whatever the bank writes (C/D, 1/2, CRDT/DBIT)', () => {
    const body = (c: string, d: string) => `2026-03-01,${ACC},10.00,${c}\n2026-03-01,${ACC},3.00,${d}\n`;
    const layout = (credit: string[], debit: string[]) =>
      layoutWith({
        directionConvention: 'DIRECTION_COLUMN',
        creditMarkers: credit,
        debitMarkers: debit,
        columns: {
          bookedAt: { index: 1 },
          accountNo: { index: 2 },
          amount: { index: 3 },
          direction: { index: 4 },
        },
      });
    for (const [credit, debit, c, d] of [
      ['C', 'D', 'c', ' D '],
      ['2', '1', '2', '1'],
      ['CRDT', 'DBIT', 'Crdt', 'DBIT'],
      ['贷', '借', '贷', '借'],
    ]) {
      const { events } = parse(body(c, d), layout([credit], [debit]));
      expect(events.map((e) => [e.type, e.amountFen])).toEqual([
        ['CREDIT', 1000n],
        ['DEBIT', 300n],
      ]);
    }
    const { rejected } = parse(body('C', 'X'), layout(['C', '贷'], ['D', '借']));
    expect(rejected).toEqual([
      {
        index: 1,
        code: 'BAD_DIRECTION',
        message:
          'line 2, column 4 (direction): "X" is neither a credit marker (C, 贷) nor a debit marker (D, 借)',
      },
    ]);
  });

  it('turns a negative amount beside a direction into a red-ink reversal the other way: on the credit side, a CREDIT_REVERSAL', () => {
    const layout = layoutWith({
      directionConvention: 'DIRECTION_COLUMN',
      creditMarkers: ['C'],
      debitMarkers: ['D'],
      columns: {
        bookedAt: { index: 1 },
        accountNo: { index: 2 },
        amount: { index: 3 },
        direction: { index: 4 },
        memo: { index: 5 },
        bankEventId: { index: 6 },
      },
    });
    const { events } = parse(
      `2026-03-01,${ACC},-50.00,D,工资退回,R1\n2026-03-01,${ACC},50.00,D,工资,R1\n` +
        `2026-03-02,${ACC},-80.00,C,误入账冲回,R2\n`,
      layout,
    );
    expect(events.map((e) => [e.type, e.amountFen, e.memo, e.bankEventId])).toEqual([
      ['CREDIT', 5000n, `${REVERSAL_MARKER} red-ink negative amount 工资退回`, `csv:${ACC}:ref:R1:rev`],
      ['DEBIT', 5000n, '工资', `csv:${ACC}:ref:R1`],
      [
        'CREDIT_REVERSAL',
        8000n,
        `${REVERSAL_MARKER} red-ink negative amount 误入账冲回`,
        `csv:${ACC}:ref:R2:rev`,
      ],
    ]);
  });
});

describe("the layout's credit-reversal marker (冲正 in the direction column)", () => {
  it('reads a line marked as a credit taken back as CREDIT_REVERSAL, never deduplicated as its credit', () => {
    const layout = layoutWith({
      directionConvention: 'DIRECTION_COLUMN',
      creditMarkers: ['贷'],
      debitMarkers: ['借'],
      creditReversalMarkers: ['冲'],
      columns: {
        bookedAt: { index: 1 },
        accountNo: { index: 2 },
        amount: { index: 3 },
        direction: { index: 4 },
        memo: { index: 5 },
        bankEventId: { index: 6 },
      },
    });
    const { events } = parse(
      `2026-03-01,${ACC},800.00,贷,人工费,R7\n2026-03-02,${ACC},800.00, 冲 ,误入账冲正,R7\n`,
      layout,
    );
    expect(events.map((e) => [e.type, e.amountFen, e.memo, e.bankEventId])).toEqual([
      ['CREDIT', 80000n, '人工费', `csv:${ACC}:ref:R7`],
      [
        'CREDIT_REVERSAL',
        80000n,
        `${REVERSAL_MARKER} reversal marker "冲" 误入账冲正`,
        `csv:${ACC}:ref:R7:rev`,
      ],
    ]);
  });
});

describe('the signed-amount statement (UTF-8 with BOM, accounts per line, currency column)', () => {
  const { events, rejected } = parseFixture(FIXTURES[1]);

  it('takes the sign as the direction: negative is a debit', () => {
    expect(rejected).toEqual([]);
    expect(events.map((e) => [e.accountNo, e.type, e.amountFen, e.bankEventId])).toEqual([
      [ACC, 'CREDIT', 50_000_000n, `csv:${ACC}:ref:REF-0001`],
      [ACC, 'DEBIT', 450_000n, `csv:${ACC}:ref:REF-0002`],
      [ACC2, 'CREDIT', 120_000n, `csv:${ACC2}:ref:REF-0003`],
      [ACC2, 'DEBIT', 30_050n, `csv:${ACC2}:ref:REF-0004`],
    ]);
    expect(events[0].bookedAt).toEqual(shanghai('2026-03-05T00:00:00'));
  });

  it('skips blank lines but counts them, unwraps ="…" and un-doubles quotes', () => {
    expect(events[3]).toMatchObject({
      counterpartyName: '赵六 "小赵"',
      counterpartyAccount: '6222020705004444444',
      raw: { line: 6 },
    });
    expect(events[2].counterpartyAccount).toBeNull();
  });

  it('rejects a line in another currency, and lets the rest through', () => {
    const text = fixture(FIXTURES[1].file).toString('utf8').replace('-4500.00,CNY', '-4500.00,USD');
    const r = parse(text, SIGNED);
    expect(r.events).toHaveLength(3);
    expect(r.eventIndexes).toEqual([0, 2, 3]);
    expect(r.rejected).toEqual([
      {
        index: 1,
        code: 'CURRENCY_NOT_CNY',
        message: 'line 3, column 4 (currency): "USD" is not CNY; only CNY counts as labour cost',
      },
    ]);
  });

  it('rejects a zero amount', () => {
    expect(parse(`2026-03-01,${ACC},0.00,a,b\n`).rejected[0].message).toBe(
      'line 1, column 3 (amount): is zero',
    );
  });
});

describe('the separate-columns statement (tab, no header, FEN)', () => {
  const { events } = parseFixture(FIXTURES[2]);

  it('takes the side from the column that holds the amount, reading fen', () => {
    expect(events.map((e) => [e.type, e.amountFen, e.counterpartyName])).toEqual([
      ['CREDIT', 30_000_000n, '本溪市城建投资有限公司'],
      ['DEBIT', 450_000n, '张三'],
      ['DEBIT', 450_000n, '张三'],
      ['DEBIT', 450_000n, '李四'],
    ]);
    expect(events[1].bookedAt).toEqual(shanghai('2026-03-06T09:30:00'));
  });

  it('keeps two lines that no field tells apart as two events (#2), and a different line apart', () => {
    const [, a, b, c] = events.map((e) => e.bankEventId);
    expect(b).toBe(`${a}#2`);
    expect(c).not.toBe(a);
  });

  it('rejects a line with both columns filled, or neither, naming both columns', () => {
    const layout = SEPARATE_FEN;
    const { rejected } = parse(
      `2026/03/05 10:12:00\t${ACC}\t100\t200\tx\ty\n2026/03/05 10:12:00\t${ACC}\t\t0.00\tx\ty\n`,
      layout,
    );
    expect(rejected).toEqual([
      {
        index: 0,
        code: 'AMBIGUOUS_AMOUNT',
        message:
          'line 1, columns 3 (creditAmount) and 4 (debitAmount): both hold an amount ("100", "200"); one must be empty',
      },
      {
        index: 1,
        code: 'MISSING_AMOUNT',
        message: 'line 2, columns 3 (creditAmount) and 4 (debitAmount): neither holds an amount',
      },
    ]);
  });

  it('refuses decimals in a FEN amount', () => {
    expect(parse(`2026/03/05 10:12:00\t${ACC}\t4500.50\t\tx\ty\n`, SEPARATE_FEN).rejected[0].message).toBe(
      'line 1, column 3 (creditAmount): "4500.50" is not an amount (decimals, but the unit is fen)',
    );
  });
});

describe('derived ids', () => {
  const rows = [
    `2026-03-05,${ACC},100.00,张三,工资`,
    `2026-03-05,${ACC},100.00,李四,工资`,
    `2026-03-05,${ACC},-100.00,张三,工资`,
    `2026-03-05,${ACC},100.01,张三,工资`,
    `2026-03-06,${ACC},100.00,张三,工资`,
    `2026-03-05,${ACC2},100.00,张三,工资`,
    `2026-03-05,${ACC},100.00,张三,工资 `, // trailing space: the same booking as line 1, trimmed
  ];
  const ids = (text: string) => parse(text).events.map((e) => e.bankEventId);

  it('differ for lines that differ in any mapped field', () => {
    const all = ids(rows.slice(0, 6).join('\n'));
    expect(new Set(all).size).toBe(6);
    expect(all.every((id) => /^csv:\d+:F[0-9a-f]{24}$/.test(id))).toBe(true);
  });

  it('do not depend on the line a booking is on, so a later statement repeats them', () => {
    const march = ids(rows.slice(0, 3).join('\n'));
    const wider = ids([`2026-03-01,${ACC},7.00,x,y`, ...rows.slice(0, 3)].join('\r\n'));
    expect(wider.slice(1)).toEqual(march);
  });

  it('ignore surrounding spaces, and number repeats of one booking in document order', () => {
    const [first, , , , , , same] = ids(rows.join('\n'));
    expect(same).toBe(`${first}#2`);
  });

  it('tell lines apart by their balance, read as an amount, so its spelling does not matter', () => {
    const layout = layoutWith({ thousandsSeparators: true }, columnsWith({ balance: { index: 6 } }));
    const one = (balance: string) =>
      parse(`2026-03-05,${ACC},100.00,张三,工资,"${balance}"\n`, layout).events[0].bankEventId;
    expect(one('1,234.00')).toBe(one('1234'));
    expect(one('1,234.00')).not.toBe(one('1,134.00'));
    expect(one('n/a')).not.toBe(one(''));
  });

  it('use a digest for a reference that is not printable ASCII or too long', () => {
    const layout = columnsWith({ bankEventId: { index: 6 } });
    const [chinese, long] = [
      parse(`2026-03-05,${ACC},1.00,a,b,流水一号\n`, layout).events[0].bankEventId,
      parse(`2026-03-05,${ACC},1.00,a,b,${'X'.repeat(120)}\n`, layout).events[0].bankEventId,
    ];
    expect(chinese).toMatch(new RegExp(`^csv:${ACC}:refh:[0-9a-f]{24}$`));
    expect(long).toMatch(new RegExp(`^csv:${ACC}:refh:[0-9a-f]{24}$`));
    expect(parse(`2026-03-05,${ACC},1.00,a,b,  \n`, layout).events[0].bankEventId).toMatch(/:F[0-9a-f]{24}$/);
  });
});

describe('dates', () => {
  const one = (date: string, dateFormat: string) =>
    parse(`${date},${ACC},1.00,a,b\n`, layoutWith({ dateFormat }));

  it.each([
    ['2026-03-05', 'YYYY-MM-DD', '2026-03-05T00:00:00'],
    ['20260305', 'YYYYMMDD', '2026-03-05T00:00:00'],
    ['2026/03/05 23:59:58', 'YYYY/MM/DD HH:mm:ss', '2026-03-05T23:59:58'],
    ['2026年3月5日', 'YYYY年M月D日', '2026-03-05T00:00:00'],
    ['2026.3.5 8:05', 'YYYY.M.D H:mm', '2026-03-05T08:05:00'],
  ])('reads %s as %s, Asia/Shanghai', (date, format, local) => {
    expect(one(date, format).events[0].bookedAt).toEqual(shanghai(local));
  });

  it.each([
    ['2026-3-5', 'YYYY-MM-DD', '"2026-3-5" is not a date written YYYY-MM-DD'],
    ['2026-02-30', 'YYYY-MM-DD', '"2026-02-30" is not a real date'],
    ['2026/03/05 24:00:00', 'YYYY/MM/DD HH:mm:ss', '"2026/03/05 24:00:00" is not a real date and time'],
    ['20260305', 'YYYY-MM-DD', '"20260305" is not a date written YYYY-MM-DD'],
  ])('rejects %s under %s, naming line and column', (date, format, why) => {
    expect(one(date, format).rejected).toEqual([
      { index: 0, code: 'INVALID_BOOKED_AT', message: `line 1, column 1 (bookedAt): ${why}` },
    ]);
  });

  it('names the time column for a bad time, and takes an empty time as the start of the day', () => {
    const layout = layoutWith({
      timeFormat: 'HH:mm',
      columns: { ...(BASE.columns as object), bookedTime: { index: 6 } },
    });
    const r = parse(`2026-03-05,${ACC},1.00,a,b,25:00\n2026-03-05,${ACC},1.00,a,b,\n`, layout);
    expect(r.rejected[0].message).toBe('line 1, column 6 (bookedTime): "25:00" is not a real time');
    expect(r.events[0].bookedAt).toEqual(shanghai('2026-03-05T00:00:00'));
  });
});

describe('amounts', () => {
  const amounts = (cells: string[], patch: Record<string, unknown> = {}) =>
    parse(cells.map((a) => `2026-03-05,${ACC},"${a}",x,y`).join('\n'), layoutWith(patch));

  it('reads yuan to fen on the string, never through a float', () => {
    const { events } = amounts(['0.1', '0.20', '1234567.89', '+7', '-0.07', '999999999999.99']);
    expect(events.map((e) => e.amountFen)).toEqual([10n, 20n, 123_456_789n, 700n, 7n, 99_999_999_999_999n]);
  });

  it('quotes at most 40 characters of a bad cell in the message', () => {
    const { rejected } = amounts(['9'.repeat(30) + 'x'.repeat(1000)]);
    expect(rejected[0].message).toBe(
      `line 1, column 3 (amount): "${'9'.repeat(30)}${'x'.repeat(10)}…" is not an amount`,
    );
  });

  it('reads thousands separators when the layout allows them, only between groups of three', () => {
    const { events, rejected } = amounts(['1,234,567.89', '-12,345', '12,5', '1,23,456.00', '1234,567'], {
      thousandsSeparators: true,
    });
    expect(events.map((e) => e.amountFen)).toEqual([123_456_789n, 1_234_500n]);
    expect(rejected.map((r) => r.message)).toEqual([
      'line 3, column 3 (amount): "12,5" is not an amount (a comma that does not separate groups of three digits)',
      'line 4, column 3 (amount): "1,23,456.00" is not an amount (a comma that does not separate groups of three digits)',
      'line 5, column 3 (amount): "1234,567" is not an amount (a comma that does not separate groups of three digits)',
    ]);
  });

  it('refuses any separator when the layout allows none, and whatever is not a number', () => {
    const { rejected } = amounts(['1,234.00', '12.345', '1e3', '¥12.00', '', '100000000000000.00']);
    expect(rejected.map((r) => [r.code, r.message])).toEqual([
      [
        'BAD_AMOUNT',
        'line 1, column 3 (amount): "1,234.00" is not an amount (this layout allows no thousands separators)',
      ],
      ['BAD_AMOUNT', 'line 2, column 3 (amount): "12.345" is not an amount (more than two decimals)'],
      ['BAD_AMOUNT', 'line 3, column 3 (amount): "1e3" is not an amount'],
      ['BAD_AMOUNT', 'line 4, column 3 (amount): "¥12.00" is not an amount'],
      ['MISSING_VALUE', 'line 5, column 3 (amount): is empty'],
      [
        'BAD_AMOUNT',
        'line 6, column 3 (amount): "100000000000000.00" is not an amount (larger than any amount the hub accepts)',
      ],
    ]);
  });
});

describe('quoting (RFC 4180)', () => {
  it('reads delimiters, line breaks and doubled quotes inside quotes, and a quote inside an unquoted field literally', () => {
    const { events } = parse(
      `2026-03-05,${ACC},1.00,"a,b","line one\nline ""two"""\n2026-03-05,${ACC},2.00,5" pipe,"",\n`,
    );
    expect(events.map((e) => [e.counterpartyName, e.memo])).toEqual([
      ['a,b', 'line one\nline "two"'],
      ['5" pipe', null],
    ]);
    expect(events.map((e) => (e.raw as { line: number }).line)).toEqual([1, 3]);
  });

  it.each([
    [';', `2026-03-05;${ACC};1.00;"a;b";m\n`],
    ['|', `2026-03-05|${ACC}|1.00|"a|b"|m\n`],
    ['\t', `2026-03-05\t${ACC}\t1.00\t"a\tb"\tm\n`],
  ])('reads the delimiter %j', (delimiter, body) => {
    const { events } = parse(body, layoutWith({ delimiter }));
    expect(events[0].counterpartyName).toBe(`a${delimiter}b`);
  });

  it('refuses text after a closing quote, naming line and column', () => {
    const e = refused(() => parse(`2026-03-05,${ACC},1.00,a,b\n2026-03-05,${ACC},"1.00"x,a,b\n`));
    expect(e.code).toBe('MALFORMED_CSV');
    expect(e.message).toBe(
      'line 2, column 3: text after the closing quote (write "" for a quote inside a quoted field)',
    );
  });

  it('names the line a field starts on when an earlier field spans lines', () => {
    const { rejected } = parse(`2026-03-05,${ACC},1.00,"a\nb\nc",m\n2026-03-05,${ACC},"x",a,b\n`);
    expect(rejected[0].message).toBe('line 4, column 3 (amount): "x" is not an amount');
  });
});

describe('what refuses the whole document, and what only a line', () => {
  it('no layout: CSV_LAYOUT_MISSING', () => {
    const e = refused(() => csvStatement.parse(doc('a,b\n'), {}));
    expect(e.code).toBe('CSV_LAYOUT_MISSING');
    expect(e.message).toMatch(/TEST_BANK has no CSV layout registered.*setBankCsvLayout/);
  });

  it('a stored layout that is not valid: BAD_PROFILE naming the field', () => {
    const e = refused(() => parse('x\n', layoutWith({ delimiter: ':' })));
    expect(e.code).toBe('BAD_PROFILE');
    expect(e.message).toMatch(/csvLayout\.delimiter: must be one of/);
  });

  it('a header without a named column: CSV_HEADER_MISMATCH listing what the header has', () => {
    const text = fixture(FIXTURES[1].file).toString('utf8').replace('交易参考号', '参考号');
    const e = refused(() => parse(text, SIGNED));
    expect(e.code).toBe('CSV_HEADER_MISMATCH');
    expect(e.message).toBe(
      'line 1 (header): no column named "交易参考号" (bankEventId); the header has: "记账日期", "账号", "金额", "币种", "对方户名", "对方账号", "用途", "参考号"',
    );
  });

  it('a header naming a column twice, or no header at all: CSV_HEADER_MISMATCH', () => {
    const twice = refused(() =>
      parse('记账日期,账号,金额,币种,对方户名,对方账号,用途,交易参考号,金额\n', SIGNED),
    );
    expect(twice.message).toMatch(
      /line 1 \(header\): the header names "金额" \(amount\) 2 times \(columns 3, 9\)/,
    );
    expect(refused(() => parse('\n\n', SIGNED)).code).toBe('CSV_HEADER_MISMATCH');
    expect(refused(() => parse('title\n', layoutWith({ skipLines: 1 }, SIGNED))).message).toBe(
      'the layout expects a header line after line 1, but the file has none',
    );
  });

  it('a column past the end of the lines, or most lines the wrong width: CSV_COLUMN_COUNT', () => {
    const semicolons = `2026-03-05;${ACC};1.00;a;b\n2026-03-06;${ACC};2.00;a;b\n`;
    const e = refused(() => parse(semicolons));
    expect(e.code).toBe('CSV_COLUMN_COUNT');
    expect(e.message).toBe(
      `the layout reads column 2 (accountNo), but most of the file's lines have 1 column; is the delimiter "," right?`,
    );
    const header = `a,b,c,d,e\n2026-03-05,${ACC},1.00\n2026-03-06,${ACC},2.00\n2026-03-07,${ACC},3.00,x,y\n`;
    const wide = refused(() => parse(header, layoutWith({ hasHeader: true })));
    expect(wide.message).toBe(
      '2 of 3 data lines do not have the expected columns (the header on line 1 has 5 columns; line 2 has 3); is the delimiter "," right?',
    );
  });

  it('a few lines of the wrong width: only those lines, WRONG_COLUMN_COUNT', () => {
    const body = `h1,h2,h3,h4,h5,\n2026-03-05,${ACC},1.00,a,b\n2026-03-06,${ACC},2.00,a,b,,\n2026-03-07,${ACC},3.00,a,b,c\n2026-03-08,${ACC},4.00\n`;
    const r = parse(body, layoutWith({ hasHeader: true }));
    expect(r.events.map((e) => e.amountFen)).toEqual([100n, 200n]); // extra empty cells are a trailing delimiter
    expect(r.rejected).toEqual([
      {
        index: 2,
        code: 'WRONG_COLUMN_COUNT',
        message: 'line 4: 6 columns, but the header on line 1 has 5 columns',
      },
      {
        index: 3,
        code: 'WRONG_COLUMN_COUNT',
        message: 'line 5: 3 columns, but the header on line 1 has 5 columns',
      },
    ]);
  });

  it('too many lines: TOO_MANY_ROWS', () => {
    const body = `2026-03-05,${ACC},1.00,a,b\n`.repeat(MAX_CSV_ROWS + 1);
    expect(refused(() => parse(body)).code).toBe('TOO_MANY_ROWS');
  });

  it('a header and no data, or an empty file without header: no events, nothing refused', () => {
    expect(parse('记账日期,账号,金额,币种,对方户名,对方账号,用途,交易参考号\r\n', SIGNED)).toEqual({
      events: [],
      rejected: [],
      statements: [],
      eventIndexes: [],
    });
    expect(parse('').events).toEqual([]);
  });

  it('each line problem names its line and column and the data line index', () => {
    const body = [
      `2026-03-05,${ACC},1.00,a,b`,
      `2026-03-05,,1.00,a,b`,
      `2026-03-05,-12345,1.00,a,b`,
      `2026-03-05,${ACC},1.00,${'x'.repeat(501)},b`,
    ].join('\n');
    expect(parse(body).rejected).toEqual([
      { index: 1, code: 'MISSING_VALUE', message: 'line 2, column 2 (accountNo): is empty' },
      {
        index: 2,
        code: 'BAD_ACCOUNT_NO',
        message:
          'line 3, column 2 (accountNo): "-12345" is not an account number (4–64 characters from 0-9, A-Z and "-", starting with a letter or digit)',
      },
      {
        index: 3,
        code: 'FIELD_TOO_LONG',
        message: 'line 4, column 4 (counterpartyName): is 501 characters, at most 500',
      },
    ]);
  });

  it('skips title and footer lines by count, and trailing blank lines before the footer', () => {
    const body = `明细\n账号 ${ACC}\n2026-03-05,${ACC},1.00,a,b\n合计,1.00\n\n\n`;
    const r = parse(body, layoutWith({ skipLines: 2, skipFooterLines: 1 }));
    expect(r.rejected).toEqual([]);
    expect(r.events.map((e) => (e.raw as { line: number }).line)).toEqual([3]);
  });
});

describe('formula injection', () => {
  it.each(['=1+1', '+1', '-1', '@A1', '\tx', '\rx'])('prefixes %j with a quote', (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
  });

  it.each(['工资', '1+1', "'=1", '张=三', '6222020705001111111'])('leaves %j alone', (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });

  it('neutralises every text field, after trimming and after ="…" unwrapping', () => {
    const layout = columnsWith({ counterpartyAccount: { index: 6 } });
    const { events } = parse(`2026-03-05,${ACC},1.00," \t=cmd|' /C calc'!A0","=""=1+2""","-1"\n`, layout);
    expect(pick(events[0])).toMatchObject({
      counterpartyName: `'=cmd|' /C calc'!A0`,
      memo: `'=1+2`,
      counterpartyAccount: `'-1`,
    });
    expect((events[0].raw as { cells: string[] }).cells.slice(3)).toEqual([
      ` \t=cmd|' /C calc'!A0`,
      '="=1+2"',
      '-1',
    ]);
  });

  it('never lets a formula-like account number through: it is rejected', () => {
    expect(parse(`2026-03-05,=1+2,1.00,a,b\n`).rejected[0].code).toBe('BAD_ACCOUNT_NO');
  });
});

describe('layout validation', () => {
  const valid = (l: Record<string, unknown>) => validateCsvLayout(l);
  const fieldOf = (l: Record<string, unknown>) => {
    const e = thrown(() => validateCsvLayout(l));
    expect(e).toBeInstanceOf(CsvLayoutError);
    return [(e as CsvLayoutError).field, e.message];
  };

  it('accepts the fixtures’ layouts and stores one normal form (defaults filled, text trimmed)', () => {
    for (const f of FIXTURES) expect(() => valid(f.layout)).not.toThrow();
    const stored: CsvLayout = valid({ ...BASE, dateFormat: ' YYYY-MM-DD ' });
    expect(stored).toEqual({
      ...BASE,
      skipLines: 0,
      skipFooterLines: 0,
      fixedAccountNo: null,
      creditMarkers: [],
      debitMarkers: [],
      creditReversalMarkers: [],
      dateFormat: 'YYYY-MM-DD',
      timeFormat: null,
      thousandsSeparators: false,
    });
    expect(valid(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['encoding', { encoding: 'LATIN1' }, 'layout.encoding'],
    ['delimiter', { delimiter: ':' }, 'layout.delimiter'],
    ['skipLines', { skipLines: -1 }, 'layout.skipLines'],
    ['skipFooterLines', { skipFooterLines: 1.5 }, 'layout.skipFooterLines'],
    ['hasHeader', { hasHeader: null }, 'layout.hasHeader'],
    ['directionConvention', { directionConvention: 'GUESS' }, 'layout.directionConvention'],
    ['amountUnit', { amountUnit: 'JIAO' }, 'layout.amountUnit'],
    ['dateFormat missing', { dateFormat: '' }, 'layout.dateFormat'],
    ['dateFormat token', { dateFormat: 'DD-MMM-YYYY' }, 'layout.dateFormat'],
    ['dateFormat ambiguous', { dateFormat: 'YYYYMD' }, 'layout.dateFormat'],
    ['dateFormat without day', { dateFormat: 'YYYY-MM' }, 'layout.dateFormat'],
    ['timeFormat without time column', { timeFormat: 'HH:mm' }, 'layout.timeFormat'],
    ['fixedAccountNo and column', { fixedAccountNo: ACC }, 'layout.fixedAccountNo'],
    [
      'fixedAccountNo shape',
      { fixedAccountNo: '=1+1', columns: { bookedAt: { index: 1 }, amount: { index: 3 } } },
      'layout.fixedAccountNo',
    ],
    ['no account', { columns: { bookedAt: { index: 1 }, amount: { index: 3 } } }, 'layout.columns.accountNo'],
    [
      'no bookedAt',
      { columns: { accountNo: { index: 2 }, amount: { index: 3 } } },
      'layout.columns.bookedAt',
    ],
    [
      'both index and header',
      { columns: { ...(BASE.columns as object), memo: { index: 5, header: '摘要' } } },
      'layout.columns.memo',
    ],
    [
      'header without hasHeader',
      { columns: { ...(BASE.columns as object), memo: { header: '摘要' } } },
      'layout.columns.memo.header',
    ],
    [
      'index 0',
      { columns: { ...(BASE.columns as object), memo: { index: 0 } } },
      'layout.columns.memo.index',
    ],
    [
      'same column twice',
      { columns: { ...(BASE.columns as object), memo: { index: 3 } } },
      'layout.columns.memo',
    ],
    [
      'unknown column',
      { columns: { ...(BASE.columns as object), payee: { index: 9 } } },
      'layout.columns.payee',
    ],
    ['markers without direction column', { creditMarkers: ['C'] }, 'layout.creditMarkers'],
    [
      'direction column with signed amounts',
      { columns: { ...(BASE.columns as object), direction: { index: 6 } } },
      'layout.columns.direction',
    ],
    [
      'amount with separate columns',
      { directionConvention: 'SEPARATE_COLUMNS' },
      'layout.columns.creditAmount',
    ],
  ])('refuses %s, naming the field', (_name, patch, field) => {
    const [named, message] = fieldOf(layoutWith(patch));
    expect(named).toBe(field);
    expect(message.startsWith(`${field}: `)).toBe(true);
  });

  it('refuses DIRECTION_COLUMN without markers, or with one marker on both sides', () => {
    const direction = layoutWith({
      directionConvention: 'DIRECTION_COLUMN',
      columns: { ...(BASE.columns as object), direction: { index: 6 } },
    });
    expect(fieldOf({ ...direction, debitMarkers: ['D'] })[0]).toBe('layout.creditMarkers');
    expect(fieldOf({ ...direction, creditMarkers: ['C'] })[0]).toBe('layout.debitMarkers');
    expect(fieldOf({ ...direction, creditMarkers: ['C'], debitMarkers: ['D', 'c'] })).toEqual([
      'layout.debitMarkers',
      'layout.debitMarkers: "c" is also a credit marker',
    ]);
    expect(fieldOf({ ...direction, creditMarkers: [' '], debitMarkers: ['D'] })[0]).toBe(
      'layout.creditMarkers[0]',
    );
  });

  it('refuses a credit-reversal marker that is also a side marker, or without a direction column', () => {
    const direction = layoutWith({
      directionConvention: 'DIRECTION_COLUMN',
      columns: { ...(BASE.columns as object), direction: { index: 6 } },
      creditMarkers: ['C'],
      debitMarkers: ['D'],
    });
    expect(fieldOf({ ...direction, creditReversalMarkers: ['d'] })).toEqual([
      'layout.creditReversalMarkers',
      'layout.creditReversalMarkers: "d" is also a credit or debit marker',
    ]);
    expect(fieldOf(layoutWith({ creditReversalMarkers: ['冲'] }))[0]).toBe('layout.creditReversalMarkers');
  });

  it('refuses a time in the date format when a time column is given', () => {
    const withTime = columnsWith({ bookedTime: { index: 6 } });
    expect(fieldOf({ ...withTime, dateFormat: 'YYYY-MM-DD HH:mm' })[0]).toBe('layout.dateFormat');
    expect(fieldOf({ ...withTime, timeFormat: 'YYYY' })[0]).toBe('layout.timeFormat');
    expect(valid(withTime).timeFormat).toBe('HH:mm:ss');
  });
});
