import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { formatMoney, parseMoney } from '../src/domain/money';
import { isValidIsoDate } from '../src/domain/dates';
import { InvalidInstant, parseInstant } from '../src/domain/instant';

const badValue = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * A scalar's refusal of a value written inline. Deliberately not a GraphQLError: graphql-js then
 * wraps it with the value's AST node, from which schema/inline-input-errors.ts names the field.
 */
export class ScalarRefusal extends Error {
  override name = 'ScalarRefusal';
}

const inline =
  <T>(parse: (value: unknown) => T) =>
  (ast: ValueNode): T => {
    try {
      return parse(ast.kind === Kind.STRING ? ast.value : Symbol('not a string literal'));
    } catch (err) {
      throw new ScalarRefusal((err as Error).message);
    }
  };

/** Yuan as a decimal string, at most two decimals; integer fen (bigint) inside. Never a float. */
export const MoneyScalar = new GraphQLScalarType<bigint, string>({
  name: 'Money',
  description: 'Yuan as a decimal string with at most two decimals, e.g. "500000.00"; output always has two.',
  serialize: (value) => {
    if (typeof value !== 'bigint') throw new TypeError('Money must be serialized from integer fen (bigint)');
    return formatMoney(value);
  },
  parseValue: (value) => parse(value),
  parseLiteral: inline(parse),
});

function parse(value: unknown): bigint {
  try {
    return parseMoney(value, 'Money');
  } catch (err) {
    throw badValue((err as Error).message);
  }
}

/** A calendar date, `YYYY-MM-DD`; the dates the law counts are Asia/Shanghai dates. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date YYYY-MM-DD (Asia/Shanghai).',
  serialize: (value) => String(value),
  parseValue: (value) => parseDate(value),
  parseLiteral: inline(parseDate),
});

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isValidIsoDate(value))
    throw badValue('Date must be a real date written YYYY-MM-DD');
  return value;
}

/** An instant, ISO 8601 with an offset (no offset would leave the time zone to a guess). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601 with an offset, e.g. 2026-03-05T10:15:00+08:00.',
  serialize: (value) => {
    if (!(value instanceof Date)) throw new TypeError('DateTime must be serialized from a Date');
    return value.toISOString();
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral: inline(parseDateTime),
});

/** Strict: 2026-02-30, T24:00, :60 and year 0000 are refused, never rolled over (src/domain/instant.ts). */
function parseDateTime(value: unknown): Date {
  const usage = 'DateTime must be ISO 8601 with an offset, e.g. 2026-03-05T10:15:00+08:00';
  if (typeof value !== 'string') throw badValue(usage);
  try {
    return parseInstant(value);
  } catch (err) {
    if (err instanceof InvalidInstant) throw badValue(`${usage}: ${err.message}`);
    throw err;
  }
}
