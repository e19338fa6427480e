import { createHash } from 'node:crypto';
import { CITY_DISTRICT, isBenxiDistrict } from '../domain/districts';
import {
  CLUE_OUTCOMES,
  CLUE_SOURCES,
  clueDueOn,
  outcomeNeedsCase,
  type ClueOutcome,
  type ClueSource,
} from '../domain/clues';
import { mayAct } from '../domain/case-authority';
import { badInput, conflict, forbidden, notFound } from '../domain/errors';
import { checkUscc, normalizeUscc } from '../domain/identifiers';
import { formatMoney } from '../domain/money';
import { isUuid } from '../domain/uuid';
import { caseScopeSql } from '../auth/scope-sql';
import { limitLiteral, sql } from '../db/sql';
import { WageClue, type Project, type WageCase } from '../entities';
import { maskNumbers } from '../log-safe-error';
import { now as clockNow, todayInShanghai } from '../clock';
import { loadWorkingCalendar } from './calendar';
import { clueWorkingDaysFor } from './clue-rules';
import { requiredText, type ServiceContext } from './context';
import { requireEnterprise } from './enterprises';
import { addNotices, noticeDedupeKey } from './outbox';
import { findProject } from './projects';
import { assertStatedDate } from './stated-date';
import { assertFiler, createCase, MAX_CLAIM_WORKERS } from './cases/filing';
import { routedTo } from './cases/actors';
import { routeClaim } from './cases/routing';
import {
  decodeInstantIdCursor,
  encodeCursor,
  pageSize,
  WANT_ALL,
  type ListWant,
  type Page,
} from './pagination';
import { readPage } from './views/page-read';
import { Where } from './views/where';

export interface ClueInput {
  source: ClueSource;
  sourceNumber: string;
  projectId?: string | null;
  districtCode?: string | null;
  employerUscc: string;
  workers: number;
  amountFen: bigint;
  receivedOn: string;
  summary: string;
}

const SOURCE_NUMBER = /^[0-9A-Za-z][0-9A-Za-z_\-/.]{0,63}$/;
const TEXT_MAX = 2000;

/** Free text officers of several agencies read: trimmed, bounded, and without ID or card numbers. */
function officerText(value: string, field: string): string {
  const text = requiredText(value ?? '', field, TEXT_MAX);
  if (maskNumbers(text) !== text) throw badInput(field, 'must not contain ID or bank card numbers');
  return text;
}

/**
 * R18, C1: a clue from the national clue platform or the provincial warning system, kept under the
 * platform's number and routed at once as a claim is (the project's industry authority of its
 * district, else the district HRSS), with a CLUE_ROUTED notice. Taken in by HRSS: city HRSS for
 * any district (it routes the platforms' clues, C1), a district's HRSS for its own. The same clue
 * sent again is answered with the record already made (`replayed`); other content under a number
 * already used is a CONFLICT on `sourceNumber`, and the stored clue stays as it was.
 */
