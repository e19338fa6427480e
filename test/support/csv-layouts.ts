/**
 * CSV layouts in the form `setBankCsvLayout` takes, for the fixtures in test/fixtures/csv, and a
 * helper that registers one for a bank (as city HRSS).
 */
import type { TestHub } from './test-hub';
import { must } from './fixtures';
import { ICBC_GBK_LAYOUT } from '../fixtures/csv/icbc-detail-direction.layout';

/** `signed-amount.utf8.csv`: UTF-8 with BOM, an account per line, the sign is the direction */
export const SIGNED_UTF8_LAYOUT = {
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
  amountUnit: 'YUAN',
};

/** `icbc-detail-direction.gbk.csv` */
export const GBK_DIRECTION_LAYOUT = { ...ICBC_GBK_LAYOUT, amountUnit: 'YUAN' };

export async function setCsvLayout(
  t: TestHub,
  admin: string,
  bankCode: string,
  layout: object,
): Promise<void> {
  await must(
    t.gql(
      admin,
      `mutation($b: String!, $l: CsvLayoutInput!) { setBankCsvLayout(bankCode: $b, layout: $l) { encoding } }`,
      {
        b: bankCode,
        l: layout,
      },
    ),
  );
}
