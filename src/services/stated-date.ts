import { todayInShanghai } from '../clock';
import { assertIsoDate } from '../domain/dates';
import { badInput } from '../domain/errors';

/**
 * The earliest date a case step, payment, decision or penalty may state. The hub records steps of
 * live cases; an earlier date is a typo, most often a two-digit year ('0026-12-01' for 2026), and
 * years before 1 AD are not even dates PostgreSQL stores.
 */
export const EARLIEST_STATED_DATE = '2000-01-01';

/**
 * A date the caller states for something that has already happened — a case's move, a payment, an
 * order's issue, a decision, a removal, a commitment received: a real date ('YYYY-MM-DD'), not
 * before EARLIEST_STATED_DATE and not after today in Asia/Shanghai (the hub's clock, or `today`
 * when the service was handed its own "now"). A future date would be a fact recorded before it
 * exists, and every later rule (deadlines, the listing clock) would count from it.
 * BAD_USER_INPUT naming `field`.
 */
export function assertStatedDate(
  value: unknown,
  field: string,
  today: string = todayInShanghai(),
): asserts value is string {
  assertIsoDate(value, field);
  if (value < EARLIEST_STATED_DATE) {
    throw badInput(field, `${value} is before ${EARLIEST_STATED_DATE}: check the year`);
  }
  if (value > today) {
    throw badInput(
      field,
      `${value} is after today (${today}, Asia/Shanghai): record a step once it has happened`,
    );
  }
}
