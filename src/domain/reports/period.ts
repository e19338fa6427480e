/**
 * A report's period: one calendar month ('YYYY-MM') in Asia/Shanghai. A month not yet over is
 * reported to date (through today), so an on-demand report mid-month says what is known so far.
 */
import { addDays, daysInMonth } from '../dates';
import { badInput } from '../errors';

export interface ReportPeriod {
  month: string;
  /** the month's first day */
  from: string;
  /** the month's last day, or today when the month is not over */
  through: string;
  /** the month is not over: the figures run to `through` */
  toDate: boolean;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function reportPeriod(month: string, today: string, field = 'period'): ReportPeriod {
  const m = MONTH.exec(month);
  if (!m) throw badInput(field, `${JSON.stringify(month)} is not a month (YYYY-MM)`);
  const year = Number(m[1]);
  if (year < 2000) throw badInput(field, 'must be in 2000 or later');
  const from = `${month}-01`;
  if (from > today) throw badInput(field, `${month} has not begun`);
  const last = `${month}-${String(daysInMonth(year, Number(m[2]))).padStart(2, '0')}`;
  return { month, from, through: last < today ? last : today, toDate: last >= today };
}

/** The month before the one `today` falls in: what the monthly job reports on its run date. */
export function previousMonth(today: string): string {
  return addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
}
