import type { FilterQuery } from '@mikro-orm/core';
import { Incident, INCIDENT_KINDS, type IncidentKind } from '../entities/incident.entity';
import { INDUSTRY_ORGS, type Caller } from '../auth/caller';
import { CITY_DISTRICT, isBenxiScopeCode } from '../domain/districts';
import { badInput, forbidden } from '../domain/errors';
import { isUuid } from '../domain/uuid';
import { now as clockNow } from '../clock';
import { maskNumbers } from '../log-safe-error';
import { addNotices, noticeDedupeKey, recipientKey, type NoticeDraft } from './outbox';
import { findProject } from './projects';
import type { ServiceContext } from './context';
import { decodeInstantIdCursor, encodeCursor, pageSize, type Page } from './pagination';

export interface IncidentInput {
  kind: IncidentKind;
  districtCode: string;
  projectId?: string | null;
  occurredAt: Date;
  workers?: number | null;
  note: string;
}

/** Agencies that report incidents: HRSS, the industry authorities, the police and the government. */
const REPORTERS = new Set<string>(['HRSS', ...INDUSTRY_ORGS, 'POLICE', 'GOVERNMENT']);
const NOTE_MAX = 2000;

/**
 * Records an incident and notifies, in the same transaction, everyone R20 names for its district:
 * the government, HRSS, the housing, transport and water authorities (and Bengang's, when the
 * project is one of its) and the police; a district's incident also reaches city HRSS. A major
 * public-opinion event is reported to the city government first (R17): its notice is written
 * before the others, so the relay sends it first.
 */
export async function reportIncident(ctx: ServiceContext, input: IncidentInput): Promise<Incident> {
  const { caller } = ctx;
  if (!REPORTERS.has(caller.org)) {
    throw forbidden('only HRSS, the industry authorities, the police and the government report incidents');
  }
  if (!INCIDENT_KINDS.includes(input.kind))
    throw badInput('kind', `must be one of ${INCIDENT_KINDS.join(', ')}`);
  const districtCode = input.districtCode.trim();
  if (!isBenxiScopeCode(districtCode)) throw badInput('districtCode', 'is not a Benxi district code');
  if (caller.district !== CITY_DISTRICT && caller.district !== districtCode) {
    throw forbidden(
      `districtCode: a ${caller.district} officer reports incidents of district ${caller.district} only`,
    );
  }
  const now = clockNow();
  if (input.occurredAt.getTime() > now.getTime() + 5 * 60_000)
    throw badInput('occurredAt', 'is in the future');
  if (
    input.workers !== null &&
    input.workers !== undefined &&
    (!Number.isInteger(input.workers) || input.workers < 0 || input.workers > 1_000_000)
  ) {
    throw badInput('workers', 'must be a whole number from 0 to 1000000');
  }
  const note = input.note.trim();
  if (!note) throw badInput('note', 'must not be empty');
  if (note.length > NOTE_MAX) throw badInput('note', `must be at most ${NOTE_MAX} characters`);
  // The note is read by officers of several agencies: an ID or card number does not belong in it.
  if (maskNumbers(note) !== note) throw badInput('note', 'must not contain ID or bank card numbers');

  let project = null;
  if (input.projectId) {
    if (!isUuid(input.projectId)) throw badInput('projectId', 'is not a project id');
    project = await findProject(ctx, input.projectId);
    if (!project) throw badInput('projectId', 'no such project in your scope');
    if (project.districtCode !== districtCode && districtCode !== CITY_DISTRICT) {
      throw badInput('districtCode', `the project is in district ${project.districtCode}`);
    }
  }
  const incident = ctx.em.create(Incident, {
    kind: input.kind,
    districtCode,
    project,
    occurredAt: input.occurredAt,
    workers: input.workers ?? null,
    note,
    reportedBy: `${caller.org}:${caller.district}`,
    createdAt: now,
  });
  await ctx.em.flush();
  const [firstNotice, ...others] = incidentNotices(incident, project?.industry ?? null, project?.id ?? null);
  // The relay sends notices in the order they are due: the first recipient's (the city government
  // for public opinion, else the district government) is dated a millisecond earlier.
  await addNotices(ctx.em, [firstNotice], { at: new Date(now.getTime() - 1) });
  await addNotices(ctx.em, others, { at: now });
  return incident;
}

