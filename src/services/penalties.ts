/**
 * Administrative penalties P1–P5 (Regulation arts. 54–58; RULES.md "Penalties"): each after an
 * order to correct by a deadline that passed uncorrected. The ranges and consequences are data in
 * src/domain/penalty-ranges.ts.
 *
 * Who decides (the Regulation's "由……责令"): P1 (art. 54) HRSS; P2–P4 (arts. 55–57) HRSS or the
 * industry authority, within their project scope; P5 (art. 58) the financial regulator, here the
 * PBOC token (the hub has no other financial-regulator org), of the project's district or the
 * city. Lowering or revoking a qualification (P2, serious) is for the industry authority that
 * grants it; restricting bidding and the qualification sanctions fall on the project's general
 * contractor (施工单位). P4 is on the project's owner or contractor. P5's party is a financial
 * institution: its registered bank code is required, and its USCC names the fined branch.
 */
import type { FilterQuery } from '@mikro-orm/core';
import { isIndustryOrg, type Caller } from '../auth/caller';
import { projectScope } from '../auth/scope';
import { badInput, forbidden, notFound } from '../domain/errors';
import { normalizeUscc } from '../domain/identifiers';
import {
  CONTRACTOR_ONLY_CONSEQUENCES,
  consequenceProblem,
  fineProblem,
  PENALTY_CODES,
  PENALTY_RULES,
  type PenaltyAuthority,
  type PenaltyCode,
  type PenaltyConsequence,
  type PenaltyPartyKind,
} from '../domain/penalty-ranges';
import { isUuid } from '../domain/uuid';
import { Penalty } from '../entities';
import { findBank } from './banks';
import { requiredText, type ServiceContext } from './context';
import { requireEnterprise } from './enterprises';
import { requireResidentId } from './cases/personal-data';
import { decodeInstantIdCursor, encodeCursor, pageSize, type Page } from './pagination';
import { findProject } from './projects';
import { assertStatedDate } from './stated-date';

export interface PenaltyInput {
  code: PenaltyCode;
  partyUscc: string;
  projectId: string;
  fineFen: bigint;
  decidedOn: string;
  /** P1 only: a responsible person of the party (法定代表人、直接负责的主管人员…), fined in person */
  personName?: string | null;
  personIdNumber?: string | null;
  /** P5 only: the registered bank */
  bankCode?: string | null;
  correctionOrderedOn: string;
  correctionDeadline: string;
  consequence: PenaltyConsequence;
}

function authorityOf(caller: Caller): PenaltyAuthority | null {
  if (caller.org === 'HRSS') return 'HRSS';
  if (isIndustryOrg(caller.org)) return 'INDUSTRY_AUTHORITY';
  if (caller.org === 'PBOC') return 'FINANCIAL_REGULATOR';
  return null;
}

const AUTHORITY_WORDS: Record<PenaltyAuthority, string> = {
  HRSS: 'HRSS',
  INDUSTRY_AUTHORITY: 'the industry authority',
  FINANCIAL_REGULATOR: 'the financial regulator (PBOC)',
};

