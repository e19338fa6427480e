/**
 * CSV formula injection (OWASP "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is run as a formula by Excel, WPS and LibreOffice when a file holding it is
 * opened (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`). A bank statement's free text — counterparty
 * name and account, memo — is written by whoever sent the money, so the hub neutralises it before
 * it becomes part of the canonical event: a leading `'` makes spreadsheets show the text as text,
 * and anything exported later from the event (reports, notices, a CSV download) inherits that.
 *
 * The neutralised value differs from the bank's by that one leading character only, and only
 * when the value could have been a formula; `raw` keeps the row exactly as received (see index.ts).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string;
export function neutraliseFormula(value: string | null): string | null;
export function neutraliseFormula(value: string | null): string | null {
  return value !== null && FORMULA_START.test(value) ? `'${value}` : value;
}
