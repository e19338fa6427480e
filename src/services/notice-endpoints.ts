import { NoticeEndpoint } from '../entities';
import { badInput } from '../domain/errors';
import { assertCityHrss } from '../auth/scope';
import { webhookUrlProblem } from '../../adapters/outbound/webhook';
import type { ServiceContext } from './context';
import { recipientKeyProblem } from './outbox';
import { now as clockNow } from '../clock';

export interface NoticeEndpointInput {
  recipient: string;
  url: string;
  webhookSecret: string;
}

const MAX_URL = 2000;

/**
 * Sets (or replaces) where a recipient's notices go. Notices already waiting for this recipient
 * are delivered by the relay's next pass; nothing is lost while no endpoint is configured.
 */
export async function setNoticeEndpoint(
  ctx: ServiceContext,
  input: NoticeEndpointInput,
): Promise<NoticeEndpoint> {
  assertCityHrss(ctx.caller, 'configure notice endpoints');
  const recipient = input.recipient.trim();
  const problem = recipientKeyProblem(recipient);
  if (problem) throw badInput('recipient', problem);
  const url = input.url.trim();
  const urlProblem = url.length > MAX_URL ? `must be at most ${MAX_URL} characters` : webhookUrlProblem(url);
  if (urlProblem) throw badInput('url', urlProblem);
  assertWebhookSecret(input.webhookSecret);
  return ctx.em.upsert(NoticeEndpoint, {
    recipient,
    url,
    webhookSecret: input.webhookSecret,
    updatedAt: clockNow(),
    updatedBy: ctx.caller.sub,
  });
}

export function listNoticeEndpoints(ctx: ServiceContext): Promise<NoticeEndpoint[]> {
  assertCityHrss(ctx.caller, 'see notice endpoints');
  return ctx.em.find(NoticeEndpoint, {}, { orderBy: { recipient: 'asc' } });
}

/** Standard Webhooks: `whsec_` + base64 of 24–64 random bytes (as for banks). */
function assertWebhookSecret(secret: string): void {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  const bytes = match ? Buffer.from(match[1], 'base64').length : 0;
  if (!match || bytes < 24 || bytes > 64) {
    throw badInput('webhookSecret', 'must be "whsec_" followed by base64 of 24 to 64 random bytes');
  }
}
