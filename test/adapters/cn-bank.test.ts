import { DocumentRejected } from '../../adapters/bank-adapter';
import { cmbCmbsdkpgk, icbcCms } from '../../adapters/cn-bank';
import { REVERSAL_MARKER } from '../../adapters/xml/event-ids';
import { fixture, inbound, thrown } from './support';

const GBK = 'cn-bank/icbc-QPD-response-sample.gbk.xml';
const UTF8 = 'cn-bank/icbc-QPD-response-sample.utf8.xml';
const QHISD = 'cn-bank/derived-icbc-QHISD.utf8.xml';
const CMB = 'cn-bank/cmb-GetTransInfo-response-sample.xml';
const CMB_REQ = 'cn-bank/cmb-GetTransInfo-request-sample.xml';
const CMB_DERIVED = 'cn-bank/derived-cmb-GetTransInfo-response.xml';
/** ICBC's profile must state its amount unit; these tests read the samples as yuan. */
const YUAN = { amountUnit: 'yuan' };
const ACC = '4000023029200124946';

const code = (fn: () => unknown) => {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(DocumentRejected);
  return e.code;
};

describe('ICBC CMS QPD sample', () => {
  const gbk = icbcCms.parse(inbound(fixture(GBK)), YUAN);

  it('GBK and UTF-8 copies of the same message give identical events', () => {
    expect(gbk.events).toHaveLength(10);
    expect(icbcCms.parse(inbound(fixture(UTF8)), YUAN)).toEqual(gbk);
    expect(gbk.events.map((e) => e.counterpartyName)).toContain('李斯');
  });

  it('reads a GBK body without declaration by the Content-Type charset, and refuses it as UTF-8', () => {
    const noDecl = Buffer.from(
      fixture(GBK)
        .toString('latin1')
        .replace(/^<\?xml[^>]*\?>/, ''),
      'latin1',
    );
    expect(icbcCms.parse(inbound(noDecl, { charset: 'GBK' }), YUAN).events).toEqual(gbk.events);
    expect(code(() => icbcCms.parse(inbound(noDecl), YUAN))).toBe('WRONG_ENCODING');
  });

  it('maps Drcrf 1 (借) to DEBIT with RecipName/RecipAccNo as counterparty', () => {
    expect(gbk.events.every((e) => e.type === 'DEBIT' && e.accountNo === ACC)).toBe(true);
    expect(gbk.events[0]).toMatchObject({
      counterpartyName: '李斯',
      counterpartyAccount: '214124523411233',
      memo: 'test- | 保险理赔 | 37102100749336',
    });
  });

  it('reads Amount in yuan by default and in fen when the profile says so', () => {
    expect(gbk.events.map((e) => e.amountFen).slice(0, 3)).toEqual([2_000_000n, 1_500_000n, 2_500_000n]);
    const fen = icbcCms.parse(inbound(fixture(GBK)), { amountUnit: 'fen' });
    expect(fen.events.map((e) => e.amountFen).slice(6)).toEqual([242n, 255n, 254n, 242n]);
    expect(code(() => icbcCms.parse(inbound(fixture(GBK)), { amountUnit: 'jiao' }))).toBe('BAD_PROFILE');
    // An unstated unit is refused, not guessed: a wrong guess is a 100x error.
    expect(thrown(() => icbcCms.parse(inbound(fixture(GBK)), {}))).toMatchObject({
      code: 'BAD_PROFILE',
      message: expect.stringMatching(/setBankAmountUnit/),
    });
  });

  it('takes bookedAt from the DB2 TimeStamp, Shanghai time', () => {
    expect(gbk.events[0].bookedAt.toISOString()).toBe('2017-10-18T12:07:19.483Z'); // 2017-10-18-20.07.19.483163
  });

  it('keys rows on date + receipt id, so empty Ref and repeated Oref/amount rows stay distinct', () => {
    const last = gbk.events[9]; // Ref empty, Oref shared with row 9, same 242 as row 7
    expect(last.bankEventId).toBe(`icbc:${ACC}:20171018:R4000|00230|17294|000018`);
    expect(new Set(gbk.events.map((e) => e.bankEventId)).size).toBe(10);
  });

  it('refuses a non-zero RetCode and a TransCode that is not a detail answer', () => {
    const text = fixture(UTF8).toString('utf8');
    expect(code(() => icbcCms.parse(inbound(text.replace('<RetCode>0<', '<RetCode>B0001<')), YUAN))).toBe(
      'BANK_ERROR',
    );
    expect(code(() => icbcCms.parse(inbound(text.replace('>QPD<', '>PAYENT<')), YUAN))).toBe(
      'UNSUPPORTED_MESSAGE',
    );
    expect(code(() => icbcCms.parse(inbound(text.replace(/<AccNo>\d+</, '<AccNo><')), YUAN))).toBe(
      'MISSING_ACCOUNT',
    );
  });
});

