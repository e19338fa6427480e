import { readFileSync } from 'node:fs';
import type { AccountEvent } from '../../src/domain/account-event';
import { iso20022 } from '../../adapters/iso20022';
import { readCamt } from '../../adapters/iso20022/camt-read';
import { REVERSAL_MARKER } from '../../adapters/xml/event-ids';
import { toMinorUnits } from '../../adapters/xml/amount';
import { parseSafeXml } from '../../adapters/xml/safe-xml';
import { shanghaiDateKey } from '../../adapters/xml/shanghai-time';
import { fixture, fixturePath, inbound } from './support';

const parse = (body: Buffer | string) => iso20022.parse(inbound(body), {});
const camt = (file: string) => readCamt(parseSafeXml(fixture(file)));
/** The same document with every currency relabelled CNY, to see the events a CNY account would get. */
const asCny = (file: string) =>
  fixture(file)
    .toString('utf8')
    .replace(/Ccy="[A-Z]{3}"/g, 'Ccy="CNY"');
const day = (e: AccountEvent) => shanghaiDateKey(e.bookedAt).replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3');
/** money out is negative: a debit, or a credit taken back (CREDIT_REVERSAL) */
const signed = (e: AccountEvent) =>
  e.type === 'DEBIT' || e.type === 'CREDIT_REVERSAL' ? -e.amountFen! : e.amountFen!;

// genkgo's golden dumps of its PHP DTOs; "__RECURSIVITY__" marks a back-reference.
type Golden = Record<string, any>;
const golden = (file: string): Golden => JSON.parse(readFileSync(fixturePath(file), 'utf8'));
const txDetailsOf = (e: Golden): Golden[] =>
  (e.getTransactionDetails as unknown[]).map((t) => (t === '__RECURSIVITY__' ? e.getTransactionDetail : t));
const goldenInstant = (d: Golden) => new Date(d['0'] as string);

describe.each(['camt053.v8', 'camt054.v2', 'camt054.v4', 'camt054.v8'])(
  'genkgo %s against its golden dump',
  (name) => {
    const g = golden(`iso20022/${name}.json`);
    const doc = camt(`iso20022/${name}.xml`);
    const entries = doc.records.flatMap((r) => r.entries);

    it('has the same records, accounts and entry count', () => {
      expect(doc.records).toHaveLength(g.getRecords.length);
      expect(entries).toHaveLength(g.getEntries.length);
      expect(doc.records[0].account).toBe(g.getEntries[0].getRecord.getAccount.getIdentification);
    });

    it('reads amounts, directions, status, references and booking dates as genkgo does', () => {
      g.getEntries.forEach((ge: Golden, i: number) => {
        const e = entries[i];
        const minor = toMinorUnits(e.amount!.value);
        expect((e.creditDebit === 'DBIT' ? -minor : minor).toString()).toBe(ge.getAmount.getAmount);
        expect(e.amount!.currency).toBe(ge.getAmount.getCurrency.getCode);
        expect(e.creditDebit).toBe(ge.getCreditDebitIndicator);
        expect(e.status).toBe(ge.getStatus);
        expect(e.reversal).toBe(ge.getReversalIndicator);
        expect(e.acctSvcrRef).toBe(ge.getAccountServicerReference);
        const booked = goldenInstant(ge.getBookingDate);
        // genkgo puts a date-only value at UTC midnight; the hub puts it at Shanghai midnight, same calendar day.
        if (e.bookingDate!.includes('T')) expect(new Date(e.bookingDate!).getTime()).toBe(booked.getTime());
        else expect(e.bookingDate).toBe(booked.toISOString().slice(0, 10));
      });
    });

    it('reads each TxDtls: amounts, references and parties', () => {
      g.getEntries.forEach((ge: Golden, i: number) => {
        const txs = txDetailsOf(ge);
        expect(entries[i].txDetails).toHaveLength(txs.length);
        txs.forEach((gt, j) => {
          const t = entries[i].txDetails[j];
          expect(t.refs.EndToEndId ?? null).toBe(gt.getReference.getEndToEndId);
          expect(t.refs.InstrId ?? null).toBe(gt.getReference.getInstructionId);
          if (gt.getAmount && gt.getAmount !== '__RECURSIVITY__') {
            // genkgo signs TxDtls by the entry's indicator (it ignores TxDtls/CdtDbtInd): compare magnitudes.
            expect(toMinorUnits(t.amount!.value).toString()).toBe(gt.getAmount.getAmount.replace('-', ''));
            expect(t.amount!.currency).toBe(gt.getAmount.getCurrency.getCode);
          }
          for (const p of gt.getRelatedParties as Golden[]) {
            const role = p.getRelatedPartyType.__CLASS__.endsWith('Debtor') ? t.debtor : t.creditor;
            expect(role.name).toBe(p.getRelatedPartyType.getName);
            expect(role.account).toBe(p.getAccount?.getIdentification ?? null);
          }
        });
      });
    });

    it('rejects every entry as CURRENCY_NOT_CNY (none of genkgo samples is in CNY)', () => {
      const r = parse(fixture(`iso20022/${name}.xml`));
      expect(r.events).toHaveLength(0);
      expect(r.rejected.map((x) => x.code)).toEqual(g.getEntries.map(() => 'CURRENCY_NOT_CNY'));
    });
  },
);

