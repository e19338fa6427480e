import { now as clockNow } from '../clock';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxNotice } from '../entities';
import type { NoticeStatus } from '../entities/outbox-notice.entity';
import { INDUSTRY_ORGS, type IndustryOrg } from '../auth/caller';
import { assertCityHrss } from '../auth/scope';
import { isBenxiScopeCode } from '../domain/districts';
import { notFound } from '../domain/errors';
import { checkResidentId } from '../domain/identifiers';
import type { ServiceContext } from './context';
import { encodeCursor, pageSize, type Page, decodeInstantIdCursor } from './pagination';
import { sql } from '../db/sql';
import { isUuid } from '../domain/uuid';

/** The topics the deadline engine sends; receivers switch on them (the body's `type`). */
export const NOTICE_TOPICS = [
  'ALERT_OPENED',
  'ALERT_ESCALATED',
  'CONTRACTOR_REPORTED',
  'WARNING_SYSTEM_HANDOVER',
] as const;
export type NoticeTopic = (typeof NOTICE_TOPICS)[number];

/** The Liaoning wage-arrears warning system (辽宁省欠薪预警信息系统): one recipient for the province. */
export const WARNING_SYSTEM_RECIPIENT = 'LIAONING_WARNING_SYSTEM';
/** The credit information sharing platform (信用信息共享平台): pushed each blacklist change (B4). */
export const CREDIT_PLATFORM_RECIPIENT = 'CREDIT_PLATFORM';

/**
 * Recipient keys: stable names for who receives a notice, independent of where it is delivered
 * (city HRSS maps each key to a URL with `setNoticeEndpoint`).
 * - `BANK:{bankCode}` — the bank that holds the special account (it notifies the contractor)
 * - `HRSS:{districtCode}` — the district's HRSS bureau (210500: the city's)
 * - `{HOUSING|TRANSPORT|WATER|BENGANG}:{districtCode}` — the industry authority for the project
 * - `LIAONING_WARNING_SYSTEM` — the provincial warning system
 * - `CREDIT_PLATFORM` — the credit sharing platform (blacklist changes)
 * - `GOVERNMENT:{districtCode}`, `POLICE:{districtCode}`, `COURT:{districtCode}` — the district's
 *   (210500: the city's) government, police and court (incidents, freezes, 一事一议 escalations)
 * - `JUSTICE:{districtCode}`, `UNION:{districtCode}` — the district's justice bureau (its legal aid
 *   centre) and trade union: the bodies a case's workers are referred to (R11)
 * - `ENTERPRISE:{uscc}` — a firm a duty is on (the contractor's deposit, the owner's guarantee)
 */
export const recipientKey = {
  bank: (bankCode: string): string => `BANK:${bankCode}`,
  hrss: (districtCode: string): string => `HRSS:${districtCode}`,
  industry: (authority: IndustryOrg, districtCode: string): string => `${authority}:${districtCode}`,
  warningSystem: (): string => WARNING_SYSTEM_RECIPIENT,
  enterprise: (uscc: string): string => `ENTERPRISE:${uscc}`,
};

const BANK_CODE = /^[A-Z0-9_]{2,32}$/;
/** Bodies addressed per district beside HRSS and the industry authorities. */
const DISTRICT_BODIES: readonly string[] = ['GOVERNMENT', 'POLICE', 'COURT', 'JUSTICE', 'UNION'];

