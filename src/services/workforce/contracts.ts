/**
 * Labour contracts before entry (R2): one per worker and employer, with the terms the city names
 * (Benxi: the work, pricing method, wage standard, pay date, pay method, pay cycle, liability), and
 * the site's entries and exits. An entry is refused as that row unless the worker is registered on
 * the project (NOT_REGISTERED) and has a contract signed by the day of entry (NO_LABOUR_CONTRACT):
 * Regulation art. 28 — nobody enters to work before both.
 */
import { sql } from '../../db/sql';
import { todayInShanghai } from '../../clock';
import { isValidIsoDate } from '../../domain/dates';
import { contentHash, lookupHash } from '../../personal-data/cipher';
import type { ServiceContext } from '../context';
import { projectOfContractor } from './access';
import { assertBatchSize, sortRejected, type BatchResult } from './registration';
import { eachRow, optionalText, refuse, residentId, text, uscc } from './rows';
import { evaluateWorkersWithoutContract } from './without-contract';
import { evaluatePayrollAlerts } from './pay-alerts';

export const MAX_CONTRACTS_PER_CALL = 5000;
export const MAX_ENTRIES_PER_CALL = 5000;
export const PRICING_METHODS = ['TIME', 'PIECE', 'TASK'] as const;
export const WAGE_UNITS = ['HOUR', 'DAY', 'MONTH', 'PIECE', 'TASK'] as const;
export const PAY_METHODS = ['BANK_CARD'] as const;
export const PAY_CYCLES = ['MONTHLY', 'WEEKLY', 'DAILY'] as const;

/** docs/interface.md's LabourContractInput, with what the hub adds (contractCode, work, liabilityTerms, wageUnit). */
export interface ContractRow {
  workerIdNumber: string;
  employerUscc: string;
  signedOn: string;
  startsOn: string;
  endsOn?: string | null;
  /** fen (the Money scalar) */
  wageStandard: bigint;
  pricing: (typeof PRICING_METHODS)[number];
  payDay: number;
  payMethod: (typeof PAY_METHODS)[number];
  payCycle: (typeof PAY_CYCLES)[number];
  /** the sender's own number; without one, the contract is known by worker, employer and signing day */
  contractCode?: string | null;
  work?: string | null;
  liabilityTerms?: string | null;
  wageUnit?: (typeof WAGE_UNITS)[number] | null;
}

export interface EntryRow {
  workerIdNumber: string;
  direction: 'ENTRY' | 'EXIT';
  on: string;
}

const date = (value: string | null | undefined, field: string): string => {
  if (!isValidIsoDate(value)) refuse('INVALID_DATE', field, 'is not a real date (YYYY-MM-DD)');
  return value!;
};

/** A day that has happened: no signing or entry is recorded ahead of time (Shanghai's today). */
const pastDate = (value: string | null | undefined, field: string, today: string): string => {
  const d = date(value, field);
  if (d > today) refuse('INVALID_DATE', field, `is after today (${today})`);
  return d;
};

const oneOf = <T extends string>(value: string, all: readonly T[], field: string): T => {
  if (!(all as readonly string[]).includes(value))
    refuse('INVALID_FIELD', field, `must be one of ${all.join(', ')}`);
  return value as T;
};

interface WorkerRef {
  id: string;
  h: string;
  corp_code: string;
}

async function workersByHash(
  ctx: ServiceContext,
  projectId: string,
  hashes: string[],
): Promise<Map<string, WorkerRef>> {
  if (!hashes.length) return new Map();
  const rows = await sql<WorkerRef>(
    ctx.em,
    `select w.id::text, w.id_number_hash as h, t.corp_code from worker w join work_team t on t.id = w.team_id
      where w.project_id = ? and w.id_number_hash = any(?)`,
    [projectId, [...new Set(hashes)]],
  );
  return new Map(rows.map((r) => [r.h, r]));
}