export async function imposePenalty(ctx: ServiceContext, input: PenaltyInput): Promise<Penalty> {
  const { caller } = ctx;
  if (!(PENALTY_CODES as readonly string[]).includes(input.code)) throw badInput('code', 'must be P1–P5');
  const rule = PENALTY_RULES[input.code];
  const authority = authorityOf(caller);
  if (!authority || !rule.authorities.includes(authority)) {
    throw forbidden(
      `code: ${input.code} (${rule.article}) is ordered by ${rule.authorities.map((a) => AUTHORITY_WORDS[a]).join(' or ')}`,
    );
  }
  // the input's own checks, in the order a form is read
  const hasPerson = Boolean(input.personName?.trim() || input.personIdNumber?.trim());
  const kind: PenaltyPartyKind = hasPerson ? 'PERSON' : 'UNIT';
  if (hasPerson && input.code !== 'P1') {
    throw badInput('personName', `only P1 fines a responsible person; ${input.code} is on the unit`);
  }
  const personName = hasPerson ? requiredText(input.personName ?? '', 'personName', 100) : null;
  const personIdNumber = hasPerson ? requireResidentId(input.personIdNumber ?? '', 'personIdNumber') : null;
  const fine = fineProblem(input.code, kind, input.fineFen);
  if (fine) throw badInput('fine', fine);
  // all three have happened by the decision: the order, its deadline passing, the decision itself
  assertStatedDate(input.correctionOrderedOn, 'correctionOrderedOn');
  assertStatedDate(input.correctionDeadline, 'correctionDeadline');
  assertStatedDate(input.decidedOn, 'decidedOn');
  if (input.correctionDeadline <= input.correctionOrderedOn) {
    throw badInput(
      'correctionDeadline',
      `must be after the correction order of ${input.correctionOrderedOn}`,
    );
  }
  if (input.decidedOn <= input.correctionDeadline) {
    throw badInput(
      'decidedOn',
      `a penalty follows an order to correct that was not met: decide after its deadline ${input.correctionDeadline}`,
    );
  }
  const consequence = consequenceProblem(input.code, input.consequence);
  if (consequence) throw badInput('consequence', consequence);
  if (
    (input.consequence === 'QUALIFICATION_LOWERED' || input.consequence === 'QUALIFICATION_REVOKED') &&
    authority !== 'INDUSTRY_AUTHORITY'
  ) {
    throw forbidden(
      `consequence: ${input.consequence} is for the industry authority that grants the qualification`,
    );
  }
  if (input.bankCode && input.code !== 'P5') {
    throw badInput(
      'bankCode',
      `only P5 concerns a financial institution; ${input.code} does not take a bank`,
    );
  }
  if (input.code === 'P5' && !input.bankCode?.trim()) {
    throw badInput('bankCode', 'P5 is on a financial institution: name its registered bank code');
  }

  // what the input refers to
  const project = await findProject(ctx, input.projectId);
  if (!project) throw notFound(`projectId: project ${input.projectId}`);
  const party = await requireEnterprise(ctx, normalizeUscc(input.partyUscc.trim()), 'partyUscc');
  const role =
    party.id === project.owner.id ? 'OWNER' : party.id === project.contractor.id ? 'CONTRACTOR' : null;
  if (rule.parties && (!role || !rule.parties.includes(role))) {
    throw badInput(
      'partyUscc',
      `${input.code} is on the project's ${rule.parties.join(' or ').toLowerCase()}`,
    );
  }
  if (CONTRACTOR_ONLY_CONSEQUENCES.includes(input.consequence) && role !== 'CONTRACTOR') {
    throw badInput(
      'consequence',
      `${input.consequence} falls on the project's general contractor (施工单位)`,
    );
  }
  let bankCode: string | null = null;
  if (input.code === 'P5') {
    const bank = await findBank(ctx, input.bankCode!.trim());
    if (!bank) throw badInput('bankCode', `no bank ${input.bankCode} is registered`);
    bankCode = bank.code;
  }

  const penalty = ctx.em.create(Penalty, {
    code: input.code,
    partyKind: kind,
    party,
    bankCode,
    project,
    districtCode: project.districtCode,
    personName,
    personIdNumber,
    fineFen: input.fineFen,
    correctionOrderedOn: input.correctionOrderedOn,
    correctionDeadline: input.correctionDeadline,
    decidedOn: input.decidedOn,
    consequence: input.consequence,
    decidedBySub: caller.sub,
    decidedByOrg: caller.org,
    decidedByDistrict: caller.district,
  });
  await ctx.em.flush();
  return penalty;
}

/**
 * Penalties are seen where their project is (the project scope), by the agencies; banks,
 * contractors and the credit platform see none (a penalty names responsible persons).
 */
function penaltyScope(caller: Caller): FilterQuery<Penalty> | null {
  if (caller.org === 'BANK' || caller.org === 'CONTRACTOR' || caller.org === 'CREDIT_PLATFORM') return null;
  const scope = projectScope(caller);
  return scope ? ({ project: scope } as FilterQuery<Penalty>) : null;
}

const POPULATE = ['party', 'project', 'project.owner', 'project.contractor'] as const;

export async function findPenalty(ctx: ServiceContext, id: string): Promise<Penalty | null> {
  const scope = penaltyScope(ctx.caller);
  if (!scope || !isUuid(id)) return null;
  return ctx.em.findOne(Penalty, { $and: [{ id }, scope] }, { populate: POPULATE });
}

export interface PenaltyFilter {
  code?: PenaltyCode | null;
  projectId?: string | null;
  partyUscc?: string | null;
  districtCode?: string | null;
}

/** Newest first. */
export async function listPenalties(
  ctx: ServiceContext,
  filter: PenaltyFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<Penalty>> {
  const limit = pageSize(first);
  const cursorOf = (p: Penalty) => encodeCursor([p.createdAt.toISOString(), p.id]);
  const key = decodeInstantIdCursor(after);
  const scope = penaltyScope(ctx.caller);
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const f: Record<string, unknown> = {};
  if (filter?.code) f.code = filter.code;
  if (filter?.projectId) {
    if (!isUuid(filter.projectId)) throw badInput('filter.projectId', 'is not a project id');
    f.project = filter.projectId;
  }
  if (filter?.partyUscc) f.party = { uscc: normalizeUscc(filter.partyUscc.trim()) };
  if (filter?.districtCode) f.districtCode = filter.districtCode;
  const where: FilterQuery<Penalty> = { $and: [scope, f as FilterQuery<Penalty>] };
  const keyset: FilterQuery<Penalty> = key
    ? { $or: [{ createdAt: { $lt: key[0] } }, { createdAt: key[0], id: { $lt: key[1] } }] }
    : {};
  const nodes = await ctx.em.find(
    Penalty,
    { $and: [where, keyset] },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1, populate: POPULATE },
  );
  const totalCount = await ctx.em.count(Penalty, where);
  return { nodes: nodes.slice(0, limit), cursorOf, totalCount, hasNextPage: nodes.length > limit };
}
