/**
 * Per-caller rate limits: one caller cannot take the hub from the others. Each request counts
 * against every budget it falls in — its token's subject, its agency (organisation and district),
 * its bank's — and the first one spent answers 429 RATE_LIMITED with Retry-After. (Bank pushes are
 * counted after their signature is checked, in the push route: a count before it would let anyone
 * spend a bank's budget with unsigned posts.) A store that does not
 * answer lets the request through (logged): a limiter must never be what takes the hub down.
 */
import type { Caller } from '../../auth/caller';
import { verifyBearer } from '../../auth/tokens';
import type { JwtKeys } from '../../auth/jwt-keys';
import { safeErrorMessage } from '../../log-safe-error';
import type { RateLimitStore } from './rate-limit-store';
import { LeasedCounts } from './rate-limit-leases';
import { refuseWithPause } from './refusal-pause';
import { CALLER_LOCAL } from './agency';
import { answerJson, headerOf, type HubMiddleware, type HubResponse } from '../plain-http';
import { requestLogger } from '../request-log';

export interface RateLimits {
  /** requests a minute for one token subject */
  perSubject: number;
  /** requests a minute for one agency (all tokens of one organisation and district) or one bank */
  perAgency: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { perSubject: 600, perAgency: 3000 };
const MINUTE = 60_000;

interface Budget {
  key: string;
  limit: number;
  what: string;
}

/** The budgets a GraphQL caller's request counts against. */
export function callerBudgets(caller: Caller, limits: RateLimits): Budget[] {
  const budgets: Budget[] = [
    { key: `sub:${caller.org}:${caller.sub}`, limit: limits.perSubject, what: `token subject ${caller.sub}` },
    {
      key: `agency:${caller.org}:${caller.district}`,
      limit: limits.perAgency,
      what: `${caller.org} ${caller.district}`,
    },
  ];
  if (caller.bank)
    budgets.push({ key: `bank:${caller.bank}`, limit: limits.perAgency, what: `bank ${caller.bank}` });
  return budgets;
}

/** One set of hits in hand per store: the boards' and GraphQL's limiters spend the same budgets. */
const leased = new WeakMap<RateLimitStore, LeasedCounts>();
function leasedCountsOf(store: RateLimitStore): LeasedCounts {
  let counts = leased.get(store);
  if (!counts) leased.set(store, (counts = new LeasedCounts(store)));
  return counts;
}

async function spent(
  store: LeasedCounts,
  budgets: Budget[],
): Promise<{ budget: Budget; retryAfterS: number } | null> {
  const over = await store.hitUntilOver(budgets, MINUTE);
  if (!over) return null;
  return { budget: budgets[over.index], retryAfterS: Math.max(1, Math.ceil(over.resetInMs / 1000)) };
}

function refuse(res: HubResponse, over: { budget: Budget; retryAfterS: number }): void {
  const message = `rate limit: more than ${over.budget.limit} requests a minute for ${over.budget.what}; retry after ${over.retryAfterS} s`;
  res.setHeader('retry-after', String(over.retryAfterS));
  answerJson(res, 429, { errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] });
}

/**
 * For /graphql. The token is checked here too (HS256, microseconds), so a forged token cannot
 * spend someone else's budget; a request without a valid one goes on to its 401.
 */
export function graphqlRateLimit(
  store: RateLimitStore,
  limits: RateLimits,
  keys: string | JwtKeys,
  maxTokenLifetimeS: number,
): HubMiddleware {
  const counts = leasedCountsOf(store);
  return async (req, res, next) => {
    let caller: Caller;
    try {
      caller = verifyBearer(headerOf(req, 'authorization'), keys, maxTokenLifetimeS);
    } catch {
      return next();
    }
    res.locals[CALLER_LOCAL] = caller; // for admission's per-agency share
    try {
      const over = await spent(counts, callerBudgets(caller, limits));
      if (over) return refuseWithPause(res, over.budget.key, over.retryAfterS, () => refuse(res, over));
    } catch (err) {
      requestLogger(req)?.warn(
        { err: safeErrorMessage(err) },
        'rate limit store unavailable; request let through',
      );
    }
    next();
  };
}