export async function recordLabourContracts(
  ctx: ServiceContext,
  projectId: string,
  contracts: ContractRow[],
): Promise<BatchResult> {
  const project = await projectOfContractor(ctx.em, ctx.caller, projectId);
  assertBatchSize(contracts, 'contracts', MAX_CONTRACTS_PER_CALL);
  const today = todayInShanghai();
  const hashes = contracts.map((c) => {
    try {
      return lookupHash('ID', residentId(c.workerIdNumber));
    } catch {
      return '';
    }
  });
  const workers = await workersByHash(ctx, project.id, hashes.filter(Boolean));
  const checked = eachRow(contracts, (c, i) => {
    residentId(c.workerIdNumber, 'workerIdNumber');
    const worker = workers.get(hashes[i]);
    if (!worker)
      refuse(
        'NOT_REGISTERED',
        'workerIdNumber',
        'no worker with this ID number is registered on the project',
      );
    const employerUscc = uscc(c.employerUscc, 'employerUscc');
    if (employerUscc !== worker!.corp_code)
      refuse('EMPLOYER_MISMATCH', 'employerUscc', "is not the employer of the worker's team (its corpCode)");
    const startsOn = date(c.startsOn, 'startsOn');
    const endsOn = c.endsOn ? date(c.endsOn, 'endsOn') : null;
    if (endsOn && endsOn < startsOn) refuse('INVALID_DATE', 'endsOn', 'is before startsOn');
    const wageFen = c.wageStandard;
    if (wageFen <= 0n) refuse('INVALID_AMOUNT', 'wageStandard', 'must be more than 0');
    if (!Number.isInteger(c.payDay) || c.payDay < 1 || c.payDay > 31)
      refuse('INVALID_FIELD', 'payDay', 'must be a day of the month, 1–31');
    const signedOn = pastDate(c.signedOn, 'signedOn', today);
    const row = {
      contractCode: c.contractCode?.trim()
        ? text(c.contractCode, 'contractCode', 64)
        : `${hashes[i].slice(0, 16)}|${employerUscc}|${signedOn}`,
      workerId: worker!.id,
      employerUscc,
      signedOn,
      startsOn,
      endsOn,
      work: optionalText(c.work, 'work', 500),
      pricingMethod: oneOf(c.pricing, PRICING_METHODS, 'pricing'),
      wageFen: wageFen.toString(),
      wageUnit: oneOf(c.wageUnit ?? 'DAY', WAGE_UNITS, 'wageUnit'),
      payDay: c.payDay,
      payMethod: oneOf(c.payMethod, PAY_METHODS, 'payMethod'),
      payCycle: oneOf(c.payCycle, PAY_CYCLES, 'payCycle'),
      liabilityTerms: optionalText(c.liabilityTerms, 'liabilityTerms', 2000),
    };
    return row;
  });
  const rejected = checked.rejected;
  const first = new Map<
    string,
    { index: number; value: (typeof checked.ok)[number]['value']; hash: string }
  >();
  let replays = 0;
  for (const { index, value } of checked.ok) {
    const hash = contentHash(value);
    const seen = first.get(value.contractCode);
    if (!seen) first.set(value.contractCode, { index, value, hash });
    else if (seen.hash === hash) replays += 1;
    else
      rejected.push({
        index,
        code: 'DUPLICATE_IN_BATCH',
        message: `contractCode: also row ${seen.index}, with other content`,
      });
  }
  const rows = [...first.values()];
  const written = rows.length
    ? await sql<{ inserted: boolean }>(
        ctx.em,
        `insert into labour_contract (id, project_id, worker_id, contract_code, employer_uscc, signed_on, starts_on, ends_on, work,
                                      pricing_method, wage_standard_fen, wage_unit, pay_day, pay_method, pay_cycle,
                                      liability_terms, content_hash)
         select gen_random_uuid(), ?, v."workerId", v."contractCode", v."employerUscc", v."signedOn", v."startsOn", v."endsOn",
                v.work, v."pricingMethod", v."wageFen", v."wageUnit", v."payDay", v."payMethod", v."payCycle",
                v."liabilityTerms", v.hash
           from jsonb_to_recordset(?::jsonb) as v("workerId" uuid, "contractCode" text, "employerUscc" text, "signedOn" date,
                "startsOn" date, "endsOn" date, work text, "pricingMethod" text, "wageFen" bigint, "wageUnit" text,
                "payDay" int, "payMethod" text, "payCycle" text, "liabilityTerms" text, hash text)
         on conflict (project_id, contract_code) do update set worker_id = excluded.worker_id,
              employer_uscc = excluded.employer_uscc, signed_on = excluded.signed_on, starts_on = excluded.starts_on,
              ends_on = excluded.ends_on, work = excluded.work, pricing_method = excluded.pricing_method,
              wage_standard_fen = excluded.wage_standard_fen, wage_unit = excluded.wage_unit, pay_day = excluded.pay_day,
              pay_method = excluded.pay_method, pay_cycle = excluded.pay_cycle,
              liability_terms = excluded.liability_terms, content_hash = excluded.content_hash, updated_at = now()
           where labour_contract.content_hash is distinct from excluded.content_hash
         returning (xmax = 0) as inserted`,
        [project.id, JSON.stringify(rows.map((r) => ({ ...r.value, hash: r.hash })))],
      )
    : [];
  if (written.length) {
    await evaluateWorkersWithoutContract(ctx.em, project);
    // a contract's pay day decides when a month's wages are late
    await evaluatePayrollAlerts(ctx.em, [project.id], { kinds: ['ATTENDED_NOT_PAID'] });
  }
  const accepted = written.filter((w) => w.inserted).length;
  return {
    accepted,
    updated: written.length - accepted,
    duplicates: rows.length - written.length + replays,
    rejected: sortRejected(rejected),
  };
}

