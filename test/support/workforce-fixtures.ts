import { randomBytes } from 'node:crypto';
import type { TestHub } from './test-hub';
import { must, registerAgreement } from './fixtures';
import { dutyProject } from './duty-fixtures';

const RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RID_CHECK = '10X98765432';
let seq = Math.floor(Math.random() * 500);

/** A valid resident ID (GB 11643) from 平山区, a different one on each call within a run. */
export function residentIdNumber(): string {
  seq += 1;
  const day = String(1 + (seq % 28)).padStart(2, '0');
  const body = `21050219${70 + (Math.floor(seq / 28) % 30)}03${day}${String(seq % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * RID_WEIGHTS[i], 0);
  return body + RID_CHECK[sum % 11];
}

/** The same number with its check digit wrong. */
export const wrongCheckDigit = (id: string): string => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

/** A 19-digit card number with a valid Luhn digit, fresh each call. */
export function cardNumber(): string {
  const body = `622202${randomBytes(8).readBigUInt64BE().toString().padStart(20, '0').slice(0, 12)}`;
  let sum = 0;
  for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = Number(body[i]);
    if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + ((10 - (sum % 10)) % 10);
}

const RESULT = 'accepted duplicates updated rejected { index code message }';
export const REGISTER_TEAM = `mutation($i: TeamInput!) { registerTeam(input: $i) { id name employerUscc corpType leaderIdNumber } }`;
export const REGISTER_WORKERS = `mutation($p: ID!, $w: [WorkerInput!]!) { registerWorkers(projectId: $p, workers: $w) { ${RESULT} } }`;
export const RECORD_CONTRACTS = `mutation($p: ID!, $c: [LabourContractInput!]!) { recordLabourContracts(projectId: $p, contracts: $c) { ${RESULT} } }`;
export const RECORD_ENTRIES = `mutation($p: ID!, $e: [SiteEntryInput!]!) { recordSiteEntries(projectId: $p, entries: $e) { ${RESULT} } }`;
export const RECORD_ATTENDANCE = `mutation($p: ID!, $a: [PunchInput!]!) { recordAttendance(projectId: $p, punches: $a) {
  accepted duplicates workersWithoutContract rejected { index code message } } }`;

/** `YYYY-MM-DD HH:mm:ss` Shanghai as the ISO instant the API takes. */
export const shanghai = (wall: string): string => `${wall.replace(' ', 'T')}+08:00`;

export const SUBCONTRACTOR_USCC = '91210502MA0Y7QF106';

/** A HOUSING project in 平山区 with a special account at the seed's bank, and its workforce helpers. */
export async function workforceProject(t: TestHub) {
  const p = await dutyProject(t);
  await registerAgreement(t, p.admin, {
    projectId: p.projectId,
    bankCode: p.bankCode,
    accountNo: `WF-${randomBytes(4).toString('hex')}`,
  });
  const gql = (query: string, variables: Record<string, unknown>, token = p.contractor) =>
    t.gql<any>(token, query, { p: p.projectId, ...variables });
  const gcTeam = {
    projectId: p.projectId,
    name: '项目部',
    employerUscc: p.contractorUscc,
    employerName: '辽宁本溪建工集团有限公司',
  };
  const subTeam = {
    projectId: p.projectId,
    name: '钢筋一班',
    employerUscc: SUBCONTRACTOR_USCC,
    employerName: '本溪劳务有限公司',
    leaderName: '王五',
  };
  const teamIds = { gc: '', sub: '' };
  const teams = async () => {
    teamIds.gc = (await must(gql(REGISTER_TEAM, { i: gcTeam }))).registerTeam.id;
    teamIds.sub = (await must(gql(REGISTER_TEAM, { i: subTeam }))).registerTeam.id;
    return teamIds;
  };
  const worker = (more: Record<string, unknown> = {}) => ({
    name: '张三',
    idNumber: residentIdNumber(),
    teamId: teamIds.sub,
    workType: '020',
    role: 'WORKER',
    bankCardNo: cardNumber(),
    bankCode: '102',
    bankName: '中国工商银行',
    phone: '13800001234',
    ...more,
  });
  const contract = (workerIdNumber: string, more: Record<string, unknown> = {}) => ({
    contractCode: `HT-${randomBytes(4).toString('hex')}`,
    workerIdNumber,
    employerUscc: SUBCONTRACTOR_USCC,
    signedOn: '2026-10-08',
    startsOn: '2026-10-09',
    endsOn: null,
    work: '主体结构钢筋绑扎',
    pricing: 'TIME',
    wageStandard: '350.00',
    wageUnit: 'DAY',
    payDay: 15,
    payMethod: 'BANK_CARD',
    payCycle: 'MONTHLY',
    liabilityTerms: '按《劳动合同法》承担违约责任',
    ...more,
  });
  return { ...p, gql, gcTeam, subTeam, teamIds, worker, contract, teams };
}
