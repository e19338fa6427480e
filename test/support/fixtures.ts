import { randomInt } from 'node:crypto';
import { usccCheckCharacter } from '../../src/domain/identifiers';
import type { TestHub } from './test-hub';
import { newWebhookSecret } from './test-hub';

/** A valid USCC from a 17-character body (digits and allowed letters), check character computed. */
export function uscc(body17: string): string {
  return body17 + usccCheckCharacter(body17);
}

// A random start per module load and a counter after it: codes from one load never repeat, and a
// reloaded module (a rerun file sharing a database) starts somewhere else in 10 million.
let counter = randomInt(0, 9_000_000);
/** A fresh, valid USCC for each call, so tests never collide. */
export function freshUscc(): string {
  counter += 1;
  const body = `91210500MA${String(counter % 10_000_000).padStart(7, '0')}`;
  return uscc(body);
}

export const CITY_HRSS = { org: 'HRSS', district: '210500' } as const;

/** Registers what most tests need through the public API, as city HRSS would. */
export async function seedBasics(t: TestHub) {
  const admin = t.token(CITY_HRSS);
  const ownerUscc = freshUscc();
  const contractorUscc = freshUscc();
  for (const [code, name] of [
    [ownerUscc, '本溪市城建投资有限公司'],
    [contractorUscc, '辽宁本溪建工集团有限公司'],
  ]) {
    await must(
      t.gql(admin, `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
        i: { uscc: code, name },
      }),
    );
  }
  const secret = newWebhookSecret();
  const bankCode = `BANK_${counter}_${Math.floor(Math.random() * 1e6)}`;
  await must(
    t.gql(admin, `mutation($i: BankInput!) { registerBank(input: $i) { code } }`, {
      i: { code: bankCode, name: '中国工商银行本溪分行', webhookSecret: secret },
    }),
  );
  return { admin, ownerUscc, contractorUscc, bankCode, secret };
}

export async function registerProject(
  t: TestHub,
  token: string,
  input: {
    ownerUscc: string;
    contractorUscc: string;
    districtCode?: string;
    industry?: string;
    name?: string;
  },
): Promise<string> {
  const res = await must(
    t.gql<{ registerProject: { id: string } }>(
      token,
      `mutation($i: ProjectInput!) { registerProject(input: $i) { id } }`,
      {
        i: {
          name: input.name ?? '平山区棚户区改造一期',
          districtCode: input.districtCode ?? '210502',
          industry: input.industry ?? 'HOUSING',
          ownerUscc: input.ownerUscc,
          contractorUscc: input.contractorUscc,
          contractPrice: '12000000.00',
          contractSignedOn: '2026-01-10',
          permitIssuedOn: '2026-01-20',
        },
      },
    ),
  );
  return res.registerProject.id;
}

export async function registerAgreement(
  t: TestHub,
  token: string,
  input: {
    projectId: string;
    bankCode: string;
    accountNo: string;
    laborCostPerCycle?: string;
    dueDay?: number;
    startsOn?: string;
  },
): Promise<string> {
  const res = await must(
    t.gql<{ registerTripartiteAgreement: { id: string } }>(
      token,
      `mutation($i: TripartiteAgreementInput!) { registerTripartiteAgreement(input: $i) { id } }`,
      {
        i: { laborCostPerCycle: '300000.00', dueDay: 15, startsOn: '2026-02-01', ...input },
      },
    ),
  );
  return res.registerTripartiteAgreement.id;
}

/** The data of a GraphQL answer, or a failed test that shows the errors. */
export async function must<T>(result: Promise<{ data: T | null; errors?: unknown[] }>): Promise<T> {
  const r = await result;
  if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data;
}
