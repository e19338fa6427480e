import { writeFileSync } from 'node:fs';
import { usccCheckCharacter } from '../../src/domain/identifiers';
import { lookupHash } from '../../src/personal-data/cipher';
import type { BenchHub } from './bench-hub';
import { inFlight } from './intake-runs';

/** The attendance bench's world: projects with teams, workers and contracts, and their punches. */

const RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RID_CHECK = '10X98765432';

/** The n-th distinct valid resident ID (GB 11643) of the bench. */
export function benchResidentId(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + (n % 10_000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const body = `210502${birth}${String(Math.floor(n / 10_000)).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * RID_WEIGHTS[i], 0);
  return body + RID_CHECK[sum % 11];
}

export function benchCard(n: number): string {
  const body = `622202${String(n).padStart(12, '0')}`;
  let sum = 0;
  for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = Number(body[i]);
    if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + ((10 - (sum % 10)) % 10);
}

export const contractorUscc = (): string => {
  const body = '91210502MA0BENCH2';
  return body + usccCheckCharacter(body);
};

export interface World {
  projectIds: string[];
  /** per project, its workers' ID numbers */
  workers: string[][];
  contractor: string;
}

/** `projects` projects of one contractor, `perProject` workers each, registered and contracted through GraphQL. */
export async function setUpWorld(b: BenchHub, projects: number, perProject: number): Promise<World> {
  const admin = b.token({ org: 'HRSS', district: '210500' });
  const owner = '91210500MA0BENCH1' + usccCheckCharacter('91210500MA0BENCH1');
  const gc = contractorUscc();
  for (const [uscc, name] of [
    [owner, '本溪市城市建设投资发展有限公司'],
    [gc, '本溪市建工集团有限公司'],
  ])
    await b.gql(admin, `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
      i: { uscc, name },
    });
  const contractor = b.token({ org: 'CONTRACTOR', district: '210502', uscc: gc });
  const projectIds: string[] = [];
  for (let i = 0; i < projects; i++) {
    const { registerProject } = await b.gql<{ registerProject: { id: string } }>(
      admin,
      `mutation($i: ProjectInput!) { registerProject(input: $i) { id } }`,
      {
        i: {
          name: `考勤压测项目${i}`,
          districtCode: '210502',
          industry: 'HOUSING',
          ownerUscc: owner,
          contractorUscc: gc,
          contractPrice: '10000000.00',
          contractSignedOn: '2026-01-10',
          permitIssuedOn: '2026-01-20',
        },
      },
    );
    projectIds.push(registerProject.id);
  }
  const workers = projectIds.map((_, p) =>
    Array.from({ length: perProject }, (_, w) => benchResidentId(p * perProject + w)),
  );
  await inFlight(
    2,
    projectIds.map((id, p) => ({ id, p })),
    async ({ id, p }) => {
      const { registerTeam } = await b.gql<{ registerTeam: { id: string } }>(
        contractor,
        `mutation($i: TeamInput!) { registerTeam(input: $i) { id } }`,
        { i: { projectId: id, name: '综合班', employerUscc: gc, employerName: '本溪市建工集团有限公司' } },
      );
      await b.gql(
        contractor,
        `mutation($p: ID!, $w: [WorkerInput!]!) { registerWorkers(projectId: $p, workers: $w) { accepted } }`,
        {
          p: id,
          w: workers[p].map((idNumber, w) => ({
            teamId: registerTeam.id,
            name: '压测工人',
            idNumber,
            workType: '040',
            role: 'WORKER',
            bankCardNo: benchCard(p * perProject + w),
            bankName: '中国工商银行',
          })),
        },
      );
      await b.gql(
        contractor,
        `mutation($p: ID!, $c: [LabourContractInput!]!) { recordLabourContracts(projectId: $p, contracts: $c) { accepted } }`,
        {
          p: id,
          c: workers[p].map((workerIdNumber, w) => ({
            contractCode: `BENCH-${p}-${w}`,
            workerIdNumber,
            employerUscc: gc,
            signedOn: '2026-01-15',
            startsOn: '2026-01-16',
            work: '混凝土浇筑',
            pricing: 'TIME',
            wageStandard: '320.00',
            wageUnit: 'DAY',
            payDay: 15,
            payMethod: 'BANK_CARD',
            payCycle: 'MONTHLY',
            liabilityTerms: '按合同约定',
          })),
        },
      );
    },
  );
  return { projectIds, workers, contractor };
}

/** The previous Shanghai month of now ("YYYY-MM"): punches must be in the past and under 400 days old. */
export function lastMonth(): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth(); // 0-based: this is already the previous month, 1-based
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

export interface Punch {
  workerIdNumber: string;
  at: string;
  direction: 'IN' | 'OUT';
  gate: string;
}

/** One project's month: each worker IN at 08:0x and OUT at 17:3x on days 1..days. */
export function punchesOf(ids: string[], month: string, days: number): Punch[] {
  const out: Punch[] = [];
  for (let d = 1; d <= days; d++) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    ids.forEach((workerIdNumber, i) => {
      const m = String(i % 60).padStart(2, '0');
      out.push({ workerIdNumber, at: `${day}T08:${m}:00+08:00`, direction: 'IN', gate: 'G1' });
      out.push({ workerIdNumber, at: `${day}T17:${m}:00+08:00`, direction: 'OUT', gate: 'G1' });
    });
  }
  return out;
}

/** The same rows as the hub stores them, as a CSV file PostgreSQL's COPY reads (server and bench share a machine). */
export function writeCopyFile(path: string, world: World, month: string, days: number): number {
  const lines: string[] = [];
  world.projectIds.forEach((projectId, p) => {
    const hashes = new Map(world.workers[p].map((id) => [id, lookupHash('ID', id)]));
    for (const punch of punchesOf(world.workers[p], month, days))
      lines.push(
        `${projectId},${hashes.get(punch.workerIdNumber)},${punch.at},${punch.direction},${punch.gate}`,
      );
  });
  writeFileSync(path, lines.join('\n') + '\n');
  return lines.length;
}
