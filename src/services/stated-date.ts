import { todayInShanghai } from '../clock';
import { assertIsoDate } from '../domain/dates';
import { badInput } from '../domain/errors';

/**
 * A date the caller states for something that has already happened — a case's move, a payment, an
 * order's issue, a decision, a removal, a commitment received: a real date ('YYYY-MM-DD'), and not
 * after today in Asia/Shanghai (the hub's clock). A future date would be a fact recorded before
 * it exists, and every later rule (deadlines, the listing clock) would count from it.
 * BAD_USER_INPUT naming `field`.
 */
export function assertStatedDate(value: unknown, field: string): asserts value is string {
  assertIsoDate(value, field);
  const today = todayInShanghai();
  if (value > today) {
    throw badInput(
      field,
      `${value} is after today (${today}, Asia/Shanghai): record a step once it has happened`,
    );
  }
}
