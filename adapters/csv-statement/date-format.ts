/**
 * The date formats a CSV layout names, e.g. `YYYY-MM-DD`, `YYYYMMDD`, `YYYY/MM/DD HH:mm:ss`,
 * `YYYY年M月D日`. Tokens: YYYY, MM or M (month), DD or D (day), HH or H (hour, 24h), mm, ss; any of
 * ` -/.:T_,年月日时分秒` between them is literal. The one-letter tokens take one or two digits, so
 * they need a literal on both sides (`YYYYMD` cannot be read).
 */
export class DateFormatError extends Error {
  override name = 'DateFormatError';
}

type Part = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';
export type DateParts = Record<Part, number>;

const TOKENS: readonly { token: string; part: Part; digits: string }[] = [
  { token: 'YYYY', part: 'year', digits: '\\d{4}' },
  { token: 'MM', part: 'month', digits: '\\d{2}' },
  { token: 'DD', part: 'day', digits: '\\d{2}' },
  { token: 'HH', part: 'hour', digits: '\\d{2}' },
  { token: 'mm', part: 'minute', digits: '\\d{2}' },
  { token: 'ss', part: 'second', digits: '\\d{2}' },
  { token: 'M', part: 'month', digits: '\\d{1,2}' },
  { token: 'D', part: 'day', digits: '\\d{1,2}' },
  { token: 'H', part: 'hour', digits: '\\d{1,2}' },
];
const LITERALS = new Set([...' -/.:T_,', '年', '月', '日', '时', '分', '秒']);
const DATE_PARTS: Part[] = ['year', 'month', 'day'];

export interface CompiledDateFormat {
  hasTime: boolean;
  /** the parts the value holds (missing ones are 0), or null when it does not have this format */
  read(value: string): Partial<DateParts> | null;
}

export function compileDateFormat(format: string, kind: 'date' | 'time'): CompiledDateFormat {
  const order: Part[] = [];
  let pattern = '';
  let previousWasToken = false;
  let variablePending = false; // the last token takes 1–2 digits: what follows must be a literal
  for (let i = 0; i < format.length;) {
    const t = TOKENS.find((c) => format.startsWith(c.token, i));
    if (t) {
      if (order.includes(t.part)) throw new DateFormatError(`"${t.token}" appears twice`);
      const variable = t.token.length === 1;
      if (previousWasToken && (variable || variablePending)) {
        throw new DateFormatError(
          `"${t.token}" right after another number cannot be read; put a separator between`,
        );
      }
      order.push(t.part);
      pattern += `(${t.digits})`;
      previousWasToken = true;
      variablePending = variable;
      i += t.token.length;
      continue;
    }
    const ch = format[i];
    if (!LITERALS.has(ch)) {
      throw new DateFormatError(
        `"${ch}" is not a token or separator; use YYYY MM DD HH mm ss (M D H for unpadded)`,
      );
    }
    pattern += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    previousWasToken = false;
    variablePending = false;
    i += 1;
  }
  const has = (p: Part) => order.includes(p);
  const hasTime = has('hour');
  if (kind === 'date' && !DATE_PARTS.every(has))
    throw new DateFormatError('needs YYYY, MM (or M) and DD (or D)');
  if (kind === 'time' && DATE_PARTS.some(has)) throw new DateFormatError('a time format has no date tokens');
  if (kind === 'time' && !hasTime) throw new DateFormatError('needs HH (or H) and mm');
  if (hasTime !== has('minute')) throw new DateFormatError('HH and mm go together');
  if (has('second') && !hasTime) throw new DateFormatError('ss needs HH and mm');
  const regex = new RegExp(`^${pattern}$`);
  return {
    hasTime,
    read(value) {
      const m = regex.exec(value);
      if (!m) return null;
      const parts: Partial<DateParts> = {};
      for (let i = 0; i < order.length; i += 1) parts[order[i]] = Number(m[i + 1]);
      return parts;
    },
  };
}