/** Why a string is not a recipient key, or null when it is one. */
export function recipientKeyProblem(key: string): string | null {
  if (key === WARNING_SYSTEM_RECIPIENT || key === CREDIT_PLATFORM_RECIPIENT) return null;
  const colon = key.indexOf(':');
  const kind = colon < 0 ? key : key.slice(0, colon);
  const rest = colon < 0 ? null : key.slice(colon + 1);
  if (kind === 'BANK') {
    return rest !== null && BANK_CODE.test(rest)
      ? null
      : 'BANK: must be followed by a bank code (A-Z, 0-9, _)';
  }
  if (kind === 'ENTERPRISE') {
    return rest !== null && /^[0-9A-Z]{18}$/.test(rest)
      ? null
      : 'ENTERPRISE: must be followed by an 18-character unified social credit code';
  }
  if (
    kind === 'HRSS' ||
    (INDUSTRY_ORGS as readonly string[]).includes(kind) ||
    DISTRICT_BODIES.includes(kind)
  ) {
    return rest !== null && isBenxiScopeCode(rest)
      ? null
      : `${kind}: must be followed by a Benxi district code (210500 or one of its six county-level codes)`;
  }
  return `use BANK:{bankCode}, HRSS:{districtCode}, {${[...INDUSTRY_ORGS, ...DISTRICT_BODIES].join('|')}}:{districtCode}, ENTERPRISE:{uscc}, ${WARNING_SYSTEM_RECIPIENT} or ${CREDIT_PLATFORM_RECIPIENT}`;
}

/** A suggested dedupe key: one notice per topic, subject (e.g. an alert id or escalation) and recipient. */
export const noticeDedupeKey = (topic: string, subject: string, recipient: string): string =>
  `${topic}|${subject}|${recipient}`;

/**
 * A notice to send. `dedupeKey` decides what counts as the same notice: writing a draft whose key
 * is already stored does nothing, so a re-run sweep sends nothing twice.
 *
 * `payload` is what the receiver gets as the body's `data`. It must carry NO personal data —
 * no worker names, ID numbers, bank card or phone numbers: notices leave the hub, are kept in the
 * outbox, and are shown to operators. Send identifiers and amounts the receiver can look up
 * (alert id, project id, USCC, due date, shortfall); `addNotices` refuses the obvious mistakes.
 */
export interface NoticeDraft {
  topic: string;
  recipient: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/** A draft the calling code got wrong: a programming error, never the API caller's. */
export class NoticeDraftError extends Error {
  override name = 'NoticeDraftError';
}

const TOPIC = /^[A-Z][A-Z0-9_]{2,63}$/;
const MAX_DEDUPE_KEY = 500;
const MAX_PAYLOAD_BYTES = 16 * 1024;
const PERSONAL_KEYS = new Set([
  'idnumber',
  'workeridnumber',
  'residentid',
  'phone',
  'phonenumber',
  'mobile',
  'bankcard',
  'cardno',
  'cardnumber',
  'workername',
]);

/**
 * Stores notices in the outbox, in the caller's transaction (`em.execute` runs on its
 * connection; nothing here commits), with one set-based statement. The relay delivers them after
 * the transaction commits; if it rolls back, no notice exists. Returns how many were new (drafts
 * whose dedupe key was already stored, or repeated within `drafts`, are not counted).
 * `opts.at` dates them otherwise than now: the relay sends the earliest first.
 */
export async function addNotices(
  em: EntityManager,
  drafts: NoticeDraft[],
  opts: { at?: Date } = {},
): Promise<number> {
  const rows = new Map<string, { topic: string; recipient: string; dedupe_key: string; payload: unknown }>();
  for (const draft of drafts) {
    const payload = checkedPayload(draft);
    if (!rows.has(draft.dedupeKey)) {
      rows.set(draft.dedupeKey, {
        topic: draft.topic,
        recipient: draft.recipient,
        dedupe_key: draft.dedupeKey,
        payload,
      });
    }
  }
  if (rows.size === 0) return 0;
  const createdAt = opts.at ?? clockNow();
  const inserted: unknown[] = await sql(
    em,
    // Created and due at the hub's clock (a JS Date: whole milliseconds, as the list's cursors carry
    // it), not the database's: the relay compares next_attempt_at with that same clock.
    `insert into outbox_notice (topic, recipient, dedupe_key, payload, created_at, next_attempt_at)
     select d.topic, d.recipient, d.dedupe_key, d.payload, ?::timestamptz, ?::timestamptz
       from jsonb_to_recordset(?::jsonb) as d(topic text, recipient text, dedupe_key text, payload jsonb)
     on conflict (dedupe_key) do nothing
     returning id`,
    [createdAt, createdAt, JSON.stringify([...rows.values()])],
  );
  return inserted.length;
}

/** The payload as it will be stored (bigint amounts as strings), once the draft passes the checks. */
function checkedPayload(draft: NoticeDraft): unknown {
  if (!TOPIC.test(draft.topic)) throw new NoticeDraftError(`topic "${draft.topic}" must be UPPER_SNAKE_CASE`);
  const problem = recipientKeyProblem(draft.recipient);
  if (problem) throw new NoticeDraftError(`recipient "${draft.recipient}": ${problem}`);
  if (!draft.dedupeKey || draft.dedupeKey.length > MAX_DEDUPE_KEY) {
    throw new NoticeDraftError(`dedupeKey must be 1–${MAX_DEDUPE_KEY} characters`);
  }
  const payload = draft.payload as unknown;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new NoticeDraftError(`payload of ${draft.dedupeKey} must be a JSON object`);
  }
  const json = JSON.stringify(payload, (_key, value) =>
    typeof value === 'bigint' ? value.toString() : (value as unknown),
  );
  if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES) {
    throw new NoticeDraftError(`payload of ${draft.dedupeKey} is over ${MAX_PAYLOAD_BYTES} bytes`);
  }
  const stored = JSON.parse(json) as unknown;
  const personal = findPersonalData(stored, 'payload');
  if (personal) throw new NoticeDraftError(`${personal} of ${draft.dedupeKey} looks like personal data`);
  return stored;
}