export async function receiveClue(
  ctx: ServiceContext,
  input: ClueInput,
): Promise<{ clue: WageClue; replayed: boolean }> {
  const { caller } = ctx;
  if (caller.org !== 'HRSS') throw forbidden('clues from the platforms are taken in by HRSS (C1)');
  if (!(CLUE_SOURCES as readonly string[]).includes(input.source))
    throw badInput('source', `must be one of ${CLUE_SOURCES.join(', ')}`);
  const sourceNumber = (input.sourceNumber ?? '').trim();
  if (!SOURCE_NUMBER.test(sourceNumber))
    throw badInput('sourceNumber', "must be the platform's number: 1–64 letters, digits, '-', '_', '/', '.'");
  if (!Number.isInteger(input.workers) || input.workers < 1 || input.workers > MAX_CLAIM_WORKERS)
    throw badInput('workers', `must be a whole number from 1 to ${MAX_CLAIM_WORKERS}`);
  if (input.amountFen <= 0n) throw badInput('amount', 'must be more than 0');
  assertStatedDate(input.receivedOn, 'receivedOn');
  const employerUscc = normalizeUscc((input.employerUscc ?? '').trim());
  const uscc = checkUscc(employerUscc);
  if (!uscc.ok)
    throw badInput(
      'employerUscc',
      uscc.reason === 'format' ? 'is not an 18-character USCC' : 'check character is wrong',
    );
  const summary = officerText(input.summary, 'summary');
  let project: Project | null = null;
  if (input.projectId) {
    if (!isUuid(input.projectId)) throw badInput('projectId', 'is not a project id');
    project = await findProject(ctx, input.projectId);
    if (!project) throw notFound(`projectId: project ${input.projectId}`);
    if (input.districtCode && input.districtCode !== project.districtCode)
      throw badInput(
        'districtCode',
        `the project is in district ${project.districtCode}, not ${input.districtCode}`,
      );
  } else if (!input.districtCode) {
    throw badInput(
      'districtCode',
      'is required for a clue without a registered project (it decides the routing)',
    );
  } else if (!isBenxiDistrict(input.districtCode)) {
    throw badInput('districtCode', "must be one of Benxi's six county-level codes");
  }
  const place = routeClaim(project, project?.districtCode ?? input.districtCode!);
  if (caller.district !== CITY_DISTRICT && caller.district !== place.districtCode)
    throw forbidden(
      `districtCode: a ${caller.district} officer takes in clues of district ${caller.district} only`,
    );

  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        input.source,
        sourceNumber,
        project?.id ?? null,
        place.districtCode,
        employerUscc,
        input.workers,
        input.amountFen.toString(),
        input.receivedOn,
        summary,
      ]),
    )
    .digest('hex');
  const calendar = await loadWorkingCalendar(ctx.em);
  const workingDays = await clueWorkingDaysFor(ctx.em, input.receivedOn);
  const due = clueDueOn(calendar, input.receivedOn, workingDays);
  // One statement decides, under the unique (source, number): a concurrent twin waits for this
  // transaction and then finds the row, so a clue is stored once however often it is sent.
  const inserted = await sql<{ id: string }>(
    ctx.em,
    `insert into wage_clue (id, source, source_number, fingerprint, project_id, district_code, routed_org,
       employer_uscc, workers, claimed_amount_fen, received_on, summary, close_within_working_days, due_on,
       due_on_provisional, received_by, created_at)
     values (gen_random_uuid(), ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?::bigint, ?::date, ?, ?, ?::date, ?, ?, ?)
     on conflict (source, source_number) do nothing returning id`,
    [
      input.source,
      sourceNumber,
      fingerprint,
      project?.id ?? null,
      place.districtCode,
      place.routedOrg,
      employerUscc,
      input.workers,
      input.amountFen.toString(),
      input.receivedOn,
      summary,
      workingDays,
      due.date,
      due.provisional,
      `${caller.org}:${caller.district}`,
      clockNow(),
    ],
  );
  if (inserted.length === 0) {
    const [stored] = await sql<{ id: string; fingerprint: string; received_on: string }>(
      ctx.em,
      `select id, fingerprint, to_char(received_on, 'YYYY-MM-DD') as received_on from wage_clue where source = ? and source_number = ?`,
      [input.source, sourceNumber],
    );
    if (stored.fingerprint !== fingerprint)
      throw conflict(
        `sourceNumber: ${input.source} clue ${sourceNumber} is already stored with other content; the stored clue is unchanged (a corrected clue needs the platform's new number)`,
        'sourceNumber',
      );
    return {
      clue: await ctx.em.findOneOrFail(WageClue, stored.id, { populate: ['project'] }),
      replayed: true,
    };
  }
  const clue = await ctx.em.findOneOrFail(WageClue, inserted[0].id, { populate: ['project'] });
  const recipient = routedTo(place);
  await addNotices(ctx.em, [
    {
      topic: 'CLUE_ROUTED',
      recipient,
      dedupeKey: noticeDedupeKey('CLUE_ROUTED', clue.id, recipient),
      payload: {
        clueId: clue.id,
        source: clue.source,
        sourceNumber: clue.sourceNumber,
        projectId: project?.id ?? null,
        districtCode: place.districtCode,
        employerUscc,
        workers: clue.workers,
        claimedAmount: formatMoney(clue.claimedAmountFen),
        receivedOn: clue.receivedOn,
        dueOn: clue.dueOn,
      },
    },
  ]);
  return { clue, replayed: false };
}

/** A clue the caller sees (the rule of cases: src/auth/scope-sql.ts caseScopeSql), locked when asked. */
export async function findClue(ctx: ServiceContext, id: string, forUpdate = false): Promise<WageClue | null> {
  const scope = caseScopeSql(ctx.caller, 'c');
  if (!scope || !isUuid(id)) return null;
  const rows = await sql<{ id: string }>(
    ctx.em,
    `select c.id from wage_clue c where c.id = ?::uuid and ${scope.sql}${forUpdate ? ' for update' : ''}`,
    [id, ...scope.params],
  );
  if (rows.length === 0) return null;
  return ctx.em.findOne(WageClue, id, { populate: ['project', 'wageCase'], refresh: true });
}

