/**
 * A batch prepared in the batch reader's worker must store exactly as the batch itself would:
 * the same storage problems, in the same words, and the insert's rows the same JSON.
 */
import type { AccountEvent } from '../../src/domain/account-event';
import { isPrepared, prepareBatch, rowsJson } from '../../src/services/prepared-batch';
import { storeProblem } from '../../src/services/storable';

const event = (over: Partial<AccountEvent>): AccountEvent => ({
  bankEventId: 'E1',
  accountNo: 'SV-0001',
  type: 'CREDIT',
  amountFen: 12_345n,
  bookedAt: new Date('2026-03-01T02:00:00Z'),
  counterpartyName: '某建设公司',
  counterpartyAccount: null,
  memo: '工资保证金',
  raw: { Ntry: { Amt: '123.45', AddtlNtryInf: 'x' } },
  ...over,
});

describe('prepareBatch', () => {
  const events = [
    event({}),
    event({ bankEventId: 'E2', memo: 'a\u0000b' }),
    event({ bankEventId: 'E3', accountNo: 'no' }),
    event({ bankEventId: 'E4', raw: { note: 'y'.repeat(70_000) } }),
    event({ bankEventId: 'E5', raw: undefined }),
  ];
  const batch = prepareBatch({ events, rejected: [], statements: [], eventIndexes: [7, 8, 9, 10, 11] });

  it('gives each event the problem the hub would find, in the same words', () => {
    expect(isPrepared(batch)).toBe(true);
    expect(batch.prepared.problems).toEqual(events.map(storeProblem));
    expect(batch.prepared.problems.map((p) => p?.code ?? null)).toEqual([
      null,
      'INVALID_TEXT',
      'INVALID_ACCOUNT_NO',
      'FIELD_TOO_LARGE',
      null,
    ]);
  });

  it('sends raw as JSON, only for events that will be stored, and keeps the rest', () => {
    expect(batch.prepared.rawJson).toEqual([JSON.stringify(events[0].raw), '', '', '', 'null']);
    expect(batch.events.map((e) => e.raw)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(batch.events.map((e) => e.bankEventId)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5']);
    expect(batch.events[0].amountFen).toBe(12_345n);
    expect(batch.eventIndexes).toEqual([7, 8, 9, 10, 11]);
  });
});

describe('rowsJson', () => {
  const rows = [
    { id: 'a', memo: '引号 " 和 \\', raw: { deep: [1, { s: 'é' }] } },
    { id: 'b', memo: null, raw: null },
    { raw: ['only raw'] },
  ];

  it('writes what JSON.stringify writes when no raw is prepared', () => {
    expect(rowsJson(rows, () => undefined)).toBe(JSON.stringify(rows));
  });

  it('writes a prepared raw in place of the row’s own, giving the same JSON', () => {
    const json = rowsJson(
      rows.map((r) => ({ ...r, raw: undefined })),
      (i) => JSON.stringify(rows[i].raw),
    );
    expect(JSON.parse(json)).toEqual(rows);
  });

  it('writes an empty batch as an empty array', () => {
    expect(rowsJson([], () => undefined)).toBe('[]');
  });
});