describe('genkgo camt053.v8 balances', () => {
  const g = golden('iso20022/camt053.v8.json');
  const balances = g.getEntries[0].getRecord.getBalances as Golden[];
  it('reads every balance with its sign and currency', () => {
    const read = camt('iso20022/camt053.v8.xml').records[0].balances;
    expect(
      read.map((b) => [
        b.amount!.currency,
        (b.creditDebit === 'DBIT' ? '-' : '') + toMinorUnits(b.amount!.value),
      ]),
    ).toEqual(
      // The hub counts hundredths (fen) in every currency; genkgo uses each currency's minor unit,
      // which for JPY is the yen itself. Only CNY amounts are ever booked, so this stays a note.
      balances.map((b) => {
        const ccy = b.getAmount.getCurrency.getCode as string;
        return [
          ccy,
          ccy === 'JPY' ? (BigInt(b.getAmount.getAmount) * 100n).toString() : b.getAmount.getAmount,
        ];
      }),
    );
  });
  it('states the opening balance, and leaves out a closing balance in another currency', () => {
    const [s] = parse(fixture('iso20022/camt053.v8.xml')).statements;
    expect(s).toMatchObject({
      accountNo: 'NL26VAYB8060476890',
      currency: 'EUR',
      openingFen: 1815n,
      closingFen: null,
    });
    expect(s.from?.toISOString()).toBe('2007-10-18T07:00:00.000Z');
  });
  it('reads <Sts><Cd>BOOK</Cd></Sts> and <Pty>-wrapped parties (v8) like <Sts>BOOK</Sts> and bare parties (v4)', () => {
    const strip = (d: ReturnType<typeof camt>) =>
      d.records.map((r) =>
        r.entries.map(({ el: _el, txDetails, ...e }) => ({
          ...e,
          tx: txDetails.map(({ el: _t, ...t }) => t),
        })),
      );
    expect(strip(camt('iso20022/camt054.v8.xml'))).toEqual(strip(camt('iso20022/camt054.v4.xml')));
  });
});