export async function recordSiteEntries(
  ctx: ServiceContext,
  projectId: string,
  entries: EntryRow[],
): Promise<BatchResult> {
  const project = await projectOfContractor(ctx.em, ctx.caller, projectId);
  assertBatchSize(entries, 'entries', MAX_ENTRIES_PER_CALL);
  const today = todayInShanghai();
  const hashes = entries.map((e) => {
    try {
      return lookupHash('ID', residentId(e.workerIdNumber));
    } catch {
      return '';
    }
  });
  const workers = await workersByHash(ctx, project.id, hashes.filter(Boolean));
  const ids = [...workers.values()].map((w) => w.id);
  // the earliest signing day of each worker's contracts
  const signed = new Map(
    (ids.length
      ? await sql<{ worker_id: string; first: string }>(
          ctx.em,
          `select worker_id::text, min(signed_on)::text as first from labour_contract where worker_id = any(?::uuid[]) group by worker_id`,
          [ids],
        )
      : []
    ).map((r) => [r.worker_id, r.first]),
  );
  const checked = eachRow(entries, (e, i) => {
    residentId(e.workerIdNumber, 'workerIdNumber');
    const on = pastDate(e.on, 'on', today);
    const direction = oneOf(e.direction, ['ENTRY', 'EXIT'] as const, 'direction');
    const worker = workers.get(hashes[i]);
    if (!worker)
      refuse(
        'NOT_REGISTERED',
        'workerIdNumber',
        'no worker with this ID number is registered on the project',
      );
    const first = signed.get(worker!.id);
    if (direction === 'ENTRY' && (!first || first > on))
      refuse(
        'NO_LABOUR_CONTRACT',
        'workerIdNumber',
        `the worker has no labour contract signed by ${on} (art. 28)`,
      );
    return { workerId: worker!.id, direction, on };
  });
  const seen = new Set<string>();
  const rows = checked.ok
    .map((r) => r.value)
    .filter((r) => {
      const key = `${r.workerId}|${r.direction}|${r.on}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  const written = rows.length
    ? await sql(
        ctx.em,
        `insert into site_entry (id, project_id, worker_id, direction, on_date)
         select gen_random_uuid(), ?, v."workerId", v.direction, v."on"
           from jsonb_to_recordset(?::jsonb) as v("workerId" uuid, direction text, "on" date)
         on conflict (project_id, worker_id, direction, on_date) do nothing returning 1`,
        [project.id, JSON.stringify(rows)],
      )
    : [];
  return {
    accepted: written.length,
    updated: 0,
    duplicates: checked.ok.length - written.length,
    rejected: sortRejected(checked.rejected),
  };
}