/** Who hears of an incident, in the order the relay should reach them. */
export function incidentRecipients(
  kind: IncidentKind,
  districtCode: string,
  industry: string | null,
): string[] {
  const authorities = new Set<string>(['HOUSING', 'TRANSPORT', 'WATER']);
  if (industry) authorities.add(industry);
  const recipients = [
    ...(kind === 'MAJOR_PUBLIC_OPINION' ? [`GOVERNMENT:${CITY_DISTRICT}`] : []),
    `GOVERNMENT:${districtCode}`,
    recipientKey.hrss(districtCode),
    ...[...authorities].map((a) => `${a}:${districtCode}`),
    `POLICE:${districtCode}`,
    recipientKey.hrss(CITY_DISTRICT),
  ];
  return [...new Set(recipients)];
}

function incidentNotices(
  incident: Incident,
  industry: string | null,
  projectId: string | null,
): NoticeDraft[] {
  return incidentRecipients(incident.kind, incident.districtCode, industry).map((recipient) => ({
    topic: 'INCIDENT_REPORTED',
    recipient,
    dedupeKey: noticeDedupeKey('INCIDENT_REPORTED', incident.id, recipient),
    // Identifiers only: the note stays in the hub, where its readers are authorised.
    payload: {
      incidentId: incident.id,
      kind: incident.kind,
      districtCode: incident.districtCode,
      projectId,
      occurredAt: incident.occurredAt.toISOString(),
      workers: incident.workers,
    },
  }));
}

/** Agencies of a district see its incidents; city-level agencies see all. Firms and banks none. */
function incidentScope(caller: Caller): FilterQuery<Incident> | null {
  if (caller.org === 'BANK' || caller.org === 'CONTRACTOR' || caller.org === 'CREDIT_PLATFORM') return null;
  return caller.district === CITY_DISTRICT ? {} : { districtCode: caller.district };
}

export interface IncidentFilter {
  kind?: IncidentKind | null;
  districtCode?: string | null;
  occurredFrom?: Date | null;
  occurredBefore?: Date | null;
}

/** Newest first (by when it occurred). */
export async function listIncidents(
  ctx: ServiceContext,
  filter: IncidentFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<Incident>> {
  const limit = pageSize(first);
  const cursorOf = (i: Incident) => encodeCursor([i.occurredAt.toISOString(), i.id]);
  const key = decodeInstantIdCursor(after);
  const scope = incidentScope(ctx.caller);
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const f: Record<string, unknown> = {};
  if (filter?.kind) f.kind = filter.kind;
  if (filter?.districtCode) f.districtCode = filter.districtCode;
  if (filter?.occurredFrom || filter?.occurredBefore) {
    f.occurredAt = {
      ...(filter.occurredFrom ? { $gte: filter.occurredFrom } : {}),
      ...(filter.occurredBefore ? { $lt: filter.occurredBefore } : {}),
    };
  }
  const where: FilterQuery<Incident> = { $and: [scope, f as FilterQuery<Incident>] };
  const keyset: FilterQuery<Incident> = key
    ? { $or: [{ occurredAt: { $lt: key[0] } }, { occurredAt: key[0], id: { $lt: key[1] } }] }
    : {};
  const nodes = await ctx.em.find(
    Incident,
    { $and: [where, keyset] },
    { orderBy: { occurredAt: 'desc', id: 'desc' }, limit: limit + 1 },
  );
  const totalCount = await ctx.em.count(Incident, where);
  return { nodes: nodes.slice(0, limit), cursorOf, totalCount, hasNextPage: nodes.length > limit };
}