describe.each([
  ['test-camt053', 'golden-camt053.json'],
  ['test-camt054', 'golden-camt054.json'],
])('OCA %s against its golden parse', (name, goldenFile) => {
  const g = golden(`iso20022/${goldenFile}`);
  const tx = (g.statements as Golden[]).flatMap((s) => s.transactions as Golden[]);
  const cny = parse(asCny(`iso20022/${name}.xml`));

  it('rejects the EUR original per transaction as CURRENCY_NOT_CNY', () => {
    const r = parse(fixture(`iso20022/${name}.xml`));
    expect(r.events).toHaveLength(0);
    expect(r.rejected).toHaveLength(tx.length);
    expect(new Set(r.rejected.map((x) => x.code))).toEqual(new Set(['CURRENCY_NOT_CNY']));
    expect(g.account).toBe(camt(`iso20022/${name}.xml`).records[0].account);
  });

  it('relabelled CNY, gives OCA amounts, directions, dates, parties and references', () => {
    expect(cny.events).toHaveLength(tx.length);
    cny.events.forEach((e, i) => {
      expect(signed(e)).toBe(toMinorUnits((tx[i].amount as number).toFixed(2)));
      expect(day(e)).toBe(tx[i].date);
      expect(e.counterpartyName).toBe(tx[i].partner_name);
      expect(e.counterpartyAccount).toBe(tx[i].account_number);
    });
  });

  it('relabelled CNY, states the balances OCA reads', () => {
    const st = g.statements as Golden[];
    if (name === 'test-camt054') return expect(cny.statements).toEqual([]); // camt.054 has no balances
    expect(cny.statements.map((s) => [s.openingFen, s.closingFen])).toEqual(
      st.map((s) => [toMinorUnits(s.balance_start.toFixed(2)), toMinorUnits(s.balance_end_real.toFixed(2))]),
    );
  });
});

describe('OCA test-camt053 batch and reversal', () => {
  const { events } = parse(asCny('iso20022/test-camt053.xml'));
  it('splits the batch entry into its two TxDtls, with ids from their EndToEndId', () => {
    expect(events.map((e) => e.amountFen)).toEqual([75425n, 56405n, 10000n, 140531n]);
    expect(events[1].bankEventId).toMatch(/\/TESTBANK\/NL\/20141229\/01206408$/);
    expect(events[2].bankEventId).toMatch(/\/TESTBANK\/NL\/20141229\/01206407$/);
  });
  it('maps the reversed DBIT entry (RvslInd true) to CREDIT_REVERSAL, marked with its return reason', () => {
    expect(events.map((e) => e.type)).toEqual(['DEBIT', 'CREDIT_REVERSAL', 'CREDIT_REVERSAL', 'CREDIT']);
    expect(events[1].reverses ?? null).toBeNull(); // camt does not name the original in our id scheme
    expect(events[1].memo).toBe(`${REVERSAL_MARKER} return reason AC06 Direct Debit S14 0410`);
    expect(events[0].memo?.startsWith(REVERSAL_MARKER)).toBe(false);
  });
});