describe('ICBC CMS QHISD (derived): debit/credit and reversal encodings', () => {
  const r = icbcCms.parse(inbound(fixture(QHISD)), YUAN);
  const acc = '0701000000000000123';

  it('maps Drcrf 2 (贷) to CREDIT from CreditAmount and Drcrf 1 (借) to DEBIT from DebitAmount', () => {
    expect(r.events.slice(0, 2).map((e) => [e.type, e.amountFen, e.counterpartyName])).toEqual([
      ['CREDIT', 15_000_000n, '某建设集团有限公司'],
      ['DEBIT', 500_000n, '王五'],
    ]);
    expect(r.events[0].bookedAt.toISOString()).toBe('2024-03-01T01:30:00.123Z');
  });

  it('keeps a 冲正 row (UpDtranf 1) on its Drcrf side, marked as a reversal', () => {
    expect(r.events[2]).toMatchObject({ type: 'CREDIT', amountFen: 500_000n });
    expect(r.events[2].bankEventId).toBe(`icbc:${acc}:20240301:R0701|00123|45678|000103:R`);
    expect(r.events[2].memo).toBe(`${REVERSAL_MARKER} 冲正 UpDtranf=1 冲正 | 工资`);
  });

  it('turns a red-ink negative amount into the opposite side, marked as a reversal', () => {
    const redInk = r.events.find((e) => e.memo?.includes('手续费红字冲销'))!;
    expect(redInk).toMatchObject({ type: 'CREDIT', amountFen: 30_000n });
    expect(redInk.memo).toBe(`${REVERSAL_MARKER} red-ink negative amount 手续费红字冲销`);
  });

  it('keys a row without receipt id or sequence on a digest, dated by BusiDate/BusiTime', () => {
    const fee = r.events.find((e) => e.memo === '手续费')!;
    expect(fee.bankEventId).toMatch(new RegExp(`^icbc:${acc}:20240301:F[0-9a-f]{24}$`));
    expect(fee.bookedAt.toISOString()).toBe('2024-03-01T08:00:00.000Z');
  });

  it('rejects a foreign-currency row and an unknown Drcrf', () => {
    expect(r.rejected.map((x) => [x.index, x.code])).toEqual([
      [5, 'CURRENCY_NOT_CNY'],
      [6, 'BAD_DIRECTION'],
    ]);
  });
});

describe('CMB CMBSDKPGK GetTransInfo', () => {
  const doc = inbound(fixture(CMB));
  const expected = {
    bankEventId: 'cmb:1280078810001:20060915:AP090003',
    accountNo: '1280078810001',
    type: 'DEBIT',
    amountFen: 45_000n,
    counterpartyName: '北京集团公司收方帐号',
    counterpartyAccount: '1280078810099',
    memo: '1700016092000032',
  };

  it('refuses the answer when nothing names the account', () => {
    const e = thrown(() => cmbCmbsdkpgk.parse(doc, {}));
    expect(e).toMatchObject({ code: 'ACCOUNT_UNKNOWN' });
    expect(e.message).toMatch(/accountNoHint or the request document/);
  });

  it('takes the account from accountNoHint', () => {
    const r = cmbCmbsdkpgk.parse({ ...doc, accountNoHint: '1280078810001' }, {});
    expect(r.events).toEqual([expect.objectContaining(expected)]);
    expect(r.events[0].bookedAt.toISOString()).toBe('2006-09-15T07:08:58.000Z'); // 20060915 150858 +08:00
  });

  it('takes the account from the request document, as bytes or text, and checks it against the hint', () => {
    const byBytes = cmbCmbsdkpgk.parse(doc, { requestDocument: fixture(CMB_REQ) });
    const byText = cmbCmbsdkpgk.parse(
      { ...doc, accountNoHint: '1280078810001' },
      { requestDocument: fixture(CMB_REQ).toString('utf8') },
    );
    expect(byBytes).toEqual(byText);
    expect(byBytes.events[0]).toMatchObject(expected);
    expect(
      code(() => cmbCmbsdkpgk.parse({ ...doc, accountNoHint: '999' }, { requestDocument: fixture(CMB_REQ) })),
    ).toBe('ACCOUNT_MISMATCH');
  });

  it('refuses the request itself, a non-zero RETCOD and another function', () => {
    expect(code(() => cmbCmbsdkpgk.parse(inbound(fixture(CMB_REQ), { accountNoHint: '1' }), {}))).toBe(
      'UNSUPPORTED_MESSAGE',
    );
    const text = fixture(CMB).toString('utf8');
    expect(
      code(() =>
        cmbCmbsdkpgk.parse(inbound(text.replace('<RETCOD>0<', '<RETCOD>-9<'), { accountNoHint: '1' }), {}),
      ),
    ).toBe('BANK_ERROR');
    expect(
      code(() =>
        cmbCmbsdkpgk.parse(
          inbound(text.replace('>GetTransInfo<', '>GetBalInfo<'), { accountNoHint: '1' }),
          {},
        ),
      ),
    ).toBe('UNSUPPORTED_MESSAGE');
  });
});

describe('CMB GetTransInfo (derived): AMTCDR and RSVFLG encodings', () => {
  const r = cmbCmbsdkpgk.parse(inbound(fixture(CMB_DERIVED), { accountNoHint: '755900000000001' }), {});

  it('maps AMTCDR C to CREDIT from TRSAMTC and D to DEBIT from TRSAMTD; a D 冲帐 takes a credit back', () => {
    expect(r.events.map((e) => [e.type, e.amountFen])).toEqual([
      ['CREDIT', 8_000_000n],
      ['CREDIT_REVERSAL', 8_000_000n],
      ['CREDIT', 8_000_000n],
      ['DEBIT', 200n],
      ['DEBIT', 200n],
    ]);
  });

  it('keeps a 冲帐 row (RSVFLG *) on its AMTCDR side, marked as a reversal; 补帐 (X) is a plain booking', () => {
    expect(r.events[1].memo).toBe(`${REVERSAL_MARKER} 冲帐 RSVFLG=* 冲帐`);
    expect(r.events[1].bankEventId).toBe('cmb:755900000000001:20240301:K0000000000002:R');
    expect(r.events[2].memo).toBe('补帐');
  });

  it('gives rows without REFNBR distinct digest ids, told apart by the running balance', () => {
    const [a, b] = r.events.slice(3).map((e) => e.bankEventId);
    expect(a).toMatch(/^cmb:755900000000001:20240301:F[0-9a-f]{24}$/);
    expect(b).toMatch(/^cmb:755900000000001:20240301:F[0-9a-f]{24}$/);
    expect(a).not.toBe(b);
  });
});