export interface CloseClueInput {
  outcome: ClueOutcome;
  closedOn: string;
  note?: string | null;
}

/**
 * Closes a clue with its outcome, on time when `closedOn` is on or before its `dueOn`, late after
 * it. The agency it is routed to, the HRSS of its district or city HRSS close it.
 * VERIFIED_CASE_FILED needs the case made from it first (fileCaseFromClue).
 */
export async function closeClue(
  ctx: ServiceContext,
  clueId: string,
  input: CloseClueInput,
): Promise<WageClue> {
  if (!(CLUE_OUTCOMES as readonly string[]).includes(input.outcome))
    throw badInput('outcome', `must be one of ${CLUE_OUTCOMES.join(', ')}`);
  assertStatedDate(input.closedOn, 'closedOn');
  const note = input.note?.trim() ? officerText(input.note, 'note') : null;
  const clue = await findClue(ctx, clueId, true);
  if (!clue) throw notFound(`clueId: clue ${clueId}`);
  if (!mayAct(ctx.caller, clue, 'VERIFY'))
    throw forbidden('a clue is closed by the agency it is routed to, the HRSS of its district or city HRSS');
  if (clue.outcome)
    throw conflict(`status: the clue was already closed on ${clue.closedOn} as ${clue.outcome}`, 'status');
  if (input.closedOn < clue.receivedOn)
    throw badInput('closedOn', `${input.closedOn} is before the clue was received on ${clue.receivedOn}`);
  if (outcomeNeedsCase(input.outcome) && !clue.wageCase)
    throw conflict(
      'outcome: VERIFIED_CASE_FILED needs the case made from the clue first (fileCaseFromClue)',
      'outcome',
    );
  clue.outcome = input.outcome;
  clue.closedOn = input.closedOn;
  clue.closeNote = note;
  clue.closedBy = `${ctx.caller.org}:${ctx.caller.district}`;
  await ctx.em.flush();
  return clue;
}

/**
 * C3 from a clue: the case is made as a claim with the clue's source, project, employer, workers,
 * amount and day received, routed to the same agency, and linked to the clue. The employer must be
 * registered by then (employerUscc). A second call returns the same case.
 */
export async function fileCaseFromClue(ctx: ServiceContext, clueId: string): Promise<WageCase> {
  const clue = await findClue(ctx, clueId, true);
  if (!clue) throw notFound(`clueId: clue ${clueId}`);
  const project = clue.project ? await findProject(ctx, clue.project.id) : null;
  assertFiler(ctx, clue, project);
  if (clue.wageCase) return clue.wageCase;
  if (clue.outcome)
    throw conflict(`status: the clue was closed on ${clue.closedOn} as ${clue.outcome}`, 'status');
  const employer = await requireEnterprise(ctx, clue.employerUscc, 'employerUscc');
  const wageCase = await createCase(ctx, {
    source: clue.source,
    project,
    place: clue,
    employer,
    workers: clue.workers,
    amountFen: clue.claimedAmountFen,
    receivedOn: clue.receivedOn,
    alert: null,
    note: `from ${clue.source} clue ${clue.sourceNumber}`,
  });
  clue.wageCase = wageCase;
  await ctx.em.flush();
  return wageCase;
}

export interface ClueView {
  id: string;
  source: ClueSource;
  sourceNumber: string;
  projectId: string | null;
  districtCode: string;
  routedOrg: string;
  employerUscc: string;
  workers: number;
  claimedAmountFen: bigint;
  receivedOn: string;
  summary: string;
  closeWithinWorkingDays: number;
  dueOn: string;
  dueOnProvisional: boolean;
  outcome: ClueOutcome | null;
  closedOn: string | null;
  closeNote: string | null;
  closedBy: string | null;
  caseId: string | null;
  receivedBy: string;
  createdAt: Date;
}