/** The path of the first field that is named or shaped like personal data, or null. */
function findPersonalData(value: unknown, path: string): string | null {
  if (typeof value === 'string') {
    return /^\d{17}[\dXx]$/.test(value) && checkResidentId(value).ok ? path : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const here = `${path}.${key}`;
    if (PERSONAL_KEYS.has(key.toLowerCase().replace(/[^a-z]/g, ''))) return here;
    const found = findPersonalData(child, here);
    if (found) return found;
  }
  return null;
}

export interface NoticeFilter {
  status?: NoticeStatus | null;
  recipient?: string | null;
  topic?: string | null;
}

/** The outbox for operators (city HRSS), newest first: what went out lately, and what is stuck. */
export async function listNotices(
  ctx: ServiceContext,
  filter: NoticeFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<OutboxNotice>> {
  assertCityHrss(ctx.caller, 'see outbound notices');
  const limit = pageSize(first);
  const where: Record<string, unknown> = {};
  if (filter?.status) where.status = filter.status;
  if (filter?.recipient) where.recipient = filter.recipient;
  if (filter?.topic) where.topic = filter.topic;
  const key = decodeInstantIdCursor(after);
  const keyset: FilterQuery<OutboxNotice> = key
    ? { $or: [{ createdAt: { $lt: key[0] } }, { createdAt: key[0], id: { $lt: key[1] } }] }
    : {};
  const nodes = await ctx.em.find(
    OutboxNotice,
    { $and: [where as FilterQuery<OutboxNotice>, keyset] },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 },
  );
  const totalCount = await ctx.em.count(OutboxNotice, where as FilterQuery<OutboxNotice>);
  return {
    nodes: nodes.slice(0, limit),
    cursorOf: (n) => encodeCursor([n.createdAt.toISOString(), n.id]),
    totalCount,
    hasNextPage: nodes.length > limit,
  };
}

/**
 * Sends a notice again from scratch (a receiver lost it, or was fixed after it FAILED): PENDING,
 * no attempts, due `now`. The relay's next pass delivers it with the same `webhook-id`.
 */
export async function replayNotice(ctx: ServiceContext, id: string, now: Date): Promise<OutboxNotice> {
  assertCityHrss(ctx.caller, 'replay notices');
  const notice = isUuid(id) ? await ctx.em.findOne(OutboxNotice, { id }) : null;
  if (!notice) throw notFound(`notice ${id}`);
  Object.assign(notice, {
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: now,
    deliveredAt: null,
    lastError: null,
    lastHttpStatus: null,
  });
  await ctx.em.flush();
  return notice;
}
