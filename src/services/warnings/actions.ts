/**
 * What agencies do with a warning (R17): the routed agency acknowledges it (read receipt, who and
 * when), a superior agency urges it (催办, the silent agencies notified). Out of scope is NOT_FOUND
 * naming nothing; a uuid that is not one is BAD_USER_INPUT on the field.
 */
import { isCityHrss } from '../../auth/scope';
import { sql } from '../../db/sql';
import { superiorOf } from '../../domain/warning-routing';
import { badInput, conflict, forbidden, notFound } from '../../domain/errors';
import { isUuid } from '../../domain/uuid';
import { now as clockNow } from '../../clock';
import { requiredText, type ServiceContext } from '../context';
import { addNotices, noticeDedupeKey } from '../outbox';
import { findWarning, type WarningView } from './reads';
import { callerKey } from './scope';

async function warningInScope(ctx: ServiceContext, warningId: string): Promise<WarningView> {
  if (!isUuid(warningId)) throw badInput('warningId', 'is not an id');
  const w = await findWarning(ctx, warningId, true);
  if (!w) throw notFound(`warning ${warningId}`);
  return w;
}

export async function acknowledgeWarning(ctx: ServiceContext, warningId: string): Promise<WarningView> {
  const w = await warningInScope(ctx, warningId);
  const key = callerKey(ctx.caller);
  if (!w.recipients.some((r) => r.recipient === key))
    throw forbidden(`only the agencies a warning is routed to acknowledge it; it is not routed to ${key}`);
  await sql(
    ctx.em,
    `update warning_recipient set acknowledged_at = ?::timestamptz, acknowledged_by = ?
      where warning_id = ?::uuid and recipient = ? and acknowledged_at is null`,
    [clockNow(), `${key}:${ctx.caller.sub}`, warningId, key],
  );
  return (await findWarning(ctx, warningId))!;
}

/** A superior of an agency the warning is routed to (or city HRSS) urges it; the silent ones are told. */
export async function urgeWarning(
  ctx: ServiceContext,
  warningId: string,
  noteInput: string,
): Promise<WarningView> {
  const note = requiredText(noteInput, 'note', 500);
  const w = await warningInScope(ctx, warningId);
  const key = callerKey(ctx.caller);
  const superior = isCityHrss(ctx.caller) || w.recipients.some((r) => superiorOf(r.recipient) === key);
  if (!superior) throw forbidden('only a superior of an agency the warning is routed to urges it (催办)');
  if (w.closedOn) throw conflict(`warning ${warningId} is closed`, 'warningId');
  const at = clockNow().toISOString();
  const urge = { by: `${key}:${ctx.caller.sub}`, at, note };
  await sql(ctx.em, `update warning set urges = urges || ?::jsonb where id = ?::uuid`, [
    JSON.stringify([urge]),
    warningId,
  ]);
  const silent = w.recipients.filter((r) => !r.acknowledgedAt).map((r) => r.recipient);
  const told = silent.length ? silent : w.recipients.map((r) => r.recipient);
  const n = w.urges.length + 1;
  await addNotices(
    ctx.em,
    told.map((recipient) => ({
      topic: 'WARNING_URGED',
      recipient,
      dedupeKey: noticeDedupeKey('WARNING_URGED', `${warningId}#${n}`, recipient),
      payload: {
        warningId,
        grade: w.grade,
        subjectKind: w.subjectKind,
        subjectId: w.subjectId,
        urgedBy: key,
        urgedAt: at,
      },
    })),
  );
  return (await findWarning(ctx, warningId))!;
}
