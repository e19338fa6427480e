import { MAX_MONEY_FEN } from '../../src/domain/money';
import { BadAmount, toMinorUnits } from '../xml/amount';
import type { CsvAmountUnit } from './layout';

/**
 * A CSV amount cell to signed integer fen, on the string alone (never a float). The layout says
 * whether thousands separators are allowed; when they are, only commas between groups of exactly
 * three digits are read ("1,234.50"), so "12,5" is refused rather than guessed as 12.5 or 125.
 * Throws BadAmount whose message is the reason in a few words, or empty when the cell is not a number.
 */
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

export function csvAmountToFen(cell: string, unit: CsvAmountUnit, thousandsSeparators: boolean): bigint {
  let s = cell.trim();
  if (s.includes(',')) {
    if (!thousandsSeparators) throw new BadAmount('this layout allows no thousands separators');
    if (!GROUPED.test(s)) throw new BadAmount('a comma that does not separate groups of three digits');
    s = s.replace(/,/g, '');
  }
  let fen: bigint;
  try {
    fen = toMinorUnits(s, unit);
  } catch (err) {
    if (!(err instanceof BadAmount)) throw err;
    if (/^[+-]?\d+\.\d+$/.test(s)) {
      throw new BadAmount(unit === 'fen' ? 'decimals, but the unit is fen' : 'more than two decimals');
    }
    throw new BadAmount('');
  }
  if ((fen < 0n ? -fen : fen) > MAX_MONEY_FEN) throw new BadAmount('larger than any amount the hub accepts');
  return fen;
}

/** "", "0", "0.00", "-0": a cell that says no money moved on this side */
export const isZeroOrEmpty = (cell: string): boolean => /^[+-]?0*(\.0*)?$/.test(cell.trim());
