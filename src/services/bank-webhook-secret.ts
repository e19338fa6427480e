/**
 * Rotating a bank's webhook secret (docs/operations.md). The new secret signs from now on; the one it
 * replaces is still accepted for an overlap, so the bank can switch its signer without one refused
 * push. Only two secrets are ever held: a rotation during an overlap ends the older one at once.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { Bank } from '../entities';
import { assertCityHrss } from '../auth/scope';
import { badInput, notFound } from '../domain/errors';
import { now as clockNow } from '../clock';
import { assertWebhookSecret } from './banks';
import type { ServiceContext } from './context';

export const DEFAULT_OVERLAP_HOURS = 24;
/** A month: longer, and a leaked old secret would stay good long after the bank switched. */
export const MAX_OVERLAP_HOURS = 30 * 24;

export interface WebhookSecretRotationInput {
  bankCode: string;
  /** the bank's new secret; absent: the hub generates one and answers it this once */
  newSecret?: string | null;
  /** how long the replaced secret stays accepted; 0 refuses it at once */
  overlapHours?: number | null;
}

export interface WebhookSecretRotation {
  bank: Bank;
  /** the secret the hub generated; null when the caller gave it */
  generatedSecret: string | null;
  rotatedAt: Date;
  previousSecretAcceptedUntil: Date | null;
}

export const generateWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

const keyBytes = (secret: string): Buffer => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

function sameKey(a: string, b: string): boolean {
  const [x, y] = [keyBytes(a), keyBytes(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** City HRSS only. The bank row is locked, so two rotations at once happen one after the other. */
export async function rotateBankWebhookSecret(
  ctx: ServiceContext,
  input: WebhookSecretRotationInput,
): Promise<WebhookSecretRotation> {
  assertCityHrss(ctx.caller, "rotate a bank's webhook secret");
  const overlapHours = input.overlapHours ?? DEFAULT_OVERLAP_HOURS;
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
    throw badInput('overlapHours', `must be a whole number of hours from 0 to ${MAX_OVERLAP_HOURS}`);
  }
  // The message never repeats the value: it is a secret, and errors are logged.
  if (input.newSecret != null) assertWebhookSecret(input.newSecret, 'newSecret');
  const bank = await ctx.em.findOne(Bank, { code: input.bankCode }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!bank) throw notFound(`bank ${input.bankCode}`);
  const generatedSecret = input.newSecret == null ? generateWebhookSecret() : null;
  const next = input.newSecret ?? generatedSecret!;
  if (sameKey(next, bank.webhookSecret)) {
    throw badInput('newSecret', "is the bank's current secret: a rotation needs a new one");
  }
  const rotatedAt = clockNow();
  const until = overlapHours > 0 ? new Date(rotatedAt.getTime() + overlapHours * 3_600_000) : null;
  bank.previousWebhookSecret = until ? bank.webhookSecret : null;
  bank.previousWebhookSecretUntil = until;
  bank.webhookSecret = next;
  bank.webhookSecretRotatedAt = rotatedAt;
  await ctx.em.flush();
  return { bank, generatedSecret, rotatedAt, previousSecretAcceptedUntil: until };
}

/** The secrets a push of this bank may be signed with at `now`: the current one first. */
export function acceptedWebhookSecrets(
  bank: Pick<Bank, 'webhookSecret' | 'previousWebhookSecret' | 'previousWebhookSecretUntil'>,
  now: Date,
): string[] {
  const secrets = [bank.webhookSecret];
  const until = bank.previousWebhookSecretUntil;
  if (bank.previousWebhookSecret && until && now.getTime() < until.getTime()) {
    secrets.push(bank.previousWebhookSecret);
  }
  return secrets;
}