describe('derived CNY camt.053 (text Sts, batches, pending, foreign currency)', () => {
  const r = parse(fixture('iso20022/derived-camt053-cny.xml'));
  const byRef = (ref: string) => r.events.filter((e) => /:R?A:(.*?)(\/|$)/.exec(e.bankEventId)?.[1] === ref);

  it('maps a booked CNY credit with a date-only booking at Shanghai midnight', () => {
    const [e] = byRef('CNREF0001');
    expect(e).toMatchObject({
      bankEventId: 'camt:6222020200012345678:A:CNREF0001',
      accountNo: '6222020200012345678',
      type: 'CREDIT',
      amountFen: 5_000_000n,
      counterpartyName: '某建设集团有限公司',
      counterpartyAccount: '1100000000000001',
      memo: '2024年2月工资专户拨付',
    });
    expect(e.bookedAt.toISOString()).toBe('2024-02-29T16:00:00.000Z');
  });

  it('splits a batch that adds up into one DEBIT per TxDtls, creditor as counterparty', () => {
    expect(byRef('CNREF0002').map((e) => [e.bankEventId, e.type, e.amountFen, e.counterpartyName])).toEqual([
      ['camt:6222020200012345678:A:CNREF0002/PAYROLL-202402-001', 'DEBIT', 800_000n, '张三'],
      ['camt:6222020200012345678:A:CNREF0002/PAYROLL-202402-002', 'DEBIT', 700_050n, '李四'],
    ]);
  });

  it('keeps a batch that does not add up as one event for the booked amount', () => {
    expect(byRef('CNREF0007').map((e) => [e.amountFen, e.counterpartyName, e.memo])).toEqual([
      [30_000n, null, '批量代发（明细不全）'],
    ]);
  });

  it('maps a returned salary (CRDT with RvslInd) to a CREDIT marked as reversal', () => {
    const [e] = byRef('CNREF0003');
    expect(e).toMatchObject({ type: 'CREDIT', amountFen: 700_050n, counterpartyName: '李四' });
    expect(e.bankEventId).toBe('camt:6222020200012345678:RA:CNREF0003'); // never deduplicated as its original
    expect(e.memo).toBe(`${REVERSAL_MARKER} return reason AC04 工资退回`);
  });

  it('reports pending and non-CNY entries in rejected', () => {
    expect(r.rejected.map((x) => [x.index, x.code])).toEqual([
      [3, 'NOT_BOOKED'],
      [4, 'CURRENCY_NOT_CNY'],
    ]);
    expect(r.rejected[0].message).toMatch(/PDNG/);
    expect(r.rejected[1].message).toMatch(/USD 100\.00/);
  });

  it('gives an entry without references a digest id, stable across parses', () => {
    const noRef = r.events.find((e) => e.memo === '账户管理费')!;
    expect(noRef.bankEventId).toMatch(/^camt:6222020200012345678:F[0-9a-f]{24}$/);
    expect(
      parse(fixture('iso20022/derived-camt053-cny.xml')).events.find((e) => e.memo === '账户管理费')!
        .bankEventId,
    ).toBe(noRef.bankEventId);
  });

  it('events reconcile the statement: opening + booked CNY movements = closing', () => {
    const [s] = r.statements;
    expect(s).toMatchObject({
      accountNo: '6222020200012345678',
      currency: 'CNY',
      openingFen: 10_000_000n,
      closingFen: 14_150_000n,
    });
    expect(r.events.reduce((sum, e) => sum + signed(e), s.openingFen!)).toBe(s.closingFen);
  });
});

describe('derived CNY camt.054.001.08 (prefixed namespace, Sts/Cd, Pty)', () => {
  const r = parse(fixture('iso20022/derived-camt054-cny-v8.xml'));

  it('maps the booked entries, reading <Pty> parties and unescaping text', () => {
    expect(r.events.map((e) => [e.bankEventId, e.type, e.amountFen, e.counterpartyName, e.memo])).toEqual([
      [
        'camt:6222020200012345678:N:2024-03-10T09:15:00:N1',
        'CREDIT',
        1_234_567n,
        '某建设集团有限公司',
        '人工费用拨付 & 补差',
      ],
      [
        'camt:6222020200012345678:RA:CNREF0103',
        'CREDIT_REVERSAL',
        50_000n,
        '某建设集团有限公司',
        `${REVERSAL_MARKER} 误入账冲回`,
      ],
    ]);
  });

  it('takes a date-time without offset as Shanghai time', () => {
    expect(r.events[0].bookedAt.toISOString()).toBe('2024-03-10T01:15:00.000Z');
  });

  it('skips the pending <Sts><Cd>PDNG</Cd></Sts> entry as NOT_BOOKED', () => {
    expect(r.rejected).toEqual([
      { index: 1, code: 'NOT_BOOKED', message: 'Ntry 2 (N2): status PDNG; only booked entries count' },
    ]);
  });
});

describe('iso20022.accepts', () => {
  it('recognises camt messages by element, whatever the namespace version or prefix', () => {
    expect(
      iso20022.accepts(
        inbound(
          '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.13"><BkToCstmrStmt/></Document>',
        ),
      ),
    ).toBe(true);
    expect(
      iso20022.accepts(inbound('<x:Document xmlns:x="urn:y"><x:BkToCstmrDbtCdtNtfctn/></x:Document>')),
    ).toBe(true);
  });
  it('does not take other ISO 20022 messages', () => {
    expect(iso20022.accepts(inbound('<Document><CstmrCdtTrfInitn/></Document>'))).toBe(false);
    expect(iso20022.accepts(inbound('<Document><constructor/></Document>'))).toBe(false);
  });
});