const CLUE_COLUMNS = `c.id, c.source, c.source_number, c.project_id, c.district_code, c.routed_org, c.employer_uscc,
  c.workers, c.claimed_amount_fen::text as claimed_amount_fen, to_char(c.received_on, 'YYYY-MM-DD') as received_on,
  c.summary, c.close_within_working_days, to_char(c.due_on, 'YYYY-MM-DD') as due_on, c.due_on_provisional,
  c.outcome, to_char(c.closed_on, 'YYYY-MM-DD') as closed_on, c.close_note, c.closed_by, c.wage_case_id,
  c.received_by, c.created_at`;

// the columns as CLUE_COLUMNS reads them (dates as text, the amount as text)
const clueOf = (row: Record<string, unknown>): ClueView => {
  const r = row as Record<string, string & number & boolean & Date>;
  return {
    id: r.id,
    source: r.source,
    sourceNumber: r.source_number,
    projectId: r.project_id,
    districtCode: r.district_code,
    routedOrg: r.routed_org,
    employerUscc: r.employer_uscc,
    workers: Number(r.workers),
    claimedAmountFen: BigInt(r.claimed_amount_fen),
    receivedOn: r.received_on,
    summary: r.summary,
    closeWithinWorkingDays: Number(r.close_within_working_days),
    dueOn: r.due_on,
    dueOnProvisional: Boolean(r.due_on_provisional),
    outcome: r.outcome,
    closedOn: r.closed_on,
    closeNote: r.close_note,
    closedBy: r.closed_by,
    caseId: r.wage_case_id,
    receivedBy: r.received_by,
    createdAt: new Date(r.created_at),
  };
};

/** The view of a clue the caller has just written (the mutation's answer). */
export async function clueView(ctx: ServiceContext, id: string): Promise<ClueView> {
  const [row] = await sql(ctx.em, `select ${CLUE_COLUMNS} from wage_clue c where c.id = ?::uuid`, [id]);
  return clueOf(row);
}

export interface ClueFilter {
  source?: ClueSource | null;
  /** the agency it is routed to, as a recipient key: HOUSING:210502, HRSS:210503, … */
  agency?: string | null;
  districtCode?: string | null;
  status?: 'OPEN' | 'CLOSED' | null;
  outcome?: ClueOutcome | null;
  /** closed after its deadline, or open past it today */
  late?: boolean | null;
}

/** Newest first, in the caller's scope (as cases are scoped). */
export async function listClues(
  ctx: ServiceContext,
  filter: ClueFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  want: ListWant = WANT_ALL,
): Promise<Page<ClueView>> {
  const limit = pageSize(first);
  const cursorOf = (c: ClueView) => encodeCursor([c.createdAt.toISOString(), c.id]);
  const key = decodeInstantIdCursor(after);
  const scope = caseScopeSql(ctx.caller, 'c');
  const where = clueWhere(new Where(scope ?? undefined), filter ?? {});
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const page = new Where().add(where.sql, ...where.params);
  if (key) page.add('(c.created_at, c.id) < (?::timestamptz, ?::uuid)', key[0].toISOString(), key[1]);
  const { rows, total } = await readPage(ctx.em, want, {
    columns: CLUE_COLUMNS,
    from: 'wage_clue c',
    where: page,
    orderAndLimit: `order by c.created_at desc, c.id desc limit ${limitLiteral(limit + 1)}`,
    count: { from: 'wage_clue c', where },
  });
  const nodes = rows.map(clueOf);
  return {
    nodes: nodes.slice(0, limit),
    cursorOf,
    totalCount: total,
    hasNextPage: nodes.length > limit,
  };
}

function clueWhere(where: Where, f: ClueFilter): Where {
  if (f.source) where.add('c.source = ?', f.source);
  if (f.agency) {
    const [org, district] = f.agency.split(':');
    if (!org || !district || !isBenxiDistrict(district))
      throw badInput('filter.agency', 'must be a recipient key such as HOUSING:210502 or HRSS:210503');
    where.add('c.routed_org = ? and c.district_code = ?', org, district);
  }
  if (f.districtCode) where.add('c.district_code = ?', f.districtCode);
  if (f.status === 'OPEN') where.add('c.closed_on is null');
  if (f.status === 'CLOSED') where.add('c.closed_on is not null');
  if (f.outcome) where.add('c.outcome = ?', f.outcome);
  if (f.late !== null && f.late !== undefined) {
    const late =
      '((c.closed_on is not null and c.closed_on > c.due_on) or (c.closed_on is null and c.due_on < ?::date))';
    where.add(f.late ? late : `not ${late}`, todayInShanghai());
  }
  return where;
}
